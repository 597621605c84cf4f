"""The period a progress chart covers, and how its days are grouped.

A ``Window`` runs from a Monday to the patient's "today" (their local date, passed in by the
caller). Up to 16 weeks are drawn day by day; longer windows are downsampled into buckets of
7 days (up to ``MAX_BUCKETS`` of them) or 28 days, each bucket starting on a Monday, so that
two years of daily check-ins still draw as about a hundred points.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from statistics import fmean
from typing import TypeVar

from piri.domain.adherence import week_start

DAILY_MAX_WEEKS = 16
MAX_BUCKETS = 120
MIN_WEEKS = 4  # "all" for a patient who started days ago still draws four weeks

T = TypeVar("T")
R = TypeVar("R")


class Span(StrEnum):
    """The choices offered on the page (``?span=``)."""

    WEEKS_4 = "4w"
    WEEKS_12 = "12w"
    YEAR = "1y"
    ALL = "all"

    @classmethod
    def parse(cls, value: str | None) -> Span:
        """The span a query parameter names; the default for anything else."""
        try:
            return cls(value or DEFAULT_SPAN)
        except ValueError:
            return DEFAULT_SPAN

    @property
    def weeks(self) -> int | None:
        """Calendar weeks covered, the current one included; ``None`` for everything."""
        return {"4w": 4, "12w": 12, "1y": 52}.get(self.value)


DEFAULT_SPAN = Span.WEEKS_12


@dataclass(frozen=True, slots=True)
class Bucket:
    start: date
    days: int

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days - 1)


@dataclass(frozen=True, slots=True)
class Window:
    start: date  # a Monday
    end: date  # the patient's today
    bucket_days: int  # 1 (day by day), 7 (weekly means) or 28

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def weeks(self) -> int:
        return (self.days + 6) // 7

    @property
    def daily(self) -> bool:
        return self.bucket_days == 1

    @property
    def size(self) -> int:
        """How many buckets: the last one may be cut short by today."""
        return (self.days + self.bucket_days - 1) // self.bucket_days

    def buckets(self) -> tuple[Bucket, ...]:
        return _buckets(self.start, self.days, self.bucket_days)

    def index(self, day: date) -> int | None:
        """The bucket a day falls in, or ``None`` outside the window."""
        if not self.start <= day <= self.end:
            return None
        return (day - self.start).days // self.bucket_days

    def since(self, day: date | None) -> Window:
        """The window from ``day``'s week on when that is later (nothing was planned or
        recorded before it, so nothing before it is drawn as missing), grouped as chosen."""
        if day is None or week_start(day) <= self.start:
            return self
        return Window(week_start(min(day, self.end)), self.end, self.bucket_days)

    def at_least_weekly(self) -> Window:
        """The same period in buckets of a week or more (weekly measures)."""
        return Window(self.start, self.end, max(self.bucket_days, 7))


@lru_cache(maxsize=64)
def _buckets(start: date, days: int, step: int) -> tuple[Bucket, ...]:
    """Every chart of a page asks for the same buckets: made once."""
    return tuple(
        Bucket(start + timedelta(days=i * step), min(step, days - i * step))
        for i in range((days + step - 1) // step)
    )


def window_for(span: Span, *, today: date, first_day: date | None = None) -> Window:
    """The window a span shows on ``today``; ``first_day`` (the first thing recorded) sets
    where "all" begins."""
    this_week = week_start(today)
    weeks = span.weeks
    if weeks is None:
        earliest = week_start(min(first_day or today, today))
        weeks = max(MIN_WEEKS, (this_week - earliest).days // 7 + 1)
    start = this_week - timedelta(weeks=weeks - 1)
    if weeks <= DAILY_MAX_WEEKS:
        bucket_days = 1
    elif weeks <= MAX_BUCKETS:
        bucket_days = 7
    else:
        bucket_days = 28
    return Window(start, today, bucket_days)


def group(values: Mapping[date, T], window: Window) -> list[list[T]]:
    """The values of each bucket (in day order), for every bucket of the window."""
    grouped: list[list[T]] = [[] for _ in range(window.size)]
    for day in sorted(values):
        i = window.index(day)
        if i is not None:
            grouped[i].append(values[day])
    return grouped


def reduce_buckets(
    values: Mapping[date, T], window: Window, reduce: Callable[[list[T]], R]
) -> list[R | None]:
    """One value per bucket: ``reduce`` of its values, ``None`` for an empty bucket."""
    return [reduce(items) if items else None for items in group(values, window)]


def mean_per_bucket(values: Mapping[date, float], window: Window) -> list[float | None]:
    return reduce_buckets(values, window, fmean)


def first_day(*days: Iterable[date]) -> date | None:
    """The earliest of several collections of days (``None`` when all are empty)."""
    return min((d for collection in days for d in collection), default=None)
