"""Daily average pain (0-10) against the patient's starting pain, with the zone where the
drop is a change that matters (the NPRS MCID, "2 points or 30 %") shaded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from piri.charts.axes import WIDTH, Frame, r1
from piri.charts.line import LineChart, line_chart
from piri.charts.reference import mcid_level, reached
from piri.charts.span import Window
from piri.domain.measures.model import Direction, Mcid

FRAME = Frame(width=WIDTH, height=200, left=28, right=8, top=10, bottom=34)
LOW, HIGH, STEP = 0, 10, 2


@dataclass(frozen=True, slots=True)
class PainTrend:
    line: LineChart
    mcid: Mcid
    baseline: float | None  # the pain the patient started with
    baseline_y: float | None
    goal: float | None  # at or below: a change that matters since the start
    goal_y: float | None

    @property
    def empty(self) -> bool:
        return self.line.empty

    @property
    def band_height(self) -> float:
        """The shaded zone runs from the goal down to 0."""
        return 0.0 if self.goal_y is None else r1(self.line.frame.y1 - self.goal_y)

    @property
    def reached(self) -> bool:
        """The latest point is in the zone of a change that matters."""
        last = self.line.last
        return (
            last is not None
            and self.goal is not None
            and (reached(last.value, self.goal, Direction.LOWER_BETTER))
        )


def pain_trend(
    daily: Mapping[date, float], window: Window, *, baseline: float | None, mcid: Mcid
) -> PainTrend:
    line = line_chart(daily, window, frame=FRAME, low=LOW, high=HIGH, step=STEP)
    goal = (
        None
        if baseline is None
        else mcid_level(baseline, mcid=mcid, direction=Direction.LOWER_BETTER, low=LOW, high=HIGH)
    )
    return PainTrend(
        line=line,
        mcid=mcid,
        baseline=baseline,
        baseline_y=None if baseline is None else line.scale.y(baseline),
        goal=goal,
        goal_y=None if goal is None else line.scale.y(goal),
    )
