"""Spec §4, row by row: session and check-in history -> the standing dose changes."""

from __future__ import annotations

from typing import Any

import pytest

from piri.domain.plan import Extent
from piri.domain.policy import Tier
from piri.domain.prescription import DoseOverride
from piri.domain.progression import Cause, Decision, DoseChange, History
from tests.factories.domain import (
    comfortable,
    dosed,
    history,
    morning,
    prescription,
    result,
    run,
    session,
)

Change = tuple[str, str, int | str, int | str] | None


def _two_good(item: str = "clamshell_hold", **overrides: Any) -> History:
    return comfortable(0, 1, item=item, **overrides)


ROWS: list[tuple[str, History, dict[str, Any], Change]] = [
    (
        "progress: hold +5 s after two tolerated sessions",
        _two_good(),
        {},
        ("clamshell_hold", "hold_s", 15, 20),
    ),
    (
        "progress: hold capped at 30 s",
        _two_good(hold_s=28),
        {"prescription": dosed("clamshell_hold", hold_s=28)},
        ("clamshell_hold", "hold_s", 28, 30),
    ),
    (
        "progress: +1 set once the hold is at its cap",
        _two_good(hold_s=30),
        {"prescription": dosed("clamshell_hold", hold_s=30)},
        ("clamshell_hold", "sets", 4, 5),
    ),
    (
        "progress: contract-relax by +1 round only",
        _two_good("figure4_lying"),
        {},
        ("figure4_lying", "sets", 5, 6),
    ),
    (
        "progress: nothing above the caps (6 sets x 30 s)",
        _two_good(sets=6, hold_s=30),
        {"prescription": dosed("clamshell_hold", sets=6, hold_s=30)},
        None,
    ),
    (
        "progress: contract-relax stops at 6 rounds, press stays 10 s",
        _two_good("figure4_lying", sets=6),
        {"prescription": dosed("figure4_lying", sets=6)},
        None,
    ),
    (
        "progress: amber that settled counts as tolerated",
        history(
            [session(0, result(pain=5, settled_within_1h=True)), session(1)],
            [morning(1), morning(2)],
        ),
        {},
        ("clamshell_hold", "hold_s", 15, 20),
    ),
    (
        "progress: centralisation is a good sign",
        comfortable(0, 1, extent_before=Extent.THIGH, extent_after=Extent.BUTTOCK),
        {},
        ("clamshell_hold", "hold_s", 15, 20),
    ),
    ("hold: one tolerated session is not enough", comfortable(1), {}, None),
    (
        "hold: amber in the latest session",
        history(
            [session(0), session(1, result(pain=4, settled_within_1h=True))],
            [morning(1), morning(2)],
        ),
        {},
        None,
    ),
    ("hold: adherence below 2/3", _two_good(), {"weekly_target": 4}, None),
    ("hold: an open tier D flag", _two_good(), {"tier": Tier.D}, None),
    ("hold: an open tier U flag", _two_good(), {"tier": Tier.U}, None),
    (
        "missing data: no next-morning answer",
        history([session(0), session(1)], []),
        {},
        None,
    ),
    (
        "missing data: no pain recorded",
        history([session(0), session(1, result(pain=None))], [morning(1), morning(2)]),
        {},
        None,
    ),
    (
        "missing data: no reach recorded",
        history([session(0), session(1, result(extent_after=None))], [morning(1), morning(2)]),
        {},
        None,
    ),
    (
        "missing data: amber with no settling answer",
        history(
            [session(0, result(pain=5)), session(1)],
            [morning(1), morning(2)],
        ),
        {},
        None,
    ),
    (
        "missing data: an item not completed",
        history([session(0), session(1, result(completed=False))], [morning(1), morning(2)]),
        {},
        None,
    ),
    (
        "regress: pain above 5 -> hold -5 s",
        history([session(0), session(1, result(pain=6))], [morning(1)]),
        {},
        ("clamshell_hold", "hold_s", 15, 10),
    ),
    (
        "regress: peripheralisation -> hold -5 s",
        history([session(1, result(extent_after=Extent.BELOW_KNEE))], []),
        {},
        ("clamshell_hold", "hold_s", 15, 10),
    ),
    (
        "regress: a set above the protocol's comes off first",
        history([session(1, result(sets=5, hold_s=30, pain=7))], []),
        {"prescription": dosed("clamshell_hold", sets=5, hold_s=30)},
        ("clamshell_hold", "sets", 5, 4),
    ),
    (
        "regress: floor stretch -> chair version",
        history([session(1, result("figure4_lying", pain=6))], []),
        {},
        ("figure4_lying", "variant", "figure4_lying", "figure4_chair"),
    ),
    (
        "regress: chair stretch -> one round fewer",
        history([session(1, result("figure4_chair", pain=6))], []),
        {"prescription": prescription(stretch_variant="figure4_chair")},
        ("figure4_chair", "sets", 4, 3),
    ),
    (
        "regress: massage -> the next easier option",
        history([session(1, result("foam_roller", pain=7))], []),
        {"prescription": prescription(massage_option="foam_roller")},
        ("foam_roller", "variant", "foam_roller", "fingers"),
    ),
    (
        "regress: not below the floors (1 set x 5 s)",
        history([session(1, result(sets=1, hold_s=5, pain=8))], []),
        {"prescription": dosed("clamshell_hold", sets=1, hold_s=5)},
        None,
    ),
    (
        "locked: a locked hold is not progressed",
        _two_good(),
        {"locked": frozenset({("clamshell_hold", "hold_s"), ("clamshell_hold", "sets")})},
        None,
    ),
    (
        "locked: a locked hold is not regressed",
        history([session(1, result(pain=8))], []),
        {"locked": frozenset({("clamshell_hold", "hold_s"), ("clamshell_hold", "sets")})},
        None,
    ),
    (
        "locked: with the hold locked, the sets move instead",
        _two_good(),
        {"locked": frozenset({("clamshell_hold", "hold_s")})},
        ("clamshell_hold", "sets", 4, 5),
    ),
    (
        "locked: a locked stretch variant steps down a round instead",
        history([session(1, result("figure4_lying", pain=6))], []),
        {"locked": frozenset({("figure4_lying", "variant")})},
        ("figure4_lying", "sets", 5, 4),
    ),
    (
        "eased: comfortable sessions at a lower, temporary dose never step the standing dose up",
        comfortable(0, 1, hold_s=10),
        {},
        None,
    ),
]


@pytest.mark.parametrize(
    ("hist", "kwargs", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_spec_4_row(hist: History, kwargs: dict[str, Any], expected: Change) -> None:
    today = max([s.day for s in hist.sessions] + [c.day for c in hist.checkins])
    adaptation = run(hist, today=(today - hist.started).days, **kwargs)
    changes = [(c.item, c.field, c.old, c.new) for c in adaptation.changes]
    assert changes == ([] if expected is None else [expected])


def test_reason_is_the_sentence_the_patient_reads() -> None:
    adaptation = run(_two_good(), today=2)
    assert adaptation.changes == (
        DoseChange(
            item="clamshell_hold",
            field="hold_s",
            old=15,
            new=20,
            reason="Side-lying clamshell hold, hold 15 s → 20 s: two comfortable sessions in a row",
            cause=Cause.TOLERATED,
        ),
    )
    assert adaptation.prescription.dose_overrides == {"clamshell_hold": DoseOverride(hold_s=20)}


def test_regress_reasons_name_the_cause() -> None:
    pain = run(history([session(1, result(pain=6))]), today=1).changes[0]
    spread = run(history([session(1, result(extent_after=Extent.FOOT))]), today=1).changes[0]
    assert pain.cause is Cause.PAIN_HIGH and pain.reason.endswith("too strong last time")
    assert spread.cause is Cause.SPREAD and "spread further down your leg" in spread.reason


def test_regress_to_chair_switches_the_stretch_variant() -> None:
    adaptation = run(history([session(1, result("figure4_lying", pain=6))]), today=1)
    assert adaptation.prescription.stretch_variant == "figure4_chair"
    assert adaptation.changes[0].reason == (
        "Figure-4 stretch, lying down → Figure-4 stretch, sitting on a chair: "
        "the pain got too strong last time"
    )


def test_running_again_on_the_new_prescription_changes_nothing_more() -> None:
    first = run(_two_good(), today=2)
    again = run(_two_good(), today=2, prescription=first.prescription)
    assert first.changes and not again.changes
    assert again.prescription == first.prescription
    regress = run(history([session(1, result(pain=7))]), today=1)
    assert not run(
        history([session(1, result(pain=7))]), today=1, prescription=regress.prescription
    ).changes


def test_peripheralised_item_is_left_out_of_the_next_session_only() -> None:
    hist = history([session(1, result(extent_after=Extent.THIGH), result("fingers"))])
    adaptation = run(hist, today=1)
    assert adaptation.left_out == frozenset({"clamshell_hold"})
    assert "clamshell_hold" in adaptation.next_session.excluded
    assert "clamshell_hold" not in adaptation.prescription.excluded
    assert [n.item for n in adaptation.notices] == ["clamshell_hold"]
    assert adaptation.notices[0].text.startswith("Side-lying clamshell hold is left out")
    later = history([*hist.sessions, session(2, result("fingers"))])
    assert run(later, today=2).left_out == frozenset()


def test_clinician_exclusions_are_kept() -> None:
    rx = prescription(excluded=frozenset({"glute_isometric"}))
    adaptation = run(_two_good(), today=2, prescription=rx)
    assert adaptation.prescription.excluded == frozenset({"glute_isometric"})
    assert "glute_isometric" not in {d.item for d in adaptation.decisions}


def test_decisions_say_why() -> None:
    decisions = {
        d.item: (d.decision, d.why) for d in run(_two_good(), today=2, weekly_target=4).decisions
    }
    assert decisions == {
        "fingers": (Decision.HOLD, "massage"),
        "figure4_lying": (Decision.NO_DATA, "not_enough_sessions"),
        "glute_isometric": (Decision.NO_DATA, "not_enough_sessions"),
        "clamshell_hold": (Decision.HOLD, "adherence"),
    }


def test_sessions_after_today_are_ignored() -> None:
    assert not run(_two_good(), today=0).changes


def test_a_progression_needs_new_sessions_at_the_new_dose() -> None:
    hist = history(
        [session(0), session(1), session(2, result(hold_s=20)), session(3, result(hold_s=20))],
        [morning(1), morning(2), morning(3), morning(4)],
    )
    rx = dosed("clamshell_hold", hold_s=20)
    change = run(hist, today=4, prescription=rx).changes
    assert [(c.old, c.new) for c in change] == [(20, 25)]
    only_one_at_20 = history(hist.sessions[:3], hist.checkins[:3])
    assert not run(only_one_at_20, today=3, prescription=rx).changes
