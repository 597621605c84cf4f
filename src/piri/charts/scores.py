"""The weekly measures as small multiples: one little chart per score (average pain, RMDQ
total, PSFS mean, global rating of change), each on its own full scale, with a dashed line
where a change that matters begins.

That line is the first answer ever given moved by the score's MCID (whichever of points or
percent comes first, toward better). The global rating of change is itself a rating of
change, so its line is a fixed level instead: the rating the 12-week review asks for.
Weekly answers are often skipped, so a line joins answers up to four empty weeks apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from piri.charts.axes import Frame
from piri.charts.line import LineChart, line_chart
from piri.charts.reference import mcid_level, reached
from piri.charts.span import Window
from piri.domain.measures.model import Direction, Mcid

MINI = Frame(width=150, height=122, left=26, right=8, top=8, bottom=34)
JOIN = 5  # weekly answers: a line across up to four weeks not answered


@dataclass(frozen=True, slots=True)
class ScoreSpec:
    instrument: str  # nprs, rmdq, psfs, grc
    low: float
    high: float
    step: float
    direction: Direction
    mcid: Mcid | None = None
    fixed_reference: float | None = None  # a level of the scale itself (GRC)


@dataclass(frozen=True, slots=True)
class ScoreChart:
    spec: ScoreSpec
    line: LineChart
    baseline: float | None  # the first answer ever, perhaps before the window
    reference: float | None  # where a change that matters begins
    reference_y: float | None

    @property
    def instrument(self) -> str:
        return self.spec.instrument

    @property
    def empty(self) -> bool:
        return self.line.empty

    @property
    def reached(self) -> bool:
        last = self.line.last
        return (
            last is not None
            and self.reference is not None
            and reached(last.value, self.reference, self.spec.direction)
        )


@dataclass(frozen=True, slots=True)
class ScoreRow:
    week: date
    values: tuple[float | None, ...]  # in the order of the charts


@dataclass(frozen=True, slots=True)
class WeeklyScores:
    window: Window
    charts: tuple[ScoreChart, ...]
    rows: tuple[ScoreRow, ...]  # weeks in the window with any answer, oldest first

    @property
    def empty(self) -> bool:
        return all(chart.empty for chart in self.charts)


def score_chart(values: Mapping[date, float], window: Window, spec: ScoreSpec) -> ScoreChart:
    line = line_chart(
        values,
        window,
        frame=MINI,
        low=spec.low,
        high=spec.high,
        step=spec.step,
        tick_gap=44,
        join=JOIN,
    )
    baseline = values[min(values)] if values else None
    reference = spec.fixed_reference
    if reference is None and baseline is not None and spec.mcid is not None:
        reference = mcid_level(
            baseline, mcid=spec.mcid, direction=spec.direction, low=spec.low, high=spec.high
        )
    return ScoreChart(
        spec=spec,
        line=line,
        baseline=baseline,
        reference=reference,
        reference_y=None if reference is None else line.scale.y(reference),
    )


def weekly_scores(
    series: Mapping[str, Mapping[date, float]], window: Window, specs: Sequence[ScoreSpec]
) -> WeeklyScores:
    """``series``: instrument id -> week start -> score (every week answered)."""
    weekly = window.at_least_weekly()
    charts = tuple(score_chart(series.get(s.instrument, {}), weekly, s) for s in specs)
    weeks = sorted(
        {
            week
            for spec in specs
            for week in series.get(spec.instrument, {})
            if window.start <= week <= window.end
        }
    )
    rows = tuple(
        ScoreRow(week, tuple(series.get(s.instrument, {}).get(week) for s in specs))
        for week in weeks
    )
    return WeeklyScores(window=window, charts=charts, rows=rows)
