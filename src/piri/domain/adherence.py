"""Adherence week by week: sessions done against the weekly target, in the patient's own days.

Weeks start on Monday. "Today" is the patient's local date, passed in by the caller. Weeks
before the program's start (``started``) are not counted at all: a person is never shown
as having missed the weeks before they signed up. The week the program starts in plans
only the days from the start (``adherence_span.planned_sessions``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from piri.domain.adherence_span import planned_sessions


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class WeekTally:
    start: date
    done: int
    target: int  # sessions planned this week: the weekly aim, less in the start week
    is_current: bool = False
    first_day: date | None = None  # the program started on this day, inside this week

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def met(self) -> bool:
        return self.done >= self.target

    @property
    def ratio(self) -> float:
        return min(self.done / self.target, 1.0) if self.target else 1.0

    @property
    def extra(self) -> int:
        """Sessions done beyond the plan (shown as extra, never as a percentage over 100)."""
        return max(0, self.done - self.target)


def weekly_tallies(
    session_days: Iterable[date],
    *,
    today: date,
    target: int,
    weeks: int = 8,
    started: date | None = None,
) -> list[WeekTally]:
    """The last ``weeks`` weeks, oldest first, the current (partial) week last. With
    ``started`` (the program's first day), weeks before it are left out and the start week
    plans only its days from the start."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    if target < 1:
        raise ValueError("target must be at least 1")
    per_week = Counter(week_start(day) for day in session_days if day <= today)
    current = week_start(today)
    starts = [current - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    first = min(started, today) if started is not None else None
    if first is not None:
        starts = [s for s in starts if s >= week_start(first)]
    tallies = []
    for s in starts:
        from_day = None
        if first is not None and s == week_start(first) and first > s:
            from_day = first  # the start week: only its days from the start are planned
        planned = target if from_day is None else planned_sessions(target, 7 - from_day.weekday())
        tallies.append(
            WeekTally(
                start=s,
                done=per_week.get(s, 0),
                target=planned,
                is_current=s == current,
                first_day=from_day,
            )
        )
    return tallies


def streak_weeks(tallies: list[WeekTally]) -> int:
    """Weeks in a row that met the target, ending with the current week (or the one before it,
    while the current week is still open and not yet met)."""
    count = 0
    for tally in reversed(tallies):
        if tally.met:
            count += 1
        elif tally.is_current:
            continue
        else:
            break
    return count
