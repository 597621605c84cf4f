"""Properties of the insights: deterministic for the same input and seed, whatever the order
the records come in; intervals are ordered; verdicts agree with their intervals."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from piri.domain.insights import (
    DayRecord,
    ItemDone,
    SessionRecord,
    Verdict,
    item_insights,
)
from piri.domain.insights_triggers import trigger_effects
from tests.factories.domain import insight_settings

SETTINGS = insight_settings(resamples=200, seed=3)
START = date(2025, 1, 6)
ITEMS = ["ball", "bridge", "clam", "figure4"]
TRIGGERS = ["couch", "wallet"]

pain = st.none() | st.integers(0, 10)


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[SessionRecord], list[DayRecord]]:
    n = draw(st.integers(0, 25))
    sessions, days = [], []
    for d in range(n):
        day = START + timedelta(days=d)
        done = draw(st.lists(st.sampled_from(ITEMS), unique=True, max_size=4))
        if done:
            items = tuple(ItemDone(i, None, draw(pain), draw(pain)) for i in done)
            sessions.append(SessionRecord(day, items))
        met = draw(st.none() | st.frozensets(st.sampled_from(TRIGGERS)))
        days.append(DayRecord(day, morning_pain=draw(pain), daily_pain=draw(pain), triggers=met))
    return sessions, days


@settings(max_examples=40, deadline=None)
@given(history=histories(), shuffle=st.integers(0, 1000))
def test_same_input_and_seed_same_answer_in_any_order(
    history: tuple[list[SessionRecord], list[DayRecord]], shuffle: int
) -> None:
    sessions, days = history
    first = item_insights(sessions, days, settings=SETTINGS)
    mixed_sessions, mixed_days = sessions[:], days[:]
    random.Random(shuffle).shuffle(mixed_sessions)
    random.Random(shuffle).shuffle(mixed_days)
    assert item_insights(mixed_sessions, mixed_days, settings=SETTINGS) == first
    assert trigger_effects(mixed_days, settings=SETTINGS) == trigger_effects(
        days, settings=SETTINGS
    )


@settings(max_examples=40, deadline=None)
@given(history=histories())
def test_intervals_and_verdicts_agree(history: tuple[list[SessionRecord], list[DayRecord]]) -> None:
    sessions, days = history
    comparisons = [i.next_morning for i in item_insights(sessions, days, settings=SETTINGS)]
    comparisons += [t.next_day for t in trigger_effects(days, settings=SETTINGS)]
    for c in comparisons:
        enough = min(c.n_with, c.n_without) >= SETTINGS.min_sessions
        assert (c.verdict is Verdict.NOT_ENOUGH_DATA) == (not enough)
        if c.interval is None:
            continue
        assert c.interval.low <= c.interval.high
        assert c.difference is not None
        if c.verdict is Verdict.HELPS:
            assert c.interval.high < 0 and c.difference <= -SETTINGS.min_difference
        if c.verdict is Verdict.SEEMS_WORSE:
            assert c.interval.low > 0 and c.difference >= SETTINGS.min_difference


@settings(max_examples=30, deadline=None)
@given(history=histories())
def test_ranks_only_where_data_suffice_and_in_order(
    history: tuple[list[SessionRecord], list[DayRecord]],
) -> None:
    found = item_insights(*history, settings=SETTINGS)
    ranked = [f for f in found if f.rank is not None]
    assert all(f.verdict is not Verdict.NOT_ENOUGH_DATA for f in ranked)
    assert all(f.verdict is Verdict.NOT_ENOUGH_DATA for f in found if f.rank is None)
    differences = [f.next_morning.difference for f in ranked]
    assert differences == sorted(differences)  # type: ignore[type-var]
    assert found[: len(ranked)] == tuple(ranked)
