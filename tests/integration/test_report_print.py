"""What the PDF report leaves out to lay out fast (docs/performance.md): the tables behind
the charts (the web page keeps them; the data export has the figures), and on a line of
many weekly points, the dots a line already passes through."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from piri.accounts.models import Patient
from piri.demo_history import fill_history
from piri.program.services.plans import plan_for
from piri.program.services.protocol import active_protocol
from piri.reports.pdf import report_data, report_html

DAYS = 320  # 46 weekly points on the charts: more than line.DENSE


def test_the_report_leaves_out_the_chart_tables_and_the_dots_on_the_line(
    patient: Patient, patient_client: Client
) -> None:
    now = timezone.now()
    start = now - timedelta(days=DAYS)
    Patient.objects.filter(pk=patient.pk).update(onboarded_at=start - timedelta(days=1))
    patient.refresh_from_db()
    plan = plan_for(patient, protocol=active_protocol())
    assert plan is not None
    fill_history(patient, plan, start=start, days=DAYS)
    html = report_html(patient, report_data(patient, now=now))
    assert "Progress charts" in html and 'class="points"' in html
    assert "chart-data" not in html and "chart-table" not in html
    dots = html.count("a2.5,2.5") // 2  # the lines' dots, two arcs each
    assert dots < 10, dots  # the lone points only, not one a week
    page = patient_client.get("/progress/", {"span": "all"}).content.decode()
    assert "chart-data" in page and page.count("a2.5,2.5") // 2 > DAYS // 7
