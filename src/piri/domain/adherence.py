"""Adherence: sessions done against the weekly target, counted in the patient's own days.

Weeks start on Monday. "Today" is the patient's local date, passed in by the caller.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class WeekTally:
    start: date
    done: int
    target: int
    is_current: bool = False

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def met(self) -> bool:
        return self.done >= self.target

    @property
    def ratio(self) -> float:
        return min(self.done / self.target, 1.0) if self.target else 1.0


def weekly_tallies(
    session_days: Iterable[date], *, today: date, target: int, weeks: int = 8
) -> list[WeekTally]:
    """The last ``weeks`` weeks, oldest first, the current (partial) week last."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    if target < 1:
        raise ValueError("target must be at least 1")
    per_week = Counter(week_start(day) for day in session_days if day <= today)
    current = week_start(today)
    starts = [current - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    return [
        WeekTally(start=s, done=per_week.get(s, 0), target=target, is_current=s == current)
        for s in starts
    ]


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


def rolling_adherence(session_days: Iterable[date], *, today: date, target: int) -> float:
    """Sessions done in the last seven days (today included) divided by those planned."""
    if target < 1:
        raise ValueError("target must be at least 1")
    first = today - timedelta(days=6)
    done = sum(1 for day in session_days if first <= day <= today)
    return done / target
