"""Spec §3-§4, row by row: what spread is not repeated next session.

Spec §3: peripheralisation -> "stop it now; for massage: ease pressure, move off the nerve
line; do not repeat it next session"; §4: "drop that exercise next session". Piri's reading
(docs/safety.md): the lying and the chair figure-4 are one stretch, so spreading in either
leaves the stretch out; a massage option that spread is not repeated with the same tool on
the same spot, so every option sharing its tool is left out and the session takes the next
easier option with another tool the patient can use, or no massage when there is none.
"""

from __future__ import annotations

from typing import Any

import pytest

from piri.domain.compiler import compile_plan
from piri.domain.plan import Extent
from piri.domain.prescription import Prescription
from piri.domain.progression import Adaptation, History
from tests.factories.domain import PROTOCOL, history, morning, prescription, result, run, session

SPREAD = {"extent_before": Extent.BUTTOCK, "extent_after": Extent.THIGH}


def spread_in(item: str, **overrides: Any) -> History:
    return history([session(1, result(item, **SPREAD, **overrides))])


def planned(rx: Prescription) -> list[str]:
    """The items a session compiled from ``rx`` has, in order."""
    items = [s.item for s in compile_plan(PROTOCOL, rx).steps if s.item]
    return list(dict.fromkeys(items))


def lock(*pairs: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(p.split(".")) for p in pairs)


EVERYTHING_ELSE = ["glute_isometric", "clamshell_hold"]

# (row, history, run arguments, the next session's items, the items named as left out)
ROWS: list[tuple[str, History, dict[str, Any], list[str], list[str]]] = [
    (
        "massage spreads: the crossed foam roller is followed by fingers, not the plain roller",
        spread_in("foam_roller_crossed"),
        {"prescription": prescription(massage_option="foam_roller_crossed")},
        ["fingers", "figure4_lying", *EVERYTHING_ELSE],
        ["foam_roller"],
    ),
    (
        "massage spreads: the plain foam roller is followed by fingers (its standing step)",
        spread_in("foam_roller"),
        {"prescription": prescription(massage_option="foam_roller")},
        ["fingers", "figure4_lying", *EVERYTHING_ELSE],
        [],
    ),
    (
        "massage spreads: the next easier option has another tool, so it is offered",
        spread_in("tennis_ball_crossed"),
        {"prescription": prescription(massage_option="tennis_ball_crossed")},
        ["foam_roller_crossed", "figure4_lying", *EVERYTHING_ELSE],
        [],
    ),
    (
        "massage spreads: an easier option the patient has no tool for is passed over",
        spread_in("tennis_ball_crossed"),
        {
            "prescription": prescription(massage_option="tennis_ball_crossed"),
            "massage_at_hand": frozenset({"fingers", "tennis_ball_crossed"}),
        },
        ["fingers", "figure4_lying", *EVERYTHING_ELSE],
        [],
    ),
    (
        "massage spreads: fingers spread, no massage next session",
        spread_in("fingers"),
        {},
        ["figure4_lying", *EVERYTHING_ELSE],
        ["fingers"],
    ),
    (
        "massage spreads: no other tool left on by the clinician, no massage next session",
        spread_in("foam_roller_crossed"),
        {
            "prescription": prescription(
                massage_option="foam_roller_crossed", excluded=frozenset({"fingers"})
            )
        },
        ["figure4_lying", *EVERYTHING_ELSE],
        ["foam_roller"],
    ),
    (
        "massage spreads: a locked option is not swapped, so no massage next session",
        spread_in("foam_roller_crossed"),
        {
            "prescription": prescription(massage_option="foam_roller_crossed"),
            "locked": lock("foam_roller_crossed.variant"),
        },
        ["figure4_lying", *EVERYTHING_ELSE],
        ["foam_roller_crossed"],
    ),
    (
        "stretch spreads: lying spreads, the chair stretch is left out too",
        spread_in("figure4_lying"),
        {},
        ["fingers", *EVERYTHING_ELSE],
        ["figure4_chair"],
    ),
    (
        "stretch spreads: chair spreads, no stretch next session",
        spread_in("figure4_chair"),
        {"prescription": prescription(stretch_variant="figure4_chair")},
        ["fingers", *EVERYTHING_ELSE],
        ["figure4_chair"],
    ),
    (
        "stretch spreads: the eased chair stretch spreads, the lying one is not next either",
        history([session(1, result("figure4_chair", **SPREAD))], [morning(1, pain=5)]),
        {"today": 3},  # after the easing
        ["fingers", *EVERYTHING_ELSE],
        ["figure4_chair"],
    ),
    (
        "stretch spreads: a locked lying stretch is left out all the same",
        spread_in("figure4_lying"),
        {"locked": lock("figure4_lying.variant")},
        ["fingers", *EVERYTHING_ELSE],
        ["figure4_lying"],
    ),
    (
        "exercise spreads: only that exercise is left out",
        spread_in("clamshell_hold"),
        {},
        ["fingers", "figure4_lying", "glute_isometric"],
        ["clamshell_hold"],
    ),
]


def _run(hist: History, kwargs: dict[str, Any]) -> Adaptation:
    return run(hist, **{"today": 1, **kwargs})


@pytest.mark.parametrize(
    ("hist", "kwargs", "items", "named"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_spec_3_row_not_repeated_next_session(
    hist: History, kwargs: dict[str, Any], items: list[str], named: list[str]
) -> None:
    adaptation = _run(hist, kwargs)
    assert planned(adaptation.next_session) == items
    assert [n.item for n in adaptation.notices] == named
    assert adaptation.left_out <= adaptation.next_session.excluded
    assert not adaptation.left_out & adaptation.prescription.excluded  # only next session


def test_the_crossed_roller_steps_to_the_plain_one_which_comes_back_the_session_after() -> None:
    rx = prescription(massage_option="foam_roller_crossed")
    first = run(spread_in("foam_roller_crossed"), today=1, prescription=rx)
    assert first.prescription.massage_option == "foam_roller"
    assert first.left_out == frozenset({"foam_roller", "foam_roller_crossed"})
    hist = history([*spread_in("foam_roller_crossed").sessions, session(2, result("fingers"))])
    later = run(hist, today=2, prescription=first.prescription)
    assert later.changes == () and later.left_out == frozenset()
    assert planned(later.next_session)[0] == "foam_roller"


def test_the_left_out_notice_names_what_the_next_session_would_have_had() -> None:
    adaptation = run(spread_in("figure4_lying"), today=1)
    assert adaptation.prescription.stretch_variant == "figure4_chair"
    assert [n.text for n in adaptation.notices] == [
        "Figure-4 stretch, sitting on a chair is left out of your next session, because the "
        "numbness or tingling spread further down your leg."
    ]
