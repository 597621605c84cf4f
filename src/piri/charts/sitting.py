"""Sitting tolerance: minutes of sitting before the pain makes the patient move, over time.
The scale starts at 0 and reaches at least an hour, so a small change does not look large."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from piri.charts.axes import WIDTH, Frame, nice_top
from piri.charts.line import LineChart, line_chart
from piri.charts.span import Window

FRAME = Frame(width=WIDTH, height=190, left=34, right=8, top=22, bottom=34)
STEPS = (15.0, 30.0, 60.0, 120.0)
AT_LEAST = 60.0


@dataclass(frozen=True, slots=True)
class SittingTrend:
    line: LineChart

    @property
    def empty(self) -> bool:
        return self.line.empty


def sitting_trend(daily: Mapping[date, float], window: Window) -> SittingTrend:
    inside = [v for d, v in daily.items() if window.start <= d <= window.end]
    top, step = nice_top(max(inside, default=0), at_least=AT_LEAST, steps=STEPS)
    return SittingTrend(line_chart(daily, window, frame=FRAME, low=0, high=top, step=step))
