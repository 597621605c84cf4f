"""The PDF report: page one (``summary``, with "what works for me" from ``services.insights``),
the progress charts (``services.progress``, drawn by the /progress/ page's chart templates) and
the session log, laid out by WeasyPrint with the print stylesheet beside this module.

``render_pdf`` reports each stage it starts to ``on_step`` (the CLI turns them into a progress
bar). WeasyPrint may fetch nothing but ``data:`` URLs: the report is built from the database
alone, so patient text can never make the server fetch anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from piri.accounts.models import Patient
from piri.charts import Span
from piri.program.insight_views import page_context
from piri.program.services.insights import insights_for
from piri.program.services.progress import Progress, progress_for
from piri.program.services.protocol import active_policy, active_protocol
from piri.protocols import builtin_measures
from piri.reports.session_log import SessionLog, session_log
from piri.reports.summary import ReportSummary, build_summary

STYLESHEET = Path(__file__).resolve().parent / "print.css"
TEMPLATE = "piri/report/report.html"
CHART_SPAN = Span.ALL  # the charts cover the whole program (long ones in weekly points)
# The stages render_pdf goes through, in order (one on_step call each).
STEPS = ("insights", "summary", "charts", "log", "html", "layout", "write")

StepHook = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class ReportData:
    summary: ReportSummary
    log: SessionLog
    progress: Progress | None = None  # the charts (None: none drawn)


def _no_step(_step: str) -> None:
    return None


def report_data(patient: Patient, *, now: datetime, on_step: StepHook = _no_step) -> ReportData:
    protocol = active_protocol()
    on_step("insights")
    insights = page_context(insights_for(patient, now=now, protocol=protocol))
    on_step("summary")
    summary = build_summary(
        patient,
        protocol=protocol,
        policy=active_policy(),
        catalog=builtin_measures(),
        now=now,
        insights=insights,
    )
    on_step("charts")
    progress = progress_for(patient, span=CHART_SPAN, now=now)
    on_step("log")
    log = session_log(
        patient,
        today=summary.today,
        protocol=protocol,
        policy=active_policy(),
        started=summary.started,
    )
    return ReportData(summary=summary, log=log, progress=progress)


def report_html(patient: Patient, data: ReportData) -> str:
    """The report as HTML, every date and time in the patient's zone."""
    context = {
        "summary": data.summary,
        "log": data.log,
        "progress": data.progress,
        "insights": data.summary.insights,
        "title": _("Piri report: %(name)s") % {"name": data.summary.patient_name},
    }
    with timezone.override(patient.zone):
        return render_to_string(TEMPLATE, context)


def render_pdf(patient: Patient, *, now: datetime, on_step: StepHook = _no_step) -> bytes:
    data = report_data(patient, now=now, on_step=on_step)
    on_step("html")
    html = report_html(patient, data)
    on_step("layout")
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render(
        stylesheets=[CSS(filename=str(STYLESHEET))]
    )
    on_step("write")
    pdf = document.write_pdf()
    assert pdf is not None  # written to memory, never to a target
    return pdf
