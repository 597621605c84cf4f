"""Timestamps in the exports: ISO 8601 in UTC (``Z``) and in the patient's own time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utc_iso(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def local_iso(moment: datetime | None, zone: ZoneInfo) -> str:
    """The moment on the patient's clock, with its offset: 2026-03-01T08:30:00+00:00."""
    return "" if moment is None else moment.astimezone(zone).isoformat(timespec="seconds")


def day_iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()
