"""Trigger effects: next-day pain after days with each trigger against days without it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from piri.domain.insights import DayRecord, Verdict
from piri.domain.insights_triggers import trigger_effects
from tests.factories.domain import insight_settings

SETTINGS = insight_settings(seed=11)
START = date(2025, 5, 5)


def _days(plan: list[tuple[set[str] | None, int | None]]) -> list[DayRecord]:
    """Day 2n: the triggers met; day 2n+1: the daily pain that followed."""
    days = []
    for n, (met, pain) in enumerate(plan):
        day = START + timedelta(days=2 * n)
        days.append(DayRecord(day, triggers=None if met is None else frozenset(met)))
        days.append(DayRecord(day + timedelta(days=1), daily_pain=pain, triggers=frozenset()))
    return days


def _by_trigger(days: list[DayRecord], **kw: object) -> dict:
    return {t.trigger: t for t in trigger_effects(days, settings=SETTINGS, **kw)}  # type: ignore[arg-type]


def test_a_trigger_followed_by_more_pain() -> None:
    # couch days: next-day pain 6; plain days: 3. The pain days themselves were asked too,
    # but the day after each has no pain recorded, so they are left out.
    found = _by_trigger(_days([({"soft_couch"}, 6)] * 3 + [(set(), 3)] * 3))
    couch = found["soft_couch"]
    assert (couch.next_day.n_with, couch.next_day.n_without) == (3, 3)
    assert couch.next_day.difference == 3
    assert couch.verdict is Verdict.SEEMS_WORSE and couch.rank == 1


def test_days_whose_triggers_were_not_asked_are_left_out() -> None:
    days = _days([({"wallet"}, 7)] * 3 + [(None, 0)] * 5 + [(set(), 2)] * 3)
    wallet = _by_trigger(days)["wallet"]
    assert (wallet.next_day.n_with, wallet.next_day.n_without) == (3, 3)
    assert wallet.next_day.mean_without == 2


def test_too_few_days_and_unseen_triggers() -> None:
    found = _by_trigger(_days([({"wallet"}, 7)] * 2 + [(set(), 2)] * 5), triggers=["uneven_seat"])
    assert found["wallet"].verdict is Verdict.NOT_ENOUGH_DATA and found["wallet"].rank is None
    seat = found["uneven_seat"]
    assert (seat.next_day.n_with, seat.next_day.n_without) == (0, 7)
    assert seat.verdict is Verdict.NOT_ENOUGH_DATA and seat.next_day.difference is None


def test_ranked_most_painful_first_with_ties_by_name() -> None:
    plan = (
        [({"wallet", "couch"}, 6)] * 3  # both met on the same days: tied
        + [({"seat"}, 4)] * 3
        + [(set(), 3)] * 3
    )
    found = trigger_effects(_days(plan), settings=SETTINGS)
    assert [(t.trigger, t.rank, t.tied) for t in found] == [
        ("couch", 1, True),
        ("wallet", 1, True),
        ("seat", 3, False),
    ]
    # couch: with 6,6,6; without 4,4,4,3,3,3 -> 6 - 3.5
    assert found[0].next_day.difference == pytest.approx(2.5)


def test_a_missing_next_day_leaves_the_day_out() -> None:
    days = _days([({"wallet"}, None)] * 4 + [({"wallet"}, 5)] * 3 + [(set(), 5)] * 3)
    wallet = _by_trigger(days)["wallet"]
    assert wallet.next_day.n_with == 3 and wallet.verdict is Verdict.NO_CLEAR_DIFFERENCE
