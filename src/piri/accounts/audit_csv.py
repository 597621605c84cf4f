"""The audit log as CSV: a patient's own access log, and a clinic's log for its admin.

Cells go through ``piri.export_cells.cell``, so text a spreadsheet would take for a
formula (a name or a path starting with ``=``, ``+``, ``-``, ``@``…) is prefixed with ``'``.
Moments are ISO 8601: in UTC (``*_utc``) and, for the patient, on their own clock too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

from piri.accounts.audit import shown_patient, with_shown_names
from piri.accounts.models import AuditEvent
from piri.export_cells import cell, local_iso, utc_iso

PATIENT_COLUMNS = ("at_local", "at_utc", "who", "clinic", "action", "what", "from_ip")
CLINIC_COLUMNS = (
    "at_utc", "who", "action", "what", "patient", "clinic", "method", "path", "ip", "user_agent"
)  # fmt: skip
CHUNK = 2000


def _clinic_name(event: AuditEvent) -> str:
    return event.clinic.name if event.clinic_id and event.clinic else ""


def patient_rows(events: QuerySet[AuditEvent], zone: ZoneInfo) -> Iterator[list[Any]]:
    for e in events.select_related("clinic").iterator(chunk_size=CHUNK):
        yield [
            local_iso(e.at, zone), utc_iso(e.at), e.actor_name, _clinic_name(e),
            e.get_action_display(), e.what, e.ip,
        ]  # fmt: skip


def clinic_rows(events: QuerySet[AuditEvent]) -> Iterator[list[Any]]:
    """A clinic's rows; a patient who left Piri is named by their pseudonym (decision 0017)."""
    for e in with_shown_names(events).select_related("clinic").iterator(chunk_size=CHUNK):
        yield [
            utc_iso(e.at), e.actor_name, e.action, e.what, shown_patient(e), _clinic_name(e),
            e.method, e.path, e.ip, e.user_agent,
        ]  # fmt: skip


def _lines(columns: Iterable[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(list(columns))
    for number, row in enumerate(rows, start=1):
        writer.writerow([cell(value) for value in row])
        if number % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_response(
    filename: str, columns: Iterable[str], rows: Iterable[list[Any]]
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (text.encode() for text in _lines(columns, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    response["Cache-Control"] = "no-store"
    return response
