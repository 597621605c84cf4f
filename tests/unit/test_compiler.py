"""Prescription -> SessionPlan with the built-in RSS protocol: the article's doses, per side."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from piri.domain.compiler import PrescriptionError, compile_plan
from piri.domain.plan import BranchAction, SessionPlan, Step, StepKind
from piri.domain.prescription import DoseOverride, Sides
from piri.domain.protocol import Protocol
from piri.protocols import builtin
from tests.factories.domain import prescription


def make_plan(**overrides: Any) -> SessionPlan:
    return compile_plan(builtin(), prescription(**overrides))


def steps(plan: SessionPlan, *, kind: StepKind, block: str | None = None) -> list[Step]:
    return [s for s in plan.steps if s.kind is kind and (block is None or s.block == block)]


def test_lying_stretch_is_five_ten_second_presses() -> None:
    holds = steps(make_plan(), kind=StepKind.HOLD, block="figure4_lying.right")
    assert [h.duration_s for h in holds] == [10] * 5
    assert [(h.set_index, h.set_count) for h in holds] == [(i, 5) for i in range(1, 6)]
    assert len(steps(make_plan(), kind=StepKind.RELAX, block="figure4_lying.right")) == 5
    assert len(steps(make_plan(), kind=StepKind.REST, block="figure4_lying.right")) == 4


def test_chair_stretch_is_four_ten_second_presses() -> None:
    plan = make_plan(stretch_variant="figure4_chair")
    holds = steps(plan, kind=StepKind.HOLD, block="figure4_chair.right")
    assert [h.duration_s for h in holds] == [10] * 4
    assert not [s for s in plan.steps if s.item == "figure4_lying"]


def test_strengthen_doses() -> None:
    plan = make_plan()
    assert [
        h.duration_s for h in steps(plan, kind=StepKind.HOLD, block="glute_isometric.right")
    ] == [10] * 4
    assert [
        h.duration_s for h in steps(plan, kind=StepKind.HOLD, block="clamshell_hold.right")
    ] == [15] * 4


def test_contract_relax_round_order() -> None:
    plan = make_plan()
    block = [s for s in plan.steps if s.block == "figure4_lying.right"]
    kinds = [s.kind for s in block[:6]]
    assert kinds == [
        StepKind.INSTRUCTION,
        StepKind.GET_READY,
        StepKind.HOLD,
        StepKind.RELAX,
        StepKind.REST,
        StepKind.GET_READY,
    ]
    assert block[-1].kind is StepKind.CHECK


def test_session_opens_with_a_baseline_check_and_ends_with_finish() -> None:
    plan = make_plan()
    first, last = plan.steps[0], plan.steps[-1]
    assert (first.id, first.kind, first.block) == ("session.check.start", StepKind.CHECK, "session")
    assert (last.id, last.kind, last.block) == ("session.finish", StepKind.FINISH, "session")


def test_phases_run_rest_stretch_strengthen() -> None:
    phases = [s.phase for s in make_plan().steps]
    order = [p for i, p in enumerate(phases) if i == 0 or phases[i - 1] != p]
    assert order == ["session", "rest", "stretch", "strengthen", "session"]


def test_massage_block_with_its_checks() -> None:
    plan = make_plan(massage_option="massage_gun")
    block = [s for s in plan.steps if s.block == "massage_gun.right"]
    assert [s.kind for s in block] == [
        StepKind.INSTRUCTION,
        StepKind.MASSAGE,
        StepKind.CHECK,
        StepKind.MASSAGE,
        StepKind.CHECK,
    ]
    assert sum(s.duration_s for s in block if s.kind is StepKind.MASSAGE) == 90
    during = plan.step("massage_gun.right.check.during")
    assert during.on_worse is not None and during.on_worse.action is BranchAction.EASE_PRESSURE
    assert during.on_spread is not None and during.on_spread.action is BranchAction.STOP_BLOCK
    assert "eased" in plan.step("massage_gun.right.check.after").title


def test_checks_after_exercises() -> None:
    plan = make_plan()
    stretch = plan.step("figure4_lying.right.check")
    assert stretch.ask_pain
    assert stretch.on_worse is not None and stretch.on_worse.action is BranchAction.REDUCE_RANGE
    assert stretch.on_spread is not None and stretch.on_spread.stops_block
    for item in ("glute_isometric", "clamshell_hold"):
        check = plan.step(f"{item}.right.check")
        assert check.ask_pain
        assert check.on_worse is not None and check.on_worse.action is BranchAction.STOP_BLOCK
        assert check.on_spread is not None and check.on_spread.action is BranchAction.STOP_BLOCK


def test_get_ready_counts_down_three_two_one() -> None:
    ready = make_plan().step("clamshell_hold.right.ready.1")
    assert ready.duration_s == 3
    assert [(c.at_s, c.text) for c in ready.cues] == [(0, "3"), (1, "2"), (2, "1")]


def test_holds_get_a_five_seconds_left_cue() -> None:
    hold = make_plan().step("clamshell_hold.right.hold.2")
    assert hold.cues[0].at_s == 0
    assert (hold.cues[-1].at_s, hold.cues[-1].text) == (10, "Five seconds left.")
    short = make_plan(dose_overrides={"clamshell_hold": DoseOverride(hold_s=8)})
    assert [c.at_s for c in short.step("clamshell_hold.right.hold.1").cues] == [0]


def test_switch_sides_only_when_both() -> None:
    assert steps(make_plan(), kind=StepKind.SWITCH_SIDES) == []
    both = make_plan(sides=Sides.BOTH)
    switches = steps(both, kind=StepKind.SWITCH_SIDES)
    assert [s.id for s in switches] == [
        "fingers.right.switch",
        "figure4_lying.right.switch",
        "glute_isometric.right.switch",
        "clamshell_hold.right.switch",
    ]
    assert all("right" in s.title for s in switches)


def _lying_on(lie_on: str | None) -> Protocol:
    """The built-in protocol with the clamshell done lying on ``lie_on``."""
    protocol = builtin()
    clamshell = dataclasses.replace(protocol.exercise("clamshell_hold"), lie_on=lie_on)
    exercises = tuple(clamshell if e.id == clamshell.id else e for e in protocol.exercises)
    return dataclasses.replace(protocol, exercises=exercises)


SWITCH_ROWS = [
    (
        "side-lying, lying on the other side: the switch says which way to lie",
        "clamshell_hold",
        "other_side",
        "Now your right leg: lie on your left side",
        "Now for your right leg. Turn over and lie on your left side.",
    ),
    (
        "side-lying, lying on the worked side: the switch says that side",
        "clamshell_hold",
        "side",
        "Now your right leg: lie on your right side",
        "Now for your right leg. Turn over and lie on your right side.",
    ),
    (
        "not side-lying: the general switch words",
        "clamshell_hold",
        None,
        "Switch to your right side",
        "Now let's do your right side.",
    ),
    (
        "lying on the back: the general switch words",
        "glute_isometric",
        "other_side",
        "Switch to your right side",
        "Now let's do your right side.",
    ),
    (
        "massage: the general switch words",
        "fingers",
        "other_side",
        "Switch to your right side",
        "Now let's do your right side.",
    ),
]


@pytest.mark.parametrize(
    ("item", "lie_on", "title", "cue"),
    [r[1:] for r in SWITCH_ROWS],
    ids=[r[0] for r in SWITCH_ROWS],
)
def test_spec_1_both_sides_switch_cue(item: str, lie_on: str | None, title: str, cue: str) -> None:
    plan = compile_plan(_lying_on(lie_on), prescription(sides=Sides.BOTH))
    switch = plan.step(f"{item}.right.switch")
    assert (switch.title, switch.cues[0].text) == (title, cue)
    assert "{" not in switch.text


def test_the_builtin_clamshell_is_done_lying_on_the_other_side() -> None:
    assert builtin().exercise("clamshell_hold").lie_on == "other_side"
    assert {e.lie_on for e in builtin().exercises if e.id != "clamshell_hold"} == {None}


def test_both_sides_run_left_then_right() -> None:
    blocks = list(dict.fromkeys(s.block for s in make_plan(sides=Sides.BOTH).steps))
    assert blocks == [
        "session",
        "fingers.left",
        "fingers.right",
        "figure4_lying.left",
        "figure4_lying.right",
        "glute_isometric.left",
        "glute_isometric.right",
        "clamshell_hold.left",
        "clamshell_hold.right",
    ]


def test_side_words_are_filled_in() -> None:
    left = make_plan(sides=Sides.LEFT)
    setup = left.step("figure4_lying.left.setup")
    assert "left ankle over your right knee" in setup.text
    assert "right shoulder" in setup.cues[0].text
    clamshell = left.step("clamshell_hold.left.setup")
    assert "Lie on your right side" in clamshell.text
    for step in left.steps:
        words = [step.title, step.text, step.feel, *(c.text for c in step.cues)]
        assert not any("{" in w for w in words), step.id
        if step.side == "left":
            assert step.block.endswith(".left")


def test_dose_overrides_are_respected() -> None:
    plan = make_plan(
        dose_overrides={
            "clamshell_hold": DoseOverride(sets=3, hold_s=20),
            "glute_isometric": DoseOverride(hold_s=5),
            "fingers": DoseOverride(hold_s=60),
        }
    )
    clam = steps(plan, kind=StepKind.HOLD, block="clamshell_hold.right")
    assert [(h.duration_s, h.set_count) for h in clam] == [(20, 3)] * 3
    glute = steps(plan, kind=StepKind.HOLD, block="glute_isometric.right")
    assert [h.duration_s for h in glute] == [5] * 4
    assert sum(s.duration_s for s in steps(plan, kind=StepKind.MASSAGE)) == 60


def test_excluded_items_are_left_out() -> None:
    plan = make_plan(excluded=frozenset({"clamshell_hold", "fingers"}))
    items = {s.item for s in plan.steps}
    assert "clamshell_hold" not in items and "fingers" not in items
    assert steps(plan, kind=StepKind.MASSAGE) == []
    assert [o.id for o in plan.helped_options] == ["figure4_lying", "glute_isometric"]


def test_helped_options_list_what_the_plan_holds() -> None:
    plan = make_plan(massage_option="tennis_ball_crossed", stretch_variant="figure4_chair")
    assert [(o.id, o.name) for o in plan.helped_options] == [
        ("tennis_ball_crossed", "Tennis ball, leg crossed"),
        ("figure4_chair", "Figure-4 stretch, sitting on a chair"),
        ("glute_isometric", "Knee-pull buttock hold"),
        ("clamshell_hold", "Side-lying clamshell hold"),
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"massage_option": "x"}, "massage_option: unknown option 'x'"),
        (
            {"stretch_variant": "glute_isometric"},
            "stretch_variant: unknown stretch variant 'glute_isometric'",
        ),
        ({"excluded": frozenset({"yoga"})}, "excluded: unknown item 'yoga'"),
        ({"dose_overrides": {"yoga": DoseOverride(sets=2)}}, "dose_overrides: unknown item 'yoga'"),
        (
            {"dose_overrides": {"clamshell_hold": DoseOverride(hold_s=0)}},
            "dose_overrides.clamshell_hold.hold_s: must be greater than 0",
        ),
        (
            {"dose_overrides": {"fingers": DoseOverride(sets=2)}},
            "dose_overrides.fingers.sets: a massage option has no sets",
        ),
        ({"sides": "middle"}, "sides: unknown sides 'middle' (left, right or both)"),
    ],
)
def test_bad_prescriptions_name_the_field(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(PrescriptionError) as caught:
        make_plan(**overrides)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)


def test_plan_is_deterministic_and_serialisable() -> None:
    first = make_plan(sides=Sides.BOTH)
    second = make_plan(sides=Sides.BOTH)
    assert first == second
    data = json.loads(json.dumps(first.to_dict()))
    assert data["total_s"] == first.total_s
    assert data["steps"][0]["id"] == "session.check.start"
    assert data["protocol"] == {"id": "rss", "version": builtin().version}
