"""The data export as a ZIP of CSV files, one per table, streamed as it is written.

Columns are listed in ``TABLES`` (and in docs/report.md). Days are the patient's own dates;
every moment is given twice, on the patient's clock (``*_local``, ISO 8601 with its offset)
and in UTC (``*_utc``). Text that a spreadsheet would read as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with ``'``. Lists are
joined with ``"; "``. Yes/no values are ``true`` / ``false``; whole numbers are written without
a decimal point; empty means not recorded.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from piri.accounts.models import Patient
from piri.export_cells import cell, day_iso, local_iso, utc_iso
from piri.program.models import (
    CheckAnswer,
    CheckIn,
    DoseChange,
    ExerciseSession,
    MeasureResponse,
    Screening,
    StepResult,
    WeeklyCheck,
)
from piri.reports.safety_rows import reviewer_name

FLUSH_BYTES = 64 * 1024
Row = list[Any]


def _joined(values: Iterable[Any] | None) -> str:
    return "; ".join(str(v) for v in values or [])


def _sessions(patient: Patient, zone: ZoneInfo) -> Iterator[Row]:
    fields: tuple[str, ...] = ("id", "client_id", "local_date", "started_at", "ended_at")
    fields += ("completed",)
    fields += ("end_pain", "helped_most", "plan_id", "received_at")
    rows = ExerciseSession.objects.filter(patient=patient).order_by("started_at", "id")
    for sid, client, day, start, end, done, pain, helped, plan, received in rows.values_list(
        *fields
    ).iterator(chunk_size=2000):
        yield [
            sid, client, day_iso(day), local_iso(start, zone), utc_iso(start),
            local_iso(end, zone), utc_iso(end), round((end - start).total_seconds()),
            done, pain, helped, plan, utc_iso(received),
        ]  # fmt: skip


def _steps(patient: Patient, zone: ZoneInfo) -> Iterator[Row]:
    rows = StepResult.objects.filter(session__patient=patient).order_by(
        "session__started_at", "session_id", "position"
    )
    fields = ("session_id", "session__local_date", "position", "step_id", "status", "seconds")
    for sid, day, position, step, status, seconds in rows.values_list(*fields).iterator(
        chunk_size=5000
    ):
        yield [sid, day_iso(day), position, step, status, seconds]


def _checks(patient: Patient, zone: ZoneInfo) -> Iterator[Row]:
    rows = CheckAnswer.objects.filter(session__patient=patient).order_by(
        "session__started_at", "session_id", "position"
    )
    fields: tuple[str, ...] = ("session_id", "session__local_date", "position", "step_id")
    fields += ("change", "extent")
    fields += ("pain", "action", "answered_at")
    for sid, day, position, step, change, extent, pain, action, at in rows.values_list(
        *fields
    ).iterator(chunk_size=5000):
        yield [
            sid, day_iso(day), position, step, change, extent, pain, action,
            local_iso(at, zone), utc_iso(at),
        ]  # fmt: skip


def _checkins(patient: Patient, zone: ZoneInfo) -> Iterator[Row]:
    for c in CheckIn.objects.filter(patient=patient).order_by("day").iterator(chunk_size=2000):
        yield [
            day_iso(c.day), c.pain_now, c.pain_average, c.next_morning, c.new_stiffness,
            c.extent, c.new_numbness_or_weakness, c.stops_activities, c.change, c.worse,
            c.sitting_minutes, None if c.triggers is None else _joined(c.triggers),
            utc_iso(c.created_at), utc_iso(c.updated_at),
        ]  # fmt: skip


def _measures(patient: Patient, zone: ZoneInfo) -> Iterator[Row]:
    rows = MeasureResponse.objects.filter(patient=patient).order_by("week_start", "instrument")
    for m in rows.iterator(chunk_size=1000):
        start = [m.instrument, day_iso(m.week_start), day_iso(m.day)]
        end = [m.catalog_version, utc_iso(m.updated_at)]
        for item, value in (m.answers or {}).items():
            yield [*start, "answer", item, value, (m.labels or {}).get(item, ""), *end]
        for score, value in (m.scores or {}).items():
            yield [*start, "score", score, value, "", *end]


def _weekly_checks(patient: Patient, zone: ZoneInfo) -> Iterator[Row]:
    for w in WeeklyCheck.objects.filter(patient=patient).order_by("week_start"):
        yield [day_iso(w.week_start), day_iso(w.day), w.change, utc_iso(w.updated_at)]


def _screenings(patient: Patient, zone: ZoneInfo) -> Iterator[Row]:
    reviews = list(patient.reviews.select_related("reviewer").order_by("created_at", "id"))
    for s in Screening.objects.filter(patient=patient).order_by("created_at", "id"):
        raised = s.tier != "C"  # an all-clear needs no review
        review = next((r for r in reviews if r.created_at > s.created_at), None) if raised else None
        at = review.created_at if review else None
        yield [
            s.id, local_iso(s.created_at, zone), utc_iso(s.created_at), s.kind, s.tier,
            _joined(s.reasons), s.note,
            _joined(f"{key}={value}" for key, value in (s.answers or {}).items()),
            s.policy_version, reviewer_name(review) if review else "", local_iso(at, zone),
            utc_iso(at),
        ]  # fmt: skip


def _dose_changes(patient: Patient, zone: ZoneInfo) -> Iterator[Row]:
    for d in DoseChange.objects.filter(patient=patient).order_by("created_at", "id"):
        yield [
            local_iso(d.created_at, zone), utc_iso(d.created_at), d.item, d.field, d.old,
            d.new, d.reason, d.source, d.prescription_id, utc_iso(d.seen_at), d.kind, d.cause,
        ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: Callable[[Patient, ZoneInfo], Iterator[Row]]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"


def _columns(text: str) -> tuple[str, ...]:
    return tuple(text.split())


TABLES = (
    Table("sessions", _columns(
        "session_id client_id local_date started_at_local started_at_utc ended_at_local "
        "ended_at_utc duration_s completed end_pain helped_most plan_id received_at_utc"
    ), _sessions),
    Table("steps", _columns("session_id local_date position step_id status seconds"), _steps),
    Table("check_answers", _columns(
        "session_id local_date position step_id change extent pain action answered_at_local "
        "answered_at_utc"
    ), _checks),
    Table("checkins", _columns(
        "day pain_now pain_average next_morning new_stiffness extent new_numbness_or_weakness "
        "stops_activities change worse sitting_minutes triggers created_at_utc updated_at_utc"
    ), _checkins),
    Table("measures", _columns(
        "instrument week_start day kind id value label catalog_version updated_at_utc"
    ), _measures),
    Table("weekly_checks", _columns("week_start day change updated_at_utc"), _weekly_checks),
    Table("screenings", _columns(
        "screening_id created_at_local created_at_utc kind tier reasons note answers "
        "policy_version reviewed_by reviewed_at_local reviewed_at_utc"
    ), _screenings),
    Table("dose_changes", _columns(
        "created_at_local created_at_utc item field old new reason source prescription_id "
        "seen_at_utc kind cause"
    ), _dose_changes),
)  # fmt: skip


class _Pipe:
    """A write-only, unseekable file for ``zipfile``: what was written is taken in chunks."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._size = 0
        self._written = 0

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self._size += len(data)
        self._written += len(data)
        return len(data)

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None

    @property
    def pending(self) -> int:
        return self._size

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        self._size = 0
        return data


def _encoded(rows: Iterable[Row]) -> Iterator[bytes]:
    """CSV text in UTF-8, in blocks of about ``FLUSH_BYTES`` (the header row is ours: it goes
    through ``cell`` like the rest, and none of our column names needs a prefix)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell(value) for value in row])
        if buffer.tell() >= FLUSH_BYTES:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def csv_zip(
    patient: Patient,
    *,
    now: datetime,
    on_table: Callable[[str], None] | None = None,
) -> Iterator[bytes]:
    """The ZIP, chunk by chunk; ``on_table`` hears the name of each table as it starts."""
    zone = patient.zone
    stamp = timezone.localtime(now, zone).timetuple()[:6]
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            if on_table is not None:
                on_table(table.name)
            info = zipfile.ZipInfo(table.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as entry:
                for block in _encoded(chain([list(table.columns)], table.rows(patient, zone))):
                    entry.write(block)
                    if pipe.pending >= FLUSH_BYTES:
                        yield pipe.take()
            yield pipe.take()
    yield pipe.take()
