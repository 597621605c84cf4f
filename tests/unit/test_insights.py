"""What works for me: the insight arithmetic on constructed histories with known answers,
including too little data and ties."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from piri.domain.insights import (
    DayRecord,
    InsightSettings,
    ItemDone,
    ItemRating,
    SessionRecord,
    Verdict,
    item_insights,
)
from piri.domain.insights_stats import compare_groups, estimate
from piri.domain.plan import Extent
from tests.factories.domain import insight_settings

SETTINGS = insight_settings()
START = date(2025, 3, 3)


def _day(n: int) -> date:
    return START + timedelta(days=n)


def _history(
    plan: list[tuple[list[str], int]],
) -> tuple[list[SessionRecord], list[DayRecord]]:
    """Day n has a session of the listed items; day n+1 morning pain is the number given.
    Session days are two days apart so mornings never overlap with sessions' own days."""
    sessions, days = [], []
    for n, (items, morning) in enumerate(plan):
        sessions.append(SessionRecord(_day(2 * n), tuple(ItemDone(i) for i in items)))
        days.append(DayRecord(_day(2 * n + 1), morning_pain=morning))
    return sessions, days


def _by_item(sessions: list[SessionRecord], days: list[DayRecord], **kw: object) -> dict:
    return {i.item: i for i in item_insights(sessions, days, settings=SETTINGS, **kw)}  # type: ignore[arg-type]


def test_an_item_that_helps() -> None:
    # clam: mornings 2, 2, 2 after sessions with it; 5, 5, 5 after sessions without it
    sessions, days = _history([(["clam"], 2)] * 3 + [(["bridge"], 5)] * 3)
    clam = _by_item(sessions, days)["clam"]
    m = clam.next_morning
    assert (m.n_with, m.n_without, m.mean_with, m.mean_without, m.difference) == (3, 3, 2, 5, -3)
    assert m.interval is not None and (m.interval.low, m.interval.high) == (-3, -3)
    assert clam.verdict is Verdict.HELPS and clam.rank == 1 and not clam.tied


def test_an_item_that_seems_worse_and_the_ranking() -> None:
    sessions, days = _history([(["clam"], 2)] * 3 + [(["bridge"], 5)] * 3)
    bridge = _by_item(sessions, days)["bridge"]
    assert bridge.next_morning.difference == 3
    assert bridge.verdict is Verdict.SEEMS_WORSE and bridge.rank == 2


def test_a_small_difference_is_no_clear_difference() -> None:
    # with: 3, 4, 3, 4 (mean 3.5); without: 4, 4, 4, 4: difference -0.5 < 1 point
    sessions, days = _history(
        [(["clam"], 3), (["clam"], 4), (["clam"], 3), (["clam"], 4)] + [([], 4)] * 4
    )
    clam = _by_item(sessions, days)["clam"]
    assert clam.next_morning.difference == -0.5
    assert clam.verdict is Verdict.NO_CLEAR_DIFFERENCE and clam.rank == 1


def test_noisy_data_gives_no_clear_difference_even_when_the_mean_differs() -> None:
    # with: 0, 8, 0, 8, 1 (mean 3.4); without: 8, 0, 8, 0, 8 (mean 4.8): -1.4, but the
    # interval reaches above zero
    sessions, days = _history(
        [(["clam"], v) for v in (0, 8, 0, 8, 1)] + [([], v) for v in (8, 0, 8, 0, 8)]
    )
    clam = _by_item(sessions, days)["clam"]
    assert clam.next_morning.difference == pytest.approx(-1.4)
    interval = clam.next_morning.interval
    assert interval is not None and interval.low < 0 < interval.high
    assert clam.verdict is Verdict.NO_CLEAR_DIFFERENCE


@pytest.mark.parametrize(
    ("with_days", "without_days"),
    [(2, 5), (5, 2), (0, 5), (5, 0)],
    ids=["2-with", "2-without", "never-done", "always-done"],
)
def test_too_little_data_gives_no_verdict_and_no_rank(with_days: int, without_days: int) -> None:
    sessions, days = _history(
        [(["clam", "other"], 1)] * with_days + [(["other"], 6)] * without_days
    )
    sessions.append(SessionRecord(_day(100), (ItemDone("other"),)))
    clam = _by_item(sessions, days, items=["clam"])["clam"]
    assert clam.verdict is Verdict.NOT_ENOUGH_DATA
    assert clam.rank is None and clam.next_morning.interval is None
    assert (clam.next_morning.n_with, clam.next_morning.n_without) == (with_days, without_days)


def test_ties_share_a_rank_are_marked_and_ordered_by_name() -> None:
    # a and b both -2 (tied), c -1; d not enough data
    plan = (
        [(["b", "a"], 1)] * 3  # a, b: mornings 1
        + [(["c"], 2)] * 3  # c: mornings 2
        + [([], 3)] * 3  # neither: mornings 3
    )
    sessions, days = _history(plan)
    sessions.append(SessionRecord(_day(200), (ItemDone("d"),)))
    found = item_insights(sessions, days, settings=SETTINGS)
    assert [(f.item, f.rank, f.tied) for f in found] == [
        ("a", 1, True),
        ("b", 1, True),
        ("c", 3, False),
        ("d", None, False),
    ]
    a, c = found[0], found[2]
    assert a.next_morning.mean_without == pytest.approx(2.5)  # c's days and the empty ones
    assert c.next_morning.difference == pytest.approx(2 - 2)
    assert c.verdict is Verdict.NO_CLEAR_DIFFERENCE


def test_within_session_change_per_session_means_over_sides() -> None:
    sessions = [
        SessionRecord(
            _day(0),
            (
                ItemDone("clam", "left", 5, 3, Extent.THIGH, Extent.BUTTOCK),
                ItemDone("clam", "right", 4, 4, Extent.THIGH, Extent.THIGH),
            ),
        ),  # pain -2 and 0 -> -1; extent -1 and 0 -> -0.5
        SessionRecord(_day(1), (ItemDone("clam", None, 6, 3, Extent.FOOT, Extent.THIGH),)),
        SessionRecord(_day(2), (ItemDone("clam", None, None, 3),)),  # no before: left out
    ]
    clam = item_insights(sessions, [], settings=SETTINGS)[0]
    assert (clam.within_pain.n, clam.within_pain.mean) == (2, -2.0)  # (-1 + -3) / 2
    assert (clam.within_extent.n, clam.within_extent.mean) == (2, -1.25)  # (-0.5 + -2) / 2
    assert clam.within_pain.verdict is Verdict.HELPS
    assert clam.within_extent.verdict is Verdict.HELPS


def test_within_session_with_one_session_is_not_enough() -> None:
    sessions = [SessionRecord(_day(0), (ItemDone("clam", None, 2, 6),))]
    clam = item_insights(sessions, [], settings=SETTINGS)[0]
    assert clam.within_pain.mean == 4 and clam.within_pain.verdict is Verdict.NOT_ENOUGH_DATA
    assert clam.within_extent.n == 0 and clam.within_extent.mean is None


def test_next_morning_is_the_day_after_and_days_without_sessions_are_left_out() -> None:
    sessions = [
        SessionRecord(_day(0), (ItemDone("clam"),)),
        SessionRecord(_day(2), (ItemDone("x"),)),
    ]
    days = [
        DayRecord(_day(0), morning_pain=9),  # the morning of the session day itself: not used
        DayRecord(_day(1), morning_pain=2),  # after clam
        DayRecord(_day(3), morning_pain=6),  # after x (without clam)
        DayRecord(_day(5), morning_pain=0),  # after a day with no session: not used
    ]
    clam = _by_item(sessions, days)["clam"]
    assert (clam.next_morning.mean_with, clam.next_morning.mean_without) == (2, 6)
    assert (clam.next_morning.n_with, clam.next_morning.n_without) == (1, 1)


def test_two_sessions_on_one_day_count_once() -> None:
    sessions = [
        SessionRecord(_day(0), (ItemDone("clam"),), order=0),
        SessionRecord(_day(0), (ItemDone("x"),), order=1),
    ]
    clam = _by_item(sessions, [DayRecord(_day(1), morning_pain=4)])["clam"]
    assert (clam.next_morning.n_with, clam.next_morning.n_without) == (1, 0)


def test_ratings_are_shown_beside_the_data_and_never_change_it() -> None:
    sessions, days = _history([(["clam"], 2)] * 3 + [(["bridge"], 5)] * 3)
    plain = _by_item(sessions, days)
    rated = _by_item(
        sessions,
        days,
        ratings=[ItemRating("clam", 2), ItemRating("clam", 5), ItemRating("ball", 4)],
    )
    assert rated["clam"].rating == 5  # the last one given
    assert rated["clam"].next_morning == plain["clam"].next_morning
    assert rated["ball"].rating == 4 and rated["ball"].verdict is Verdict.NOT_ENOUGH_DATA


@pytest.mark.parametrize("rating", [0, 6, True], ids=["0", "6", "bool"])
def test_a_rating_is_1_to_5(rating: int) -> None:
    with pytest.raises(ValueError):
        ItemRating("clam", rating)


def test_two_records_for_one_day_are_an_error() -> None:
    with pytest.raises(ValueError, match="two day records"):
        item_insights([], [DayRecord(_day(0)), DayRecord(_day(0))], settings=SETTINGS)


@pytest.mark.parametrize(
    "change",
    [{"min_sessions": 1}, {"interval_level": 1.0}, {"resamples": 10}],
    ids=["min-sessions", "level", "resamples"],
)
def test_settings_are_checked(change: dict[str, float]) -> None:
    values = {
        "min_sessions": 3,
        "min_within": 2,
        "interval_level": 0.9,
        "resamples": 300,
        "seed": 1,
        "min_difference": 1.0,
        "min_extent_difference": 0.5,
    }
    with pytest.raises(ValueError):
        InsightSettings(**{**values, **change})  # type: ignore[arg-type]


def test_large_groups_get_the_normal_interval_close_to_the_bootstrap():
    # 40 days with the item (pain 2-4) against 40 without (pain 4-6): past bootstrap_up_to
    with_ = [2, 3, 4, 3] * 10
    without = [4, 5, 6, 5] * 10
    fast = compare_groups(with_, without, settings=insight_settings(), key="x")
    slow = compare_groups(
        with_, without, settings=insight_settings(bootstrap_up_to=100, resamples=2000), key="x"
    )
    assert fast.interval is not None and slow.interval is not None
    assert fast.difference == -2
    # the normal interval is symmetric about the difference; the bootstrap's nearly so
    assert fast.interval.low + fast.interval.high == pytest.approx(-4)
    assert fast.interval.low == pytest.approx(slow.interval.low, abs=0.1)
    assert fast.interval.high == pytest.approx(slow.interval.high, abs=0.1)
    assert fast.verdict is slow.verdict is Verdict.HELPS


def test_a_large_within_session_sample_gets_the_normal_interval():
    changes = [Fraction(-1)] * 20 + [Fraction(0)] * 20  # mean -0.5, sd about 0.51
    found = estimate(changes, settings=insight_settings(), key="y", threshold=1.0)
    assert found.interval is not None
    assert found.mean == -0.5
    assert found.interval.low == pytest.approx(-0.5 - 1.6449 * 0.5064 / 40**0.5, abs=1e-3)
    assert found.verdict is Verdict.NO_CLEAR_DIFFERENCE  # below the 1-point threshold
