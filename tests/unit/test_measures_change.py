"""Baseline against now: difference, percent and meaningful change against the MCIDs of the
spec (NPRS 2 points or 30 %; RMDQ 5 points or 30 %, 7.5 in sciatica trials; PSFS 2 points,
3 for one activity), direction-aware."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piri.domain.measures import ChangeVerdict, Direction, Mcid, change_for, compare
from piri.domain.measures.nprs import pain_change
from piri.domain.measures.psfs import PsfsScore, psfs_change
from piri.domain.measures.rmdq import rmdq_change
from piri.protocols import builtin_measures

CATALOG = builtin_measures()
IMPROVED, SAME, WORSE = (
    ChangeVerdict.IMPROVED,
    ChangeVerdict.NO_MEANINGFUL_CHANGE,
    ChangeVerdict.WORSE,
)


@pytest.mark.parametrize(
    ("baseline", "now", "verdict", "percent"),
    [
        (6, 4, IMPROVED, 100 / 3),  # 2 points
        (6, 5, SAME, 100 / 6),  # 1 point, 17 %
        (3, 2, IMPROVED, 100 / 3),  # 1 point but 33 %
        (10, 8, IMPROVED, 20.0),  # 2 points, 20 %
        (10, 9, SAME, 10.0),
        (0, 0, SAME, None),  # no baseline pain: no percent
        (0, 1, SAME, None),
        (0, 2, WORSE, None),
        (4, 6, WORSE, -50.0),
        (5, 5, SAME, 0.0),
    ],
    ids=["6-4", "6-5", "3-2-percent", "10-8", "10-9", "0-0", "0-1", "0-2", "4-6", "5-5"],
)
def test_nprs_change(
    baseline: int, now: int, verdict: ChangeVerdict, percent: float | None
) -> None:
    change = pain_change(baseline, now, instrument=CATALOG["nprs"])
    assert change.verdict is verdict
    assert change.difference == now - baseline and change.improvement == baseline - now
    assert change.percent == (None if percent is None else pytest.approx(percent))


@pytest.mark.parametrize(
    ("baseline", "now", "context", "verdict"),
    [
        (12, 7, "default", IMPROVED),  # 5 points
        (20, 16, "default", SAME),  # 4 points, 20 %
        (12, 8, "default", IMPROVED),  # 4 points, 33 %
        (12, 5, "sciatica_trials", SAME),  # 7 < 7.5
        (16, 8, "sciatica_trials", IMPROVED),  # 8 points
        (8, 13, "default", WORSE),
    ],
    ids=["5-points", "4-points-20pc", "4-points-33pc", "sciatica-7", "sciatica-8", "worse"],
)
def test_rmdq_change(baseline: int, now: int, context: str, verdict: ChangeVerdict) -> None:
    assert (
        rmdq_change(baseline, now, instrument=CATALOG["rmdq"], context=context).verdict is verdict
    )


def test_an_unknown_context_is_an_error() -> None:
    with pytest.raises(KeyError):
        rmdq_change(1, 2, instrument=CATALOG["rmdq"], context="nonsense")
    with pytest.raises(KeyError):
        change_for(CATALOG["sbi"], 10, 5)  # no MCID was found for the SBI


@pytest.mark.parametrize(
    ("before", "after", "mean", "each"),
    [
        (
            {"activity_1": 3, "activity_2": 3, "activity_3": 3},
            {"activity_1": 5, "activity_2": 5, "activity_3": 5},
            IMPROVED,
            SAME,
        ),
        (
            {"activity_1": 2, "activity_2": 2, "activity_3": 2},
            {"activity_1": 5, "activity_2": 3, "activity_3": 3},
            SAME,
            None,
        ),
        (
            {"activity_1": 6, "activity_2": 6, "activity_3": 6},
            {"activity_1": 3, "activity_2": 3, "activity_3": 3},
            WORSE,
            WORSE,
        ),
    ],
    ids=["up-2", "up-1.33", "down-3"],
)
def test_psfs_change_is_higher_better(
    before: dict[str, int], after: dict[str, int], mean: ChangeVerdict, each: ChangeVerdict | None
) -> None:
    change = psfs_change(PsfsScore(before, 0.0), PsfsScore(after, 0.0), instrument=CATALOG["psfs"])
    assert change.mean is not None and change.mean.verdict is mean
    if each is not None:
        assert {c.verdict for c in change.each.values()} == {each}
    else:  # activity_1 rose 3 points: a meaningful single-activity change
        assert change.each["activity_1"].verdict is IMPROVED
        assert change.each["activity_2"].verdict is SAME


def test_psfs_change_uses_only_activities_rated_both_times() -> None:
    before = PsfsScore({"activity_1": 2, "activity_2": 4, "activity_3": 9}, 5.0)
    after = PsfsScore({"activity_1": 6, "activity_2": 6, "activity_4": 0}, 4.0)
    change = psfs_change(before, after, instrument=CATALOG["psfs"])
    assert change.activities == ("activity_1", "activity_2")
    assert change.mean is not None and change.mean.baseline == 3 and change.mean.now == 6
    nothing = psfs_change(before, PsfsScore({"activity_5": 1}, 1.0), instrument=CATALOG["psfs"])
    assert nothing.mean is None and nothing.each == {}


def test_compare_refuses_a_score_without_direction_or_threshold() -> None:
    with pytest.raises(ValueError):
        compare(1, 2, direction=Direction.NONE, mcid=Mcid(1, None, "S1"))
    with pytest.raises(ValueError):
        compare(1, 2, direction=Direction.LOWER_BETTER, mcid=Mcid(None, None, "S1"))


@given(
    baseline=st.integers(0, 24),
    now=st.integers(0, 24),
    direction=st.sampled_from([Direction.LOWER_BETTER, Direction.HIGHER_BETTER]),
)
def test_change_is_antisymmetric_in_direction(
    baseline: int, now: int, direction: Direction
) -> None:
    mcid = Mcid(5, None, "S45")
    other = (
        Direction.HIGHER_BETTER if direction is Direction.LOWER_BETTER else Direction.LOWER_BETTER
    )
    one = compare(baseline, now, direction=direction, mcid=mcid)
    two = compare(baseline, now, direction=other, mcid=mcid)
    assert one.improvement == -two.improvement
    assert one.meaningful == two.meaningful == (abs(now - baseline) >= 5)
    assert (one.verdict is IMPROVED) == (two.verdict is WORSE)
