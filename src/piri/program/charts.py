"""Geometry for the weekly adherence picture (drawn as SVG by the history template)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format

from piri.domain.adherence import WeekTally

CHART_HEIGHT = 120
BAR_WIDTH = 22
GAP = 6


@dataclass(frozen=True, slots=True)
class WeekBar:
    x: int
    y: float
    height: float
    width: int
    day: str
    month: str  # shown under the first bar of each month only
    done: int
    target: int
    met: bool
    current: bool


@dataclass(frozen=True, slots=True)
class WeekChart:
    bars: list[WeekBar]
    width: int
    height: int
    target_y: float


def week_bars(tallies: list[WeekTally]) -> WeekChart:
    top = max([t.target for t in tallies] + [t.done for t in tallies] + [1])
    scale = CHART_HEIGHT / top
    bars = [
        WeekBar(
            x=i * (BAR_WIDTH + GAP),
            y=CHART_HEIGHT - t.done * scale,
            height=t.done * scale,
            width=BAR_WIDTH,
            day=str(t.start.day),
            month=(
                date_format(t.start, "M")
                if i == 0 or tallies[i - 1].start.month != t.start.month
                else ""
            ),
            done=t.done,
            target=t.target,
            met=t.met,
            current=t.is_current,
        )
        for i, t in enumerate(tallies)
    ]
    target = tallies[-1].target if tallies else 1
    return WeekChart(
        bars=bars,
        width=len(tallies) * (BAR_WIDTH + GAP),
        height=CHART_HEIGHT,
        target_y=CHART_HEIGHT - target * scale,
    )
