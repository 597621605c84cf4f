"""How a value is written into an export: CSV cells that are safe to open in a spreadsheet,
and moments in ISO 8601, in UTC (``Z``) and on the patient's own clock.

A small bottom module: the patient's data export (``piri.reports``) and the access-log CSV
(``piri.accounts``) both write cells and time stamps, and neither may import the other.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

# A cell starting with one of these is read as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A value as written to a CSV cell, safe to open in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 7, not 7.0
    return value


def utc_iso(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def local_iso(moment: datetime | None, zone: ZoneInfo) -> str:
    """The moment on the patient's clock, with its offset: 2026-03-01T08:30:00+00:00."""
    return "" if moment is None else moment.astimezone(zone).isoformat(timespec="seconds")


def day_iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()
