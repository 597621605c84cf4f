"""Spec §3, row by row: pain zones, spreading / centralising, one session's items."""

from __future__ import annotations

import pytest

from piri.domain.monitoring import (
    ExtentChange,
    ItemAction,
    PainZone,
    check_now,
    evaluate_item,
    evaluate_session,
    extent_change,
    left_out_next,
    pain_zone,
)
from piri.domain.plan import Extent
from tests.factories.domain import POLICY, result, session

ZONES = [
    ("pain 0 -> green", 0, PainZone.GREEN),
    ("pain 3 -> green, continue", 3, PainZone.GREEN),
    ("pain 4 -> amber, keep the dose", 4, PainZone.AMBER),
    ("pain 5 -> amber, keep the dose", 5, PainZone.AMBER),
    ("pain 6 -> red, stop and regress", 6, PainZone.RED),
    ("pain 10 -> red", 10, PainZone.RED),
]


@pytest.mark.parametrize(("pain", "zone"), [r[1:] for r in ZONES], ids=[r[0] for r in ZONES])
def test_pain_zone(pain: int, zone: PainZone) -> None:
    assert pain_zone(pain, policy=POLICY) is zone


@pytest.mark.parametrize("pain", [-1, 11])
def test_pain_outside_0_to_10_is_refused(pain: int) -> None:
    with pytest.raises(ValueError):
        pain_zone(pain, policy=POLICY)


CHANGES = [
    ("buttock -> thigh: peripheralised", Extent.BUTTOCK, Extent.THIGH, ExtentChange.PERIPHERALISED),
    ("none -> buttock: peripheralised", Extent.NONE, Extent.BUTTOCK, ExtentChange.PERIPHERALISED),
    ("thigh -> foot: peripheralised", Extent.THIGH, Extent.FOOT, ExtentChange.PERIPHERALISED),
    (
        "below knee -> buttock: centralised",
        Extent.BELOW_KNEE,
        Extent.BUTTOCK,
        ExtentChange.CENTRALISED,
    ),
    ("thigh -> thigh: unchanged", Extent.THIGH, Extent.THIGH, ExtentChange.UNCHANGED),
]


@pytest.mark.parametrize(
    ("before", "after", "change"), [r[1:] for r in CHANGES], ids=[r[0] for r in CHANGES]
)
def test_extent_change(before: Extent, after: Extent, change: ExtentChange) -> None:
    assert extent_change(before, after) is change


LIVE = [
    ("green: continue", 2, Extent.BUTTOCK, False, ItemAction.CONTINUE, "green"),
    ("amber: keep the dose", 5, Extent.BUTTOCK, False, ItemAction.KEEP_DOSE, "amber"),
    ("pain above 5: stop the item", 6, Extent.BUTTOCK, False, ItemAction.STOP, "stop"),
    ("spreading: stop the item", 1, Extent.THIGH, False, ItemAction.STOP, "stop"),
    (
        "spreading during massage: ease pressure, move off the nerve line",
        1,
        Extent.THIGH,
        True,
        ItemAction.STOP,
        "stop_massage",
    ),
    ("centralising: continue", 2, Extent.NONE, False, ItemAction.CONTINUE, "green"),
]


@pytest.mark.parametrize(
    ("pain", "now", "massage", "action", "text"), [r[1:] for r in LIVE], ids=[r[0] for r in LIVE]
)
def test_check_now(pain: int, now: Extent, massage: bool, action: ItemAction, text: str) -> None:
    verdict = check_now(pain=pain, before=Extent.BUTTOCK, now=now, massage=massage, policy=POLICY)
    assert verdict.action is action
    assert verdict.text == getattr(POLICY.texts.in_session, text)


def test_massage_stop_text_says_ease_off_and_move_off_the_nerve() -> None:
    text = POLICY.texts.in_session.stop_massage.lower()
    assert "ease off the pressure" in text and "nerve" in text


OUTCOMES = [
    ("green, nothing spread -> tolerated", {}, True, False, False),
    (
        "amber that settled within 1 h -> tolerated",
        {"pain": 4, "settled_within_1h": True},
        True,
        False,
        False,
    ),
    (
        "amber that did not settle -> not tolerated",
        {"pain": 4, "settled_within_1h": False},
        False,
        False,
        False,
    ),
    ("amber, settling not recorded -> not tolerated", {"pain": 5}, False, False, False),
    ("pain above 5 -> step down", {"pain": 6}, False, True, False),
    ("spreading -> step down and leave out", {"extent_after": Extent.FOOT}, False, True, True),
    ("centralising -> tolerated", {"extent_before": Extent.THIGH}, True, False, False),
    ("tingling more at the same reach -> not tolerated", {"more": True}, False, False, False),
    ("stopped early -> not tolerated", {"stopped": True}, False, False, False),
    ("pain missing -> not tolerated", {"pain": None}, False, False, False),
    ("reach missing -> not tolerated", {"extent_before": None}, False, False, False),
]


@pytest.mark.parametrize(
    ("fields", "tolerated", "step_down", "leave_out"),
    [r[1:] for r in OUTCOMES],
    ids=[r[0] for r in OUTCOMES],
)
def test_item_outcome(fields: dict, tolerated: bool, step_down: bool, leave_out: bool) -> None:
    outcome = evaluate_item(result(**fields), policy=POLICY)
    assert (outcome.tolerated, outcome.step_down, outcome.leave_out_next) == (
        tolerated,
        step_down,
        leave_out,
    )


def test_both_sides_merge_to_the_worse_side() -> None:
    s = session(
        1,
        result(side="left", pain=2),
        result(side="right", pain=6, extent_after=Extent.THIGH),
        result("fingers"),
    )
    outcomes = evaluate_session(s, policy=POLICY)
    assert list(outcomes) == ["clamshell_hold", "fingers"]
    clam = outcomes["clamshell_hold"]
    assert clam.zone is PainZone.RED and clam.peripheralised and not clam.tolerated
    assert outcomes["fingers"].tolerated
    assert left_out_next(s, policy=POLICY) == frozenset({"clamshell_hold"})


def test_a_missing_side_makes_the_item_incomplete() -> None:
    s = session(1, result(side="left"), result(side="right", pain=None))
    outcome = evaluate_session(s, policy=POLICY)["clamshell_hold"]
    assert outcome.zone is None and not outcome.complete and not outcome.tolerated
