"""The weekly adherence picture of the history page: its geometry, and its marks as SVG.

The marks (a bar, its count, its day and, for a new month, the month, per week; the dashed
aim line) are written here rather than in the template: drawn by the template engine, the
twelve weeks' fifty-odd elements cost more than the rest of the page together
(``docs/performance.md``). The template keeps the ``<svg>`` element, its title and its
description."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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

    @property
    def marks(self) -> SafeString:
        """Every bar with its labels, then the aim line, as SVG elements."""
        parts = []
        days_y, months_y = self.height + 14, self.height + 28
        text = 'text-anchor="middle" font-size="11"'
        for bar in self.bars:
            classes = "bar" + (" met" if bar.met else "") + (" current" if bar.current else "")
            middle = bar.x + BAR_WIDTH // 2
            parts.append(
                f'<rect x="{bar.x}" y="{bar.y:.1f}" width="{bar.width}" '
                f'height="{bar.height:.1f}" class="{classes}" '
                f'fill="{"#1b6e3a" if bar.met else "#2f5d8a"}" data-done="{bar.done}"></rect>'
                f'<text x="{middle}" y="{days_y}" {text} fill="#222">{escape(bar.day)}</text>'
            )
            if bar.month:
                parts.append(
                    f'<text x="{middle}" y="{months_y}" {text} font-weight="bold" fill="#222">'
                    f"{escape(bar.month)}</text>"
                )
            parts.append(
                f'<text x="{middle}" y="{math.floor(bar.y + 0.5) - 3}" {text} fill="#222">'
                f"{bar.done}</text>"
            )
        parts.append(
            f'<line x1="0" x2="{self.width}" y1="{self.target_y:.1f}" y2="{self.target_y:.1f}" '
            'stroke="#a33" stroke-width="2" stroke-dasharray="6 4"></line>'
        )
        return mark_safe("".join(parts))  # numbers, and escaped labels


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
