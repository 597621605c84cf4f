"""Plot frames, value scales and axis ticks, in SVG user units.

Charts are drawn about 320 units wide so that, scaled to a 360 px phone, a 12-unit label
reads at about 11-12 px; the stylesheet caps their width on larger screens.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from piri.charts.span import Window

WIDTH = 320
FONT = 12


def r1(value: float) -> float:
    """One decimal: enough for SVG coordinates, short in the page."""
    return round(value, 1)


@dataclass(frozen=True, slots=True)
class Frame:
    """The drawing (``width`` x ``height``) and, inside it, the plot area."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int

    @property
    def x0(self) -> int:
        return self.left

    @property
    def x1(self) -> int:
        return self.width - self.right

    @property
    def y0(self) -> int:
        return self.top

    @property
    def y1(self) -> int:
        return self.height - self.bottom

    @property
    def plot_width(self) -> int:
        return self.x1 - self.x0

    @property
    def plot_height(self) -> int:
        return self.y1 - self.y0


@dataclass(frozen=True, slots=True)
class LinearScale:
    """Values ``low``..``high`` drawn from the bottom of the plot (``y1``) up to ``y0``."""

    low: float
    high: float
    y0: float
    y1: float

    def y(self, value: float) -> float:
        clamped = min(max(value, self.low), self.high)
        return r1(self.y1 - (clamped - self.low) / (self.high - self.low) * (self.y1 - self.y0))


@dataclass(frozen=True, slots=True)
class YTick:
    y: float
    value: float


def y_ticks(scale: LinearScale, step: float) -> tuple[YTick, ...]:
    count = round((scale.high - scale.low) / step)
    values = [scale.low + i * step for i in range(count + 1)]
    return tuple(YTick(scale.y(v), v) for v in values)


def nice_top(largest: float, *, at_least: float, steps: tuple[float, ...]) -> tuple[float, float]:
    """A top of the scale at or above ``largest`` (and ``at_least``), with the smallest tick
    step of ``steps`` that gives at most five intervals: ``(top, step)``."""
    want = max(largest, at_least)
    for step in steps:
        top = step * math.ceil(want / step)
        if top / step <= 5:
            return top, step
    step = steps[-1] * math.ceil(want / 5 / steps[-1])
    return step * math.ceil(want / step), step


class Label(StrEnum):
    """What a tick's line of text shows (the template formats the date)."""

    DAY = "day"  # 13
    MONTH = "month"  # Jan
    YEAR = "year"  # 2025
    NONE = ""


@dataclass(frozen=True, slots=True)
class XTick:
    x: float
    day: date
    top: Label
    bottom: Label


def bucket_x(frame: Frame, window: Window, index: int) -> float:
    """The middle of a bucket along the plot."""
    return r1(frame.x0 + (index + 0.5) * frame.plot_width / window.size)


MONTH_GAP = 30  # a month name needs more room than a day number
BOTTOM_GAP = 36  # between two labels of the second line (month under days, year under months)


def x_ticks(frame: Frame, window: Window, *, min_gap: float = 22) -> tuple[XTick, ...]:
    """Date ticks along the bottom: Mondays (day numbers, month under the first of each
    month) when drawn day by day, else month starts (month names, the year under the first
    tick of each year); thinned so labels never touch. When two second-line
    labels would touch, the later one (the new month or year) is kept."""
    buckets = window.buckets()
    if window.daily:
        candidates = [i for i in range(len(buckets)) if buckets[i].start.weekday() == 0]
    else:
        min_gap = max(min_gap, MONTH_GAP)
        candidates = [  # month starts; the window's own start only if it is one
            i
            for i in range(len(buckets))
            if (i == 0 and buckets[0].start.day <= 7)
            or (i > 0 and buckets[i].start.month != buckets[i - 1].start.month)
        ]
    kept: list[int] = []
    for i in candidates:
        if not kept or bucket_x(frame, window, i) - bucket_x(frame, window, kept[-1]) >= min_gap:
            kept.append(i)
    ticks: list[XTick] = []
    previous: date | None = None
    for i in kept:
        day = buckets[i].start
        if window.daily:
            new = previous is None or (day.year, day.month) != (previous.year, previous.month)
            top, bottom = Label.DAY, Label.MONTH if new else Label.NONE
        else:
            new = previous is None or day.year != previous.year
            top, bottom = Label.MONTH, Label.YEAR if new else Label.NONE
        x = bucket_x(frame, window, i)
        last = next((t for t in reversed(ticks) if t.bottom is not Label.NONE), None)
        if bottom is not Label.NONE and last is not None and x - last.x < BOTTOM_GAP:
            ticks[ticks.index(last)] = XTick(last.x, last.day, last.top, Label.NONE)
        ticks.append(XTick(x, day, top, bottom))
        previous = day
    return tuple(ticks)
