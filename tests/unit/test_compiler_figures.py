"""Each step of a plan says which figure it shows, in which key pose, and how it moves."""

from __future__ import annotations

import dataclasses

from piri.domain.compiler import compile_plan
from piri.domain.plan import Motion, SessionPlan, Step, StepKind
from piri.domain.prescription import Prescription, Sides
from piri.domain.protocol import Protocol
from piri.protocols import builtin


def plan(
    sides: Sides = Sides.RIGHT,
    stretch: str = "figure4_lying",
    massage: str = "foam_roller",
    protocol: Protocol | None = None,
) -> SessionPlan:
    prescription = Prescription(sides=sides, stretch_variant=stretch, massage_option=massage)
    return compile_plan(protocol or builtin(), prescription)


def shown(step: Step) -> tuple[str | None, str | None, str | None, str | None]:
    motion = None if step.motion is None else step.motion.value
    return step.figure, step.pose, step.pose_from, motion


def test_a_contract_relax_round_presses_eases_in_and_rests_in_the_deeper_position() -> None:
    steps = {s.id: s for s in plan().steps}
    block = "figure4_lying.right"
    assert shown(steps[f"{block}.setup"]) == ("figure4_lying", "start", None, "still")
    assert shown(steps[f"{block}.ready.1"]) == ("figure4_lying", "start", None, "still")
    assert shown(steps[f"{block}.hold.1"]) == ("figure4_lying", "press", None, "still")
    assert shown(steps[f"{block}.relax.1"]) == ("figure4_lying", "relax", "press", "ease")
    assert shown(steps[f"{block}.rest.1"]) == ("figure4_lying", "relax", None, "still")
    assert shown(steps[f"{block}.check"]) == (None, None, None, None)


def test_a_hold_is_still_and_its_rest_goes_back_to_the_start() -> None:
    steps = {s.id: s for s in plan().steps}
    block = "clamshell_hold.right"
    assert shown(steps[f"{block}.hold.1"]) == ("clamshell_hold", "hold", None, "still")
    assert shown(steps[f"{block}.rest.1"]) == ("clamshell_hold", "start", None, "still")


def test_a_massage_moves_to_and_fro() -> None:
    steps = {s.id: s for s in plan().steps}
    for half in (1, 2):
        step = steps[f"foam_roller.right.massage.{half}"]
        assert shown(step) == ("foam_roller", "massage", "massage_to", "loop")
    assert shown(steps["foam_roller.right.check.during"]) == (None, None, None, None)


def test_both_sides_show_the_side_being_worked_switch_step_included() -> None:
    steps = {s.id: s for s in plan(Sides.BOTH, stretch="figure4_chair").steps}
    switch = steps["figure4_chair.right.switch"]
    assert shown(switch) == ("figure4_chair", "start", None, "still")
    assert switch.side == "right"
    assert steps["figure4_chair.left.hold.1"].side == "left"


def test_session_steps_show_no_figure() -> None:
    steps = plan().steps
    session = [s for s in steps if s.block == "session"]
    assert [s.kind for s in session] == [StepKind.CHECK, StepKind.FINISH]
    assert all(shown(s) == (None, None, None, None) for s in session)
    assert all(s.figure == s.item for s in steps if s.kind is not StepKind.CHECK and s.item)


def test_an_item_without_a_figure_or_a_second_massage_pose() -> None:
    protocol = builtin()
    roller = protocol.massage_option("foam_roller")
    assert roller.figure is not None
    still = dataclasses.replace(
        roller.figure, poses=tuple(p for p in roller.figure.poses if p.name != "massage_to")
    )
    options = tuple(
        dataclasses.replace(m, figure=still) if m.id == "foam_roller" else m
        for m in protocol.massage_options
    )
    exercises = tuple(dataclasses.replace(e, figure=None) for e in protocol.exercises)
    own = dataclasses.replace(protocol, massage_options=options, exercises=exercises)
    steps = {s.id: s for s in plan(protocol=own).steps}
    massage = steps["foam_roller.right.massage.1"]
    assert shown(massage) == ("foam_roller", "massage", None, "still")
    assert shown(steps["figure4_lying.right.hold.1"]) == (None, None, None, None)


def test_the_figure_fields_survive_the_stored_json() -> None:
    compiled = plan(Sides.BOTH)
    again = SessionPlan.from_json(compiled.to_dict())
    assert again == compiled
    relax = again.step("figure4_lying.left.relax.2")
    assert relax.motion is Motion.EASE and relax.pose_from == "press"
    old = compiled.to_dict()  # a plan stored before figures: no such fields
    for step in old["steps"]:
        for name in ("figure", "pose", "pose_from", "motion"):
            del step[name]
    assert SessionPlan.from_json(old).step("figure4_lying.left.relax.2").figure is None
