"""The three downloads of a patient's record (the PDF report, the CSV ZIP, the JSON export):
their file names and content types, and how each is made, for the web views and the CLI."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from piri.accounts.models import Patient
from piri.program.services.adaptation import program_now
from piri.program.services.protocol import active_policy, active_protocol
from piri.reports.export_csv import TABLES, csv_zip
from piri.reports.export_json import SECTIONS, export_json
from piri.reports.pdf import STEPS, render_pdf

StepHook = Callable[[str], None]


def _quiet(_step: str) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Download:
    key: str  # "pdf", "csv" or "json": the CLI's --format
    stem: str  # what the file holds: "report" or "data"
    extension: str
    content_type: str
    steps: tuple[str, ...]  # the stages ``make`` reports, in order

    def filename(self, patient: Patient, day: date) -> str:
        """``piri-report-alex-2026-03-01.pdf``: who, and the patient's date it was made."""
        who = re.sub(r"[^A-Za-z0-9_-]+", "-", patient.user.get_username()).strip("-") or "patient"
        return f"piri-{self.stem}-{who}-{day.isoformat()}.{self.extension}"

    def chunks(
        self, patient: Patient, *, now: datetime, on_step: StepHook | None = None
    ) -> Iterator[bytes]:
        """The file's bytes, in chunks (the CSV ZIP streams; the others come whole)."""
        if self.key == "csv":
            # the program brought up to date, as every page shows it (the JSON export's
            # "now" section and the report do it themselves)
            program_now(patient, protocol=active_protocol(), policy=active_policy(), now=now)
            yield from csv_zip(patient, now=now, on_table=on_step)
        elif self.key == "json":
            yield export_json(patient, now=now, on_section=on_step)
        else:
            yield render_pdf(patient, now=now, on_step=on_step or _quiet)


PDF = Download("pdf", "report", "pdf", "application/pdf", STEPS)
CSV = Download("csv", "data", "csv.zip", "application/zip", tuple(t.name for t in TABLES))
JSON = Download("json", "data", "json", "application/json", SECTIONS)
FORMATS = {d.key: d for d in (PDF, CSV, JSON)}
