"""Geometry for the dot-and-range pictures of "what works for me" (drawn as SVG by the
insights template): a dot at the difference, a bar across its interval, a line at zero.

Every picture on a page shares one scale (``chart_span``), so that a longer bar always means a
wider range. Less pain is drawn to the left of zero, more pain to the right.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from piri.domain.insights import Comparison, Verdict

WIDTH = 300
HEIGHT = 50
MARGIN = 12  # room for the dot at either end
LINE_Y = 18
MAX_SPAN = 10  # pain points: the whole 0-10 scale either way


@dataclass(frozen=True, slots=True)
class RangeChart:
    width: int
    height: int
    y: int
    zero_x: float
    dot_x: float
    low_x: float
    high_x: float
    span: int  # the scale runs from -span to +span points
    tone: str  # "good", "bad" or "plain": the verdict, for colour (the words say it too)


def chart_span(comparisons: Iterable[Comparison]) -> int:
    """The smallest whole number of points (at least 2) that holds every interval."""
    widest = 0.0
    for comparison in comparisons:
        if comparison.interval is not None:
            widest = max(widest, abs(comparison.interval.low), abs(comparison.interval.high))
    return min(MAX_SPAN, max(2, math.ceil(widest)))


def _x(value: float, span: int) -> float:
    value = max(-span, min(span, value))
    return round(MARGIN + (value + span) / (2 * span) * (WIDTH - 2 * MARGIN), 1)


def range_chart(comparison: Comparison, *, span: int, lower_is_good: bool = True) -> RangeChart:
    """The picture of one comparison; ``lower_is_good=False`` for triggers (more pain after a
    trigger is the finding, drawn in the warning colour)."""
    if comparison.interval is None or comparison.difference is None:
        raise ValueError("only a comparison with an interval has a picture")
    tone = "plain"
    if comparison.verdict is Verdict.HELPS:
        tone = "good" if lower_is_good else "plain"
    elif comparison.verdict is Verdict.SEEMS_WORSE:
        tone = "bad"
    return RangeChart(
        width=WIDTH,
        height=HEIGHT,
        y=LINE_Y,
        zero_x=_x(0, span),
        dot_x=_x(comparison.difference, span),
        low_x=_x(comparison.interval.low, span),
        high_x=_x(comparison.interval.high, span),
        span=span,
        tone=tone,
    )
