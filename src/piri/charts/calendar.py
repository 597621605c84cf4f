"""The adherence calendar: one row per week (Monday to Sunday, oldest at the top), a filled
square for each day with a session, and at the end of the row whether the week met the
patient's weekly aim.

The streak is the domain's (``adherence.streak_weeks``) over the patient's whole history, not
only the rows shown: weeks in a row that met the aim, up to this week. This week counts once
the aim is met; until then it neither adds to the streak nor breaks it.

Weeks before the program's start (``started``) have no row: they were never planned, so they
are never drawn as missed. The start week's row begins on the start day and plans only the
days from it (``domain.adherence``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from piri.charts.axes import WIDTH, r1
from piri.charts.paths import circle, join, rect
from piri.charts.span import Window
from piri.domain.adherence import WeekTally, streak_weeks, week_start, weekly_tallies

LABEL_WIDTH = 56
COLUMN = 30
HEADER = 18
TALL_ROW = 26  # rows this tall (up to 16 weeks) carry a date label and the week's count
ROWS_HEIGHT = 416  # longer spans squeeze their rows into about this height
MIN_ROW = 4
MONTH_LABEL_GAP = 14
DONE = "#1f4e79"
EMPTY_STROKE = "#949494"
EMPTY_FILL = "#e8e5de"  # thin rows: no outline, a pale cell (like a contribution calendar)
MET = "#1b6e3a"
NOT_MET = "#767676"


@dataclass(frozen=True, slots=True)
class DayCell:
    x: float
    y: float
    width: float
    height: float
    day: date
    sessions: int
    today: bool


@dataclass(frozen=True, slots=True)
class WeekRow:
    tally: WeekTally
    y: float
    height: float
    label: str  # "day" (6 Jan), "month" (Feb), "month_year" (Jan 2025) or "" (none)
    label_y: float
    marker_y: float
    cells: tuple[DayCell, ...]  # days up to today only


@dataclass(frozen=True, slots=True)
class AdherenceCalendar:
    window: Window
    target: int
    rows: tuple[WeekRow, ...]
    streak: int  # weeks in a row on target, over the whole history
    weekdays: tuple[tuple[float, date], ...]  # header: x and a date of that weekday
    width: int
    height: float
    tall: bool  # rows tall enough for counts and labels on every row
    marker_x: float
    marker_r: float
    colours: dict[str, str]

    @property
    def empty(self) -> bool:
        return not any(row.tally.done for row in self.rows)

    @property
    def weeks_met(self) -> int:
        return sum(1 for row in self.rows if row.tally.met)

    @property
    def weeks(self) -> int:
        return len(self.rows)

    def _cells(self) -> list[DayCell]:
        return [cell for row in self.rows for cell in row.cells]

    @property
    def done_path(self) -> str:
        """Every day with a session, as one path."""
        return join(rect(c.x, c.y, c.width, c.height) for c in self._cells() if c.sessions)

    @property
    def empty_path(self) -> str:
        return join(rect(c.x, c.y, c.width, c.height) for c in self._cells() if not c.sessions)

    @property
    def today(self) -> DayCell | None:
        return next((c for c in reversed(self._cells()) if c.today), None)

    @property
    def multiple(self) -> list[DayCell]:
        """Days with more than one session (numbered when the rows are tall enough)."""
        return [c for c in self._cells() if c.sessions > 1] if self.tall else []

    def _markers(self, rows: list[WeekRow]) -> str:
        return join(circle(self.marker_x, row.marker_y, self.marker_r) for row in rows)

    @property
    def met_path(self) -> str:
        return self._markers([row for row in self.rows if row.tally.met])

    @property
    def missed_path(self) -> str:
        return self._markers(
            [row for row in self.rows if not row.tally.met and not row.tally.is_current]
        )

    @property
    def open_path(self) -> str:
        """This week, while it is not yet on target."""
        return self._markers(
            [row for row in self.rows if not row.tally.met and row.tally.is_current]
        )

    @property
    def labelled(self) -> list[WeekRow]:
        return [row for row in self.rows if row.label]

    @property
    def sessions(self) -> int:
        return sum(row.tally.done for row in self.rows)

    @property
    def count_x(self) -> float:
        """Where the week's "3/4" is written, right of its marker."""
        return self.marker_x + 10


def whole_streak(
    session_days: Sequence[date], *, today: date, target: int, started: date | None = None
) -> int:
    """Weeks in a row on target, counted back from this week over every session."""
    if not session_days:
        return 0
    first = week_start(min(min(session_days), started or today, today))
    weeks = (week_start(today) - first).days // 7 + 1
    tallies = weekly_tallies(session_days, today=today, target=target, weeks=weeks, started=started)
    return streak_weeks(tallies)


def adherence_calendar(
    session_days: Sequence[date], window: Window, *, target: int, started: date | None = None
) -> AdherenceCalendar:
    """``session_days`` holds one local date per session (a day may repeat); ``started`` is
    the program's first day (no rows before its week, no cells before it)."""
    today = window.end
    tallies = weekly_tallies(
        session_days, today=today, target=target, weeks=window.weeks, started=started
    )
    per_day = Counter(d for d in session_days if window.start <= d <= today)
    row_height = min(TALL_ROW, max(MIN_ROW, ROWS_HEIGHT / len(tallies)))
    tall = row_height >= TALL_ROW
    gap = 3 if tall else 1
    rows: list[WeekRow] = []
    last_label: float = -MONTH_LABEL_GAP
    for r, tally in enumerate(tallies):
        y = HEADER + r * row_height
        if tall:
            label = "day"
        elif (r == 0 or tally.start.month != tallies[r - 1].start.month) and (
            y - last_label >= MONTH_LABEL_GAP
        ):
            label = "month_year" if r == 0 or tally.start.month == 1 else "month"
            last_label = y
        else:
            label = ""
        days = [tally.start + timedelta(days=d) for d in range(7)]
        cells = tuple(
            DayCell(
                x=LABEL_WIDTH + d * COLUMN,
                y=r1(y),
                width=COLUMN - 3,
                height=r1(row_height - gap),
                day=day,
                sessions=per_day[day],
                today=day == today,
            )
            for d, day in enumerate(days)
            if day <= today and (started is None or day >= started)
        )
        middle = y + (row_height - gap) / 2
        rows.append(WeekRow(tally, r1(y), r1(row_height), label, r1(middle + 4), r1(middle), cells))
    return AdherenceCalendar(
        window=window,
        target=target,
        rows=tuple(rows),
        streak=whole_streak(session_days, today=today, target=target, started=started),
        weekdays=tuple(
            (LABEL_WIDTH + d * COLUMN + (COLUMN - 3) / 2, window.start + timedelta(days=d))
            for d in range(7)
        ),
        width=WIDTH,
        height=r1(HEADER + len(rows) * row_height),
        tall=tall,
        marker_x=LABEL_WIDTH + 7 * COLUMN + 10,
        marker_r=r1(min(7.0, row_height / 2 - 1)),
        colours={
            "done": DONE,
            "empty": EMPTY_STROKE,
            "empty_fill": EMPTY_FILL,
            "met": MET,
            "not_met": NOT_MET,
        },
    )
