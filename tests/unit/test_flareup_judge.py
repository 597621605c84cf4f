"""``flareup.judge`` keeps a sliding window of calm days; it must give what the definition
gives: each day's baseline is the median of the calm days in the ``days`` days before it."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from piri.domain.flareup import baseline, judge

START = date(2026, 1, 1)


def _judged_by_definition(values: dict[date, int], *, rise: int, days: int, fallback: int | None):
    calm: dict[date, int] = {}
    judged = {}
    for d in sorted(values):
        base = baseline(calm, d, days=days, fallback=fallback)
        raised = None if base is None else values[d] >= base + rise
        judged[d] = (raised, base)
        if raised is False:
            calm[d] = values[d]
    return judged


@settings(max_examples=300, deadline=None)
@given(
    values=st.dictionaries(
        st.integers(min_value=0, max_value=60).map(lambda n: START + timedelta(days=n)),
        st.integers(min_value=0, max_value=10),
        max_size=45,
    ),
    rise=st.integers(min_value=1, max_value=3),
    days=st.integers(min_value=1, max_value=14),
    fallback=st.one_of(st.none(), st.integers(min_value=0, max_value=10)),
)
def test_the_sliding_window_gives_the_definition(values, rise, days, fallback) -> None:
    expected = _judged_by_definition(values, rise=rise, days=days, fallback=fallback)
    assert judge(values, rise=rise, days=days, fallback=fallback) == expected
