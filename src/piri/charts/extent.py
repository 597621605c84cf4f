"""How far down the leg numbness or tingling reached: one cell per day (per week on long
spans, showing that week's furthest reach), in rows of four weeks (or half a year).

Each level has a colour from a colour-blind-safe sequential palette (viridis, light to dark
as the symptoms reach further) *and* a bar height (taller = further), so the picture does
not rely on colour alone. Bars carry a dark outline, which keeps the light colours visible
on white. A day without a check-in is an empty, hatched cell.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from piri.charts.axes import WIDTH, r1
from piri.charts.paths import join, rect
from piri.charts.span import Window, group
from piri.domain.plan import Extent

PALETTE: dict[Extent, str] = {
    Extent.NONE: "#fde725",
    Extent.BUTTOCK: "#5ec962",
    Extent.THIGH: "#21918c",
    Extent.BELOW_KNEE: "#3b528b",
    Extent.FOOT: "#440154",
}
RANK = {level: level.rank for level in Extent}  # nearest the buttock first
OUTLINE = "#1a1a1a"
MISSING_STROKE = "#767676"
LABEL_WIDTH = 46
RIGHT = 4
TOP = 4
ROW_HEIGHT = 30
ROW_GAP = 8
DAILY_PER_ROW = 28  # four weeks
WEEKLY_PER_ROW = 26  # half a year


@dataclass(frozen=True, slots=True)
class ExtentCell:
    x: float
    y: float  # top of the bar (of the cell when missing)
    width: float
    height: float
    start: date
    end: date
    level: Extent | None  # None: no check-in
    fill: str
    days: int  # check-ins in the bucket


@dataclass(frozen=True, slots=True)
class ExtentRow:
    y: float  # top of the row
    baseline: float  # bottom of the bars
    label_y: float  # the row's first date, left of it
    start: date


@dataclass(frozen=True, slots=True)
class LegendEntry:
    level: Extent
    fill: str
    height: float  # of the swatch's bar, out of 16

    @property
    def top(self) -> float:
        return r1(17 - self.height)


@dataclass(frozen=True, slots=True)
class ExtentStrip:
    window: Window
    width: int
    height: float
    rows: tuple[ExtentRow, ...]
    cells: tuple[ExtentCell, ...]
    counts: tuple[tuple[Extent, int], ...]  # days at each level, nearest first
    latest: Extent | None
    days_recorded: int
    legend: tuple[LegendEntry, ...] = tuple(
        LegendEntry(level, fill, r1(16 * (level.rank + 1) / len(Extent)))
        for level, fill in PALETTE.items()
    )

    @property
    def empty(self) -> bool:
        return self.days_recorded == 0

    @property
    def level_paths(self) -> list[tuple[Extent, str, str]]:
        """``(level, fill, path data)`` for each level drawn: one path per colour."""
        return [
            (level, fill, d)
            for level, fill in PALETTE.items()
            if (
                d := join(rect(c.x, c.y, c.width, c.height) for c in self.cells if c.level is level)
            )
        ]

    @property
    def missing_path(self) -> str:
        return join(rect(c.x, c.y, c.width, c.height) for c in self.cells if c.level is None)

    @property
    def recorded(self) -> list[ExtentCell]:
        """The cells with a check-in, for the table."""
        return [c for c in self.cells if c.level is not None]

    @property
    def plot_x(self) -> int:
        return LABEL_WIDTH

    @property
    def outline(self) -> str:
        return OUTLINE

    @property
    def missing_stroke(self) -> str:
        return MISSING_STROKE


def bar_height(level: Extent) -> float:
    return r1(ROW_HEIGHT * (RANK[level] + 1) / len(Extent))


def extent_strip(daily: Mapping[date, Extent], window: Window) -> ExtentStrip:
    per_row = DAILY_PER_ROW if window.daily else WEEKLY_PER_ROW
    width = (WIDTH - LABEL_WIDTH - RIGHT) / per_row
    buckets = window.buckets()
    cells: list[ExtentCell] = []
    rows: list[ExtentRow] = []
    for i, levels in enumerate(group(daily, window)):
        row, column = divmod(i, per_row)
        top = TOP + row * (ROW_HEIGHT + ROW_GAP)
        if column == 0:
            rows.append(
                ExtentRow(top, top + ROW_HEIGHT, top + ROW_HEIGHT / 2 + 4, buckets[i].start)
            )
        level = max(levels, key=RANK.__getitem__) if levels else None
        height = ROW_HEIGHT if level is None else bar_height(level)
        cells.append(
            ExtentCell(
                x=r1(LABEL_WIDTH + column * width),
                y=r1(top + ROW_HEIGHT - height),
                width=r1(width - 1),
                height=height,
                start=buckets[i].start,
                end=buckets[i].end,
                level=level,
                fill="none" if level is None else PALETTE[level],
                days=len(levels),
            )
        )
    inside = [e for d, e in sorted(daily.items()) if window.start <= d <= window.end]
    tally = Counter(inside)
    return ExtentStrip(
        window=window,
        width=WIDTH,
        height=TOP + len(rows) * (ROW_HEIGHT + ROW_GAP),
        rows=tuple(rows),
        cells=tuple(cells),
        counts=tuple((level, tally[level]) for level in Extent if tally[level]),
        latest=inside[-1] if inside else None,
        days_recorded=len(inside),
    )
