"""Spec §3-§4, row by row: red pain or spreading at a *temporary* dose (the 48 h easing after
a raised morning, flare-up mode) moves the standing dose too.

The rule: a dose that caused red pain or spreading is never exceeded until two tolerated
sessions at the dose below it. The standing dose steps down to one step below the dose that
hurt (that dose itself at the floor), field by field, locks kept; within the stretch slot the
lying figure-4 is harder than the chair one. A standing dose already at or below that stays.
"""

from __future__ import annotations

from typing import Any

import pytest

from piri.domain.plan import Extent
from piri.domain.prescription import DoseOverride
from piri.domain.progression import Cause, Decision, History
from tests.factories.domain import (
    checkin,
    dosed,
    history,
    morning,
    prescription,
    result,
    run,
    session,
)

Change = tuple[str, str, int | str, int | str]
RAISED = morning(1, pain=5)  # baseline 3 (onboarding): raised, so days 1-2 are eased
FLARE = checkin(1, pain_average=6, stops_activities=True)  # flare-up from day 1


def eased(*items: Any) -> History:
    """A session on the first eased day (day 1), after a raised morning."""
    return history([session(1, *items)], [RAISED])


def in_flare(*items: Any) -> History:
    return history([session(1, *items)], [FLARE])


def lock(*pairs: str) -> dict[str, Any]:
    return {"locked": frozenset(tuple(p.split(".")) for p in pairs)}


ROWS: list[tuple[str, History, dict[str, Any], list[Change]]] = [
    (
        "pain > 5 at an eased hold: the standing hold steps one below it",
        eased(result(hold_s=10, pain=7)),  # clamshell 4x15 eased to 4x10
        {},
        [("clamshell_hold", "hold_s", 15, 5)],
    ),
    (
        "pain > 5 at the eased knee-pull hold (4x5 s, floor): one set fewer, at 5 s",
        eased(result("glute_isometric", hold_s=5, pain=7)),  # 4x10 eased to 4x5
        {},
        [("glute_isometric", "sets", 4, 3), ("glute_isometric", "hold_s", 10, 5)],
    ),
    (
        "spreading at an eased hold: the standing hold steps one below it",
        eased(result(hold_s=10, extent_after=Extent.BELOW_KNEE)),
        {},
        [("clamshell_hold", "hold_s", 15, 5)],
    ),
    (
        "pain > 5 at the flare-up half hold: the standing hold steps one below it",
        in_flare(result("glute_isometric", hold_s=5, pain=8)),
        {},
        [("glute_isometric", "sets", 4, 3), ("glute_isometric", "hold_s", 10, 5)],
    ),
    (
        "pain > 5 at the eased chair stretch: the lying one becomes the chair, one round fewer",
        eased(result("figure4_chair", pain=7)),
        {},
        [
            ("figure4_lying", "variant", "figure4_lying", "figure4_chair"),
            ("figure4_chair", "sets", 4, 3),
        ],
    ),
    (
        "spreading in the flare-up chair stretch: the lying one becomes the chair, one round fewer",
        in_flare(result("figure4_chair", extent_after=Extent.THIGH)),
        {},
        [
            ("figure4_lying", "variant", "figure4_lying", "figure4_chair"),
            ("figure4_chair", "sets", 4, 3),
        ],
    ),
    (
        "at the floor: the dose that hurt itself is the most the standing dose may be",
        eased(result(sets=1, hold_s=5, pain=7)),  # 2x5 eased to 1x5
        {"prescription": dosed("clamshell_hold", sets=2, hold_s=5)},
        [("clamshell_hold", "sets", 2, 1)],
    ),
    (
        "a standing dose already below the dose that hurt stays",
        eased(result(hold_s=10, pain=7)),
        {"prescription": dosed("clamshell_hold", hold_s=5)},
        [],
    ),
    (
        "a standing chair stretch is below a lying stretch that hurt: it stays",
        eased(result("figure4_lying", sets=4, pain=7)),
        {"prescription": prescription(stretch_variant="figure4_chair")},
        [],
    ),
    (
        "locked hold: only the sets step below the dose that hurt",
        eased(result(sets=3, pain=7)),  # the easing took a set off instead of the hold
        lock("clamshell_hold.hold_s"),
        [("clamshell_hold", "sets", 4, 2)],
    ),
    (
        "locked stretch variant: the lying stretch stays, its rounds step below",
        eased(result("figure4_lying", sets=4, pain=7)),
        lock("figure4_lying.variant"),
        [("figure4_lying", "sets", 5, 3)],
    ),
    (
        "locked sets and hold: nothing changes",
        eased(result(pain=7)),
        lock("clamshell_hold.hold_s", "clamshell_hold.sets"),
        [],
    ),
    (
        "a massage option offered for one session hurt: the standing one steps down to it",
        history([session(1, result("fingers", pain=7))]),
        {"prescription": prescription(massage_option="foam_roller")},
        [("foam_roller", "variant", "foam_roller", "fingers")],
    ),
    (
        "a locked massage option stays",
        history([session(1, result("fingers", pain=7))]),
        {"prescription": prescription(massage_option="foam_roller"), **lock("foam_roller.variant")},
        [],
    ),
]


@pytest.mark.parametrize(
    ("hist", "kwargs", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_spec_4_row_at_a_temporary_dose(
    hist: History, kwargs: dict[str, Any], expected: list[Change]
) -> None:
    adaptation = run(hist, today=1, **kwargs)
    assert [(c.item, c.field, c.old, c.new) for c in adaptation.changes] == expected
    again = run(hist, today=1, **{**kwargs, "prescription": adaptation.prescription})
    assert again.changes == () and again.prescription == adaptation.prescription


def test_after_the_easing_the_plan_stays_below_the_dose_that_hurt() -> None:
    hist = eased(result("glute_isometric", hold_s=5, pain=7))
    standing = run(hist, today=1).prescription
    after = run(hist, today=3, prescription=standing)
    assert after.easing is None
    assert after.next_session.dose_overrides["glute_isometric"] == DoseOverride(sets=3, hold_s=5)


def test_after_the_easing_the_chair_stretch_that_hurt_is_not_followed_by_the_lying_one() -> None:
    hist = eased(result("figure4_chair", pain=7))
    standing = run(hist, today=1).prescription
    after = run(hist, today=3, prescription=standing)
    assert after.next_session.stretch_variant == "figure4_chair"
    assert after.next_session.dose_overrides["figure4_chair"] == DoseOverride(sets=3)


def test_the_reasons_name_the_cause_the_patient_reads() -> None:
    pain = run(eased(result(hold_s=10, pain=7)), today=1)
    assert pain.changes[0].cause is Cause.PAIN_HIGH
    assert pain.changes[0].reason == (
        "Side-lying clamshell hold, hold 15 s → 5 s: the pain got too strong last time"
    )
    spread = run(eased(result("figure4_chair", extent_after=Extent.FOOT)), today=1).changes
    assert [c.reason for c in spread] == [
        "Figure-4 stretch, lying down → Figure-4 stretch, sitting on a chair: "
        "the numbness or tingling spread further down your leg last time",
        "Figure-4 stretch, sitting on a chair, rounds 4 → 3: "
        "the numbness or tingling spread further down your leg last time",
    ]
    assert {d.item: d.decision for d in pain.decisions}["clamshell_hold"] is Decision.REGRESS


def test_the_dose_that_hurt_is_passed_again_only_after_two_tolerated_sessions_below_it() -> None:
    hurt = eased(result(hold_s=10, pain=7))
    standing = run(hurt, today=1).prescription  # clamshell 4x5
    one = history(
        [*hurt.sessions, session(3, result(hold_s=5))],
        [RAISED, morning(4)],
    )
    assert run(one, today=4, prescription=standing).changes == ()
    two = history([*one.sessions, session(4, result(hold_s=5))], [*one.checkins, morning(5)])
    changes = run(two, today=5, prescription=standing).changes
    assert [(c.field, c.old, c.new) for c in changes] == [("hold_s", 5, 10)]
