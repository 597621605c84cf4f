"""Chart geometry on constructed data: where points, lines, bands and cells land."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from piri.charts import Span, adherence_calendar, extent_strip, pain_trend, window_for
from piri.charts.axes import Label, x_ticks
from piri.charts.calendar import DONE, MET, NOT_MET
from piri.charts.extent import OUTLINE, PALETTE, ROW_HEIGHT
from piri.charts.line import Trend, line_chart
from piri.charts.pain import FRAME
from piri.charts.reference import mcid_level
from piri.charts.scores import ScoreSpec, weekly_scores
from piri.charts.sitting import sitting_trend
from piri.charts.span import Window
from piri.domain.measures import ChangeVerdict, Direction, compare
from piri.domain.plan import Extent
from piri.protocols import builtin_measures

TODAY = date(2026, 3, 18)  # a Wednesday
MONDAY = date(2026, 3, 16)
NPRS = builtin_measures()["nprs"].score("pain_average_24h").mcid()
PSFS = builtin_measures()["psfs"].score("mean").mcid()
assert NPRS is not None and PSFS is not None


def twelve_weeks() -> Window:
    return window_for(Span.WEEKS_12, today=TODAY)


# --- the period and its buckets -----------------------------------------------------------


def test_twelve_weeks_start_on_a_monday_and_are_drawn_day_by_day() -> None:
    window = twelve_weeks()
    assert window.start == MONDAY - timedelta(weeks=11)
    assert (window.end, window.weeks, window.daily) == (TODAY, 12, True)
    assert window.size == 11 * 7 + 3  # this week: Monday to Wednesday so far


def test_a_year_is_drawn_as_weekly_means() -> None:
    window = window_for(Span.YEAR, today=TODAY)
    assert (window.weeks, window.bucket_days, window.size) == (52, 7, 52)
    values = {window.start: 2.0, window.start + timedelta(days=3): 5.0}
    chart = line_chart(values, window, frame=FRAME, low=0, high=10, step=2)
    assert [(p.value, p.count) for p in chart.points] == [(3.5, 2)]


def test_all_runs_from_the_first_record_and_downsamples_long_histories() -> None:
    two_years = window_for(Span.ALL, today=TODAY, first_day=TODAY - timedelta(days=730))
    assert two_years.start.weekday() == 0 and two_years.start <= TODAY - timedelta(days=730)
    assert two_years.bucket_days == 7 and two_years.size <= 120
    five_years = window_for(Span.ALL, today=TODAY, first_day=TODAY - timedelta(days=5 * 365))
    assert five_years.bucket_days == 28 and five_years.size <= 120
    new = window_for(Span.ALL, today=TODAY, first_day=TODAY)
    assert (new.weeks, new.daily) == (4, True)  # a new patient still gets four weeks
    assert window_for(Span.ALL, today=TODAY).weeks == 4


@pytest.mark.parametrize("given", [None, "", "7w", "ALL", "12w "])
def test_an_unknown_span_means_twelve_weeks(given: str | None) -> None:
    assert Span.parse(given) is Span.WEEKS_12
    assert Span.parse("1y") is Span.YEAR


# --- the pain line --------------------------------------------------------------------------


def test_pain_points_sit_at_their_day_and_value() -> None:
    window = twelve_weeks()
    chart = pain_trend(
        {window.start: 10, window.start + timedelta(days=2): 0}, window, baseline=6, mcid=NPRS
    )
    step = FRAME.plot_width / window.size
    first, second = chart.line.points
    assert (first.x, first.y) == (round(FRAME.x0 + step / 2, 1), FRAME.y0)  # 10: the top
    assert (second.x, second.y) == (round(FRAME.x0 + 2.5 * step, 1), FRAME.y1)  # 0: the bottom


def test_a_long_run_without_check_ins_leaves_a_gap_in_the_line() -> None:
    window = twelve_weeks()
    days = [window.start + timedelta(days=n) for n in (0, 2, 6, 11, 12, 20)]
    chart = pain_trend(dict.fromkeys(days, 4), window, baseline=6, mcid=NPRS)
    assert len(chart.line.points) == 6
    # up to three empty days are crossed (2 -> 6); four (6 -> 11) and seven (12 -> 20) are not
    assert [len(s.split()) for s in chart.line.segments] == [3, 2]  # day 20 stands alone


def test_weekly_points_cross_one_missing_week_only() -> None:
    window = window_for(Span.YEAR, today=TODAY)
    weeks = [window.start + timedelta(weeks=n) for n in (0, 2, 5)]
    chart = line_chart(dict.fromkeys(weeks, 4.0), window, frame=FRAME, low=0, high=10, step=2)
    assert [len(s.split()) for s in chart.segments] == [2]


def test_baseline_and_the_band_of_a_change_that_matters() -> None:
    window = twelve_weeks()
    chart = pain_trend({TODAY: 5}, window, baseline=6, mcid=NPRS)
    scale = chart.line.scale
    assert chart.baseline_y == scale.y(6)
    # 30 % of 6 (1.8) comes before 2 points: pain of 4.2 or less is a change that matters
    assert chart.goal == 4.2 and chart.goal_y == scale.y(4.2)
    assert chart.band_height == round(FRAME.y1 - scale.y(4.2), 1)
    assert not chart.reached
    assert pain_trend({TODAY: 4}, window, baseline=6, mcid=NPRS).reached
    assert pain_trend({TODAY: 8}, window, baseline=10, mcid=NPRS).goal == 8  # 2 points first


def test_no_band_without_a_baseline_or_from_no_pain() -> None:
    window = twelve_weeks()
    unknown = pain_trend({TODAY: 3}, window, baseline=None, mcid=NPRS)
    assert unknown.baseline_y is None and unknown.goal is None and unknown.band_height == 0
    assert pain_trend({TODAY: 0}, window, baseline=0, mcid=NPRS).goal is None


@pytest.mark.parametrize("baseline", range(1, 11))
def test_the_band_agrees_with_the_domain_verdict(baseline: int) -> None:
    goal = mcid_level(baseline, mcid=NPRS, direction=Direction.LOWER_BETTER, low=0, high=10)
    assert goal is not None
    verdict = compare(baseline, goal, direction=Direction.LOWER_BETTER, mcid=NPRS).verdict
    assert verdict is ChangeVerdict.IMPROVED
    just_above = compare(baseline, goal + 0.05, direction=Direction.LOWER_BETTER, mcid=NPRS)
    assert just_above.verdict is ChangeVerdict.NO_MEANINGFUL_CHANGE


def test_the_trend_reads_first_against_last() -> None:
    window = twelve_weeks()
    falling = pain_trend({window.start: 6, TODAY: 3}, window, baseline=6, mcid=NPRS)
    assert falling.line.trend is Trend.DOWN
    assert (falling.line.first.value, falling.line.last.value) == (6, 3)  # type: ignore[union-attr]
    steady = pain_trend({window.start: 4, TODAY: 4}, window, baseline=6, mcid=NPRS)
    assert steady.line.trend is Trend.SAME


def test_date_ticks_fall_on_mondays_with_the_month_under_the_first() -> None:
    window = twelve_weeks()
    ticks = x_ticks(FRAME, window)
    assert [t.day.weekday() for t in ticks] == [0] * 12
    assert all(t.top is Label.DAY for t in ticks)
    months = [t for t in ticks if t.bottom is Label.MONTH]
    assert [t.day.month for t in months] == [1, 2, 3]  # 29 Dec is too close to January's
    assert all(t.day.day <= 7 for t in months)  # under the first Monday of each month
    assert all(b.x - a.x >= 36 for a, b in itertools.pairwise(months))
    gaps = [b.x - a.x for a, b in itertools.pairwise(ticks)]
    assert min(gaps) >= 22


def test_weekly_ticks_name_months_and_never_crowd() -> None:
    window = window_for(Span.ALL, today=TODAY, first_day=TODAY - timedelta(days=730))
    ticks = x_ticks(FRAME, window)
    assert all(t.top is Label.MONTH for t in ticks)
    assert [t.bottom for t in ticks].count(Label.YEAR) >= 2
    gaps = [b.x - a.x for a, b in itertools.pairwise(ticks)]
    assert min(gaps) >= 30  # month names


def test_each_year_is_named_once_and_year_labels_never_touch() -> None:
    window = window_for(Span.YEAR, today=date(2026, 11, 23))  # from the start of December
    ticks = x_ticks(FRAME, window)
    assert ticks[0].day == date(2025, 12, 1) and ticks[0].bottom is Label.YEAR  # 2025
    new_year = next(t for t in ticks if t.day.year == 2026)
    assert new_year.bottom is Label.YEAR  # the first tick of 2026 says so
    years = [t.x for t in ticks if t.bottom is not Label.NONE]
    assert all(b - a >= 36 for a, b in itertools.pairwise(years))


def test_sitting_scale_reaches_at_least_an_hour_and_fits_the_longest() -> None:
    window = twelve_weeks()
    short = sitting_trend({TODAY: 5}, window).line
    assert short.scale.high == 60 and [t.value for t in short.y_ticks][-1] == 60
    long = sitting_trend({TODAY: 150, window.start: 20}, window).line
    assert long.scale.high >= 150 and len(long.y_ticks) <= 6
    assert long.last is not None and long.last.y == long.scale.y(150)


# --- how far down the leg -------------------------------------------------------------------


def test_each_day_gets_its_level_colour_and_height() -> None:
    window = window_for(Span.WEEKS_4, today=TODAY)
    levels = list(Extent)
    daily = {window.start + timedelta(days=i): level for i, level in enumerate(levels)}
    strip = extent_strip(daily, window)
    cells = strip.cells[: len(levels)]
    assert [c.level for c in cells] == levels
    assert [c.fill for c in cells] == [PALETTE[level] for level in levels]
    heights = [c.height for c in cells]
    assert heights == sorted(heights) and len(set(heights)) == len(levels)
    assert heights[-1] == ROW_HEIGHT
    assert strip.counts == tuple((level, 1) for level in levels)
    assert strip.latest is Extent.FOOT and strip.days_recorded == 5


def test_a_day_without_a_check_in_is_a_neutral_full_cell() -> None:
    window = window_for(Span.WEEKS_4, today=TODAY)
    strip = extent_strip({window.start: Extent.THIGH}, window)
    missing = strip.cells[1]
    assert (missing.level, missing.fill, missing.height, missing.days) == (None, "none", 30, 0)
    assert len(strip.cells) == window.size  # one cell per day up to today


def test_rows_of_four_weeks_and_weekly_cells_show_the_furthest_reach() -> None:
    daily_window = twelve_weeks()
    strip = extent_strip({}, daily_window)
    assert len(strip.rows) == 3 and strip.empty
    assert [r.start for r in strip.rows] == [
        daily_window.start + timedelta(weeks=4 * n) for n in range(3)
    ]
    year = window_for(Span.YEAR, today=TODAY)
    week = {year.start: Extent.BUTTOCK, year.start + timedelta(days=2): Extent.BELOW_KNEE}
    cell = extent_strip(week, year).cells[0]
    assert (cell.level, cell.days) == (Extent.BELOW_KNEE, 2)


def test_the_palette_is_distinct_and_every_bar_is_outlined_in_contrast() -> None:
    assert len(set(PALETTE.values())) == len(Extent)
    lightness = [luminance(PALETTE[level]) for level in Extent]
    assert lightness == sorted(lightness, reverse=True)  # further down: darker
    assert contrast(OUTLINE, "#ffffff") >= 3
    for colour in (DONE, MET, NOT_MET):
        assert contrast(colour, "#ffffff") >= 3


# --- the adherence calendar -----------------------------------------------------------------


def weeks_ago(n: int, *weekdays: int) -> list[date]:
    return [MONDAY - timedelta(weeks=n) + timedelta(days=d) for d in weekdays]


def test_rows_are_weeks_with_a_cell_for_each_day_up_to_today() -> None:
    window = window_for(Span.WEEKS_4, today=TODAY)
    days = weeks_ago(0, 0, 0, 1)  # two sessions on Monday, one on Tuesday
    calendar = adherence_calendar(days, window, target=3)
    assert [row.tally.start for row in calendar.rows] == [
        MONDAY - timedelta(weeks=n) for n in (3, 2, 1, 0)
    ]
    this_week = calendar.rows[-1]
    assert [c.day for c in this_week.cells] == [MONDAY, MONDAY + timedelta(days=1), TODAY]
    assert [c.sessions for c in this_week.cells] == [2, 1, 0]
    assert [c.today for c in this_week.cells] == [False, False, True]
    assert this_week.tally.met and this_week.tally.is_current  # 3 of 3 by Wednesday
    assert calendar.tall and all(len(row.cells) == 7 for row in calendar.rows[:-1])


def test_the_streak_counts_weeks_on_target_and_waits_for_the_open_week() -> None:
    window = window_for(Span.WEEKS_4, today=TODAY)
    met_before = weeks_ago(3, 0, 2, 4) + weeks_ago(2, 0, 2, 4) + weeks_ago(1, 1, 3, 5)
    assert adherence_calendar(met_before, window, target=3).streak == 3  # this week still open
    this_week_too = met_before + weeks_ago(0, 0, 1, 2)
    assert adherence_calendar(this_week_too, window, target=3).streak == 4
    broken = weeks_ago(3, 0, 2, 4) + weeks_ago(1, 1, 3, 5)  # two weeks ago: none
    assert adherence_calendar(broken, window, target=3).streak == 1


def test_the_streak_reaches_back_beyond_the_weeks_shown() -> None:
    window = window_for(Span.WEEKS_4, today=TODAY)
    days = [d for n in range(1, 10) for d in weeks_ago(n, 0, 3)]
    calendar = adherence_calendar(days, window, target=2)
    assert calendar.streak == 9 and calendar.weeks == 4 and calendar.weeks_met == 3
    assert adherence_calendar([], window, target=2).streak == 0


def test_a_long_calendar_squeezes_its_rows_and_labels_months_only() -> None:
    window = window_for(Span.YEAR, today=TODAY)
    calendar = adherence_calendar(weeks_ago(5, 0), window, target=2)
    assert len(calendar.rows) == 52 and not calendar.tall
    assert calendar.height <= 18 + 420
    labelled = [row for row in calendar.rows if row.label]
    assert {row.label for row in labelled} <= {"month", "month_year"}
    assert 6 <= len(labelled) <= 13
    gaps = [b.y - a.y for a, b in itertools.pairwise(labelled)]
    assert min(gaps) >= 14


# --- the weekly scores ----------------------------------------------------------------------


def test_score_references_follow_the_direction_of_better() -> None:
    window = twelve_weeks()
    first = window.start
    later = window.start + timedelta(weeks=6)
    specs = [
        ScoreSpec("nprs", 0, 10, 5, Direction.LOWER_BETTER, mcid=NPRS),
        ScoreSpec("psfs", 0, 10, 5, Direction.HIGHER_BETTER, mcid=PSFS),
        ScoreSpec("grc", -3, 3, 3, Direction.HIGHER_BETTER, fixed_reference=2),
    ]
    series = {"nprs": {first: 6, later: 4}, "psfs": {first: 4, later: 7}, "grc": {later: 1}}
    scores = weekly_scores(series, window, specs)
    nprs, psfs, grc = scores.charts
    assert (nprs.baseline, nprs.reference, nprs.reached) == (6, 4.2, True)
    assert (psfs.baseline, psfs.reference, psfs.reached) == (4, 6, True)
    assert (grc.reference, grc.reached) == (2, False)
    assert grc.reference_y == grc.line.scale.y(2)
    assert [r.week for r in scores.rows] == [first, later]
    assert scores.rows[0].values == (6, 4, None)
    assert nprs.line.window.bucket_days == 7  # weekly answers: weekly points even on 12 weeks


def test_no_reference_beyond_the_scale_and_the_first_answer_may_be_older() -> None:
    window = window_for(Span.WEEKS_4, today=TODAY)
    old = window.start - timedelta(weeks=20)
    spec = ScoreSpec("psfs", 0, 10, 5, Direction.HIGHER_BETTER, mcid=PSFS)
    high = weekly_scores({"psfs": {old: 9, MONDAY: 9}}, window, [spec]).charts[0]
    assert high.baseline == 9 and high.reference is None
    assert len(high.line.points) == 1  # the old answer sets the baseline, outside the chart
    assert weekly_scores({}, window, [spec]).empty


# --- colour contrast (WCAG 2.1) -------------------------------------------------------------


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
