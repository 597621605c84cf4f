"""Adherence over a span of days (the report's "last 4 weeks" and "since the start").

The weekly target is spread evenly over the days: a span of ``n`` days plans
``target x n / 7`` sessions (a whole-week span plans exactly ``target`` a week). Days are the
patient's own dates; the span is inclusive at both ends.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class SpanAdherence:
    first: date
    last: date
    done: int
    planned: float

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def planned_sessions(self) -> int:
        """The plan rounded to whole sessions, at least one."""
        return max(1, round(self.planned))

    @property
    def ratio(self) -> float:
        """Done over planned (above 1 when more was done than planned)."""
        return self.done / self.planned if self.planned > 0 else 0.0

    @property
    def percent(self) -> int:
        return round(self.ratio * 100)


def span_adherence(
    session_days: Iterable[date], *, first: date, last: date, target: int
) -> SpanAdherence:
    """Sessions on ``first``..``last`` against ``target`` a week spread over those days."""
    if target < 1:
        raise ValueError("target must be at least 1")
    if last < first:
        raise ValueError("the span ends before it starts")
    done = sum(1 for day in session_days if first <= day <= last)
    days = (last - first).days + 1
    return SpanAdherence(first=first, last=last, done=done, planned=target * days / 7)
