from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piri.domain.adherence import streak_weeks, week_start, weekly_tallies
from piri.domain.adherence_span import last_days, planned_sessions, span_adherence

MONDAY = date(2026, 11, 16)


def test_week_starts_on_monday():
    assert week_start(date(2026, 11, 22)) == MONDAY  # a Sunday
    assert week_start(MONDAY) == MONDAY


def test_tallies_count_sessions_per_week_oldest_first():
    today = date(2026, 11, 25)  # Wednesday
    days = [date(2026, 11, 23), date(2026, 11, 24), MONDAY, MONDAY + timedelta(days=2)]
    tallies = weekly_tallies(days, today=today, target=4, weeks=3)
    assert [t.start for t in tallies] == [date(2026, 11, 9), MONDAY, date(2026, 11, 23)]
    assert [t.done for t in tallies] == [0, 2, 2]
    assert tallies[-1].is_current and not tallies[0].is_current


def test_two_sessions_on_one_day_both_count():
    tallies = weekly_tallies([MONDAY, MONDAY], today=MONDAY, target=2, weeks=1)
    assert tallies[0].done == 2 and tallies[0].met


def test_future_sessions_are_not_counted():
    tallies = weekly_tallies([MONDAY + timedelta(days=1)], today=MONDAY, target=1, weeks=1)
    assert tallies[0].done == 0


def test_streak_skips_the_open_current_week():
    today = date(2026, 11, 24)
    days = [MONDAY - timedelta(weeks=1)] * 4 + [MONDAY] * 4 + [date(2026, 11, 23)]
    tallies = weekly_tallies(days, today=today, target=4, weeks=4)
    assert streak_weeks(tallies) == 2


def test_streak_counts_the_current_week_once_met():
    days = [MONDAY] * 4
    assert streak_weeks(weekly_tallies(days, today=MONDAY, target=4, weeks=2)) == 1


def test_streak_breaks_on_a_missed_week():
    days = [MONDAY - timedelta(weeks=2)] * 4 + [MONDAY] * 4
    assert streak_weeks(weekly_tallies(days, today=MONDAY, target=4, weeks=3)) == 1


def test_the_last_seven_days_count_today_and_six_days_before():
    today = date(2026, 11, 22)
    days = [today, today - timedelta(days=6), today - timedelta(days=7)]
    span = last_days(days, today=today, days=7, target=4, started=None)
    assert (span.done, span.planned, span.percent, span.extra) == (2, 4, 50, 0)


def test_days_before_the_start_are_never_planned():
    # the issue 11 walk: signed up and did one session today
    today = date(2026, 12, 4)
    span = last_days([today], today=today, days=7, target=4, started=today)
    assert (span.first, span.done, span.planned, span.percent) == (today, 1, 1, 100)
    assert span.from_start and span.extra == 0
    four_weeks = last_days([today], today=today, days=28, target=4, started=today)
    assert (four_weeks.planned, four_weeks.percent) == (1, 100)  # never 175 %


def test_sessions_beyond_the_plan_are_extra_never_over_100_percent():
    today = date(2026, 12, 4)
    span = last_days([today] * 3, today=today, days=7, target=4, started=today)
    assert (span.counted, span.planned, span.percent, span.extra) == (1, 1, 100, 2)


def test_before_the_start_there_is_no_adherence():
    today = date(2026, 12, 4)
    assert (
        span_adherence([], first=today, last=today, target=4, started=today + timedelta(1)) is None
    )


@pytest.mark.parametrize(("days", "planned"), [(1, 1), (2, 1), (3, 2), (4, 2), (7, 4), (28, 16)])
def test_the_weekly_aim_is_spread_over_the_days_rounded_half_up(days, planned):
    assert planned_sessions(4, days) == planned


def test_weeks_before_the_start_are_not_tallied_and_the_start_week_plans_its_days():
    friday = date(2026, 12, 4)
    tallies = weekly_tallies([friday], today=friday, target=4, weeks=12, started=friday)
    [week] = tallies
    assert (week.start, week.first_day, week.done, week.target) == (
        date(2026, 11, 30),
        friday,
        1,
        2,  # Friday to Sunday: 3 days of 4 a week
    )
    later = weekly_tallies([friday], today=friday + timedelta(days=10), target=4, started=friday)
    assert [t.target for t in later] == [2, 4, 4] and later[1].first_day is None


@pytest.mark.parametrize("target", [0, -1])
def test_target_must_be_positive(target):
    with pytest.raises(ValueError):
        weekly_tallies([], today=MONDAY, target=target)


@given(
    st.lists(st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)), max_size=60),
    st.integers(min_value=1, max_value=10),
)
def test_tallies_never_count_more_than_happened(days, weeks):
    today = date(2026, 11, 25)
    tallies = weekly_tallies(days, today=today, target=3, weeks=weeks)
    assert len(tallies) == weeks
    assert sum(t.done for t in tallies) <= len(days)
    assert all(t.start.weekday() == 0 for t in tallies)
