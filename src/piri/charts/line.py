"""A line over time: one point per bucket that has data, joined to the next point only across
a short gap, so a long run without data leaves a break instead of a line drawn across it.

By default a line crosses up to three days without a check-in (someone who checks in every
other day still gets a line) or one week without data on weekly points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from statistics import fmean

from piri.charts.axes import Frame, LinearScale, XTick, YTick, bucket_x, r1, x_ticks, y_ticks
from piri.charts.paths import circle, join
from piri.charts.span import Window, group

DENSE = 40  # more points than this: smaller dots
DAILY_JOIN = 4  # buckets between two joined points: up to 3 empty days between them
WEEKLY_JOIN = 2  # up to one empty week (or four-week bucket)


class Trend(StrEnum):
    DOWN = "down"
    UP = "up"
    SAME = "same"


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    value: float  # the bucket's mean, one decimal
    start: date
    end: date
    count: int  # how many days were averaged


@dataclass(frozen=True, slots=True)
class LineChart:
    frame: Frame
    window: Window
    scale: LinearScale
    points: tuple[Point, ...]
    segments: tuple[str, ...]  # SVG polyline "points" of each unbroken run (2+ points)
    y_ticks: tuple[YTick, ...]
    x_ticks: tuple[XTick, ...]
    radius: float
    lone: tuple[Point, ...] = ()  # points no segment passes through

    @property
    def empty(self) -> bool:
        return not self.points

    @property
    def markers(self) -> str:
        """Path data of a dot at every point."""
        return join(circle(p.x, p.y, self.radius) for p in self.points)

    @property
    def print_markers(self) -> str:
        """The dots for the PDF: every point when there are ``DENSE`` or fewer; otherwise
        only the lone points, which no line shows. Dozens of dots a millimetre apart add
        nothing to the line, and WeasyPrint draws each dot's arcs slowly (about 0.15 s for
        the five charts of two years in weekly points)."""
        if len(self.points) <= DENSE:
            return self.markers
        return join(circle(p.x, p.y, self.radius) for p in self.lone)

    @property
    def first(self) -> Point | None:
        return self.points[0] if self.points else None

    @property
    def last(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def days_recorded(self) -> int:
        return sum(p.count for p in self.points)

    @property
    def trend(self) -> Trend:
        """First point against last: a difference under half a unit is "about the same"."""
        if self.first is None or self.last is None:
            return Trend.SAME
        difference = self.last.value - self.first.value
        if abs(difference) < 0.5:
            return Trend.SAME
        return Trend.UP if difference > 0 else Trend.DOWN


def line_chart(
    values: Mapping[date, float],
    window: Window,
    *,
    frame: Frame,
    low: float,
    high: float,
    step: float,
    tick_gap: float = 22,
    join: int | None = None,
) -> LineChart:
    """``values`` by day (a weekly measure: by week start), averaged per bucket of
    ``window`` and placed on a ``low``..``high`` scale; points ``join`` buckets apart or
    closer are joined (by default ``DAILY_JOIN`` or ``WEEKLY_JOIN``)."""
    if join is None:
        join = DAILY_JOIN if window.daily else WEEKLY_JOIN
    scale = LinearScale(low, high, frame.y0, frame.y1)
    buckets = window.buckets()
    points: list[Point] = []
    runs: list[list[Point]] = []
    previous = -join - 1
    for i, items in enumerate(group(values, window)):
        if not items:
            continue
        mean = fmean(items)
        point = Point(
            x=bucket_x(frame, window, i),
            y=scale.y(mean),
            value=r1(mean),
            start=buckets[i].start,
            end=buckets[i].end,
            count=len(items),
        )
        points.append(point)
        if i - previous <= join:
            runs[-1].append(point)
        else:
            runs.append([point])
        previous = i
    segments = tuple(" ".join(f"{p.x:g},{p.y:g}" for p in run) for run in runs if len(run) > 1)
    return LineChart(
        frame=frame,
        window=window,
        scale=scale,
        points=tuple(points),
        segments=segments,
        y_ticks=y_ticks(scale, step),
        x_ticks=x_ticks(frame, window, min_gap=tick_gap),
        radius=2.5 if window.size > DENSE else 3.5,
        lone=tuple(run[0] for run in runs if len(run) == 1),
    )
