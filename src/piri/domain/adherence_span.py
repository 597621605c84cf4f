"""Adherence over a span of days: the one definition every page, report and summary uses.

The weekly target is spread evenly over the days: a span of ``n`` days plans
``target x n / 7`` sessions, rounded half up to whole sessions and at least one (a whole week
plans exactly ``target``). Days before the program's start (``started``) are never counted:
on day one the span is that one day. Sessions beyond the plan are counted apart as *extra*,
so the percentage never goes over 100. Days are the patient's own dates; the span is
inclusive at both ends.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


def planned_sessions(target: int, days: int) -> int:
    """Whole sessions a weekly ``target`` plans over ``days`` days (at least one)."""
    if target < 1:
        raise ValueError("target must be at least 1")
    return max(1, math.floor(target * days / 7 + 0.5))


@dataclass(frozen=True, slots=True)
class SpanAdherence:
    first: date  # the first day counted: never before the program's start
    last: date
    done: int
    planned: int  # whole sessions, at least one
    from_start: bool = False  # the span was cut short by the program's start

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def planned_sessions(self) -> int:
        return self.planned

    @property
    def counted(self) -> int:
        """Sessions that count toward the plan (at most the plan)."""
        return min(self.done, self.planned)

    @property
    def extra(self) -> int:
        """Sessions beyond the plan."""
        return max(0, self.done - self.planned)

    @property
    def ratio(self) -> float:
        """Done over planned, at most 1 (the extra sessions are ``extra``)."""
        return self.counted / self.planned

    @property
    def percent(self) -> int:
        return math.floor(self.ratio * 100 + 0.5)

    @property
    def met(self) -> bool:
        return self.done >= self.planned


def span_adherence(
    session_days: Iterable[date],
    *,
    first: date,
    last: date,
    target: int,
    started: date | None = None,
) -> SpanAdherence | None:
    """Sessions on ``first``..``last`` against ``target`` a week spread over those days, the
    days before ``started`` (the program's first day) left out. ``None`` when the program
    had not started by ``last``."""
    if last < first:
        raise ValueError("the span ends before it starts")
    if started is not None and started > last:
        return None
    counted_from = max(first, started) if started is not None else first
    done = sum(1 for day in session_days if counted_from <= day <= last)
    days = (last - counted_from).days + 1
    return SpanAdherence(
        first=counted_from,
        last=last,
        done=done,
        planned=planned_sessions(target, days),
        from_start=counted_from > first,
    )


def last_days(
    session_days: Iterable[date],
    *,
    today: date,
    days: int,
    target: int,
    started: date | None = None,
) -> SpanAdherence | None:
    """The last ``days`` days up to ``today`` (today included), from the start at most."""
    if days < 1:
        raise ValueError("days must be at least 1")
    first = today - timedelta(days=days - 1)
    return span_adherence(session_days, first=first, last=today, target=target, started=started)
