"""A stored plan reads back as the plan that was compiled: ``SessionPlan.from_json`` undoes
``to_dict`` for every variant of the built-in protocol."""

from __future__ import annotations

import itertools
import json

import pytest

from piri.domain.compiler import compile_plan
from piri.domain.plan import Branch, BranchAction, SessionPlan, StepKind
from piri.domain.prescription import DoseOverride, Prescription, Sides
from piri.protocols import builtin

PROTOCOL = builtin()
VARIANTS = list(
    itertools.product(Sides, PROTOCOL.stretch_variants, [m.id for m in PROTOCOL.massage_options])
)


def stored(plan: SessionPlan) -> SessionPlan:
    """Through JSON text, as the database keeps it."""
    return SessionPlan.from_json(json.loads(json.dumps(plan.to_dict())))


@pytest.mark.parametrize(
    ("sides", "stretch", "massage"), VARIANTS, ids=["-".join(map(str, v)) for v in VARIANTS]
)
def test_every_variant_reads_back_as_compiled(sides: Sides, stretch: str, massage: str) -> None:
    plan = compile_plan(
        PROTOCOL, Prescription(sides=sides, stretch_variant=stretch, massage_option=massage)
    )
    again = stored(plan)
    assert again == plan
    assert again.to_dict() == plan.to_dict()


def test_doses_and_left_out_items_read_back_too() -> None:
    exercise = PROTOCOL.exercises[-1].id
    plan = compile_plan(
        PROTOCOL,
        Prescription(
            sides=Sides.BOTH,
            stretch_variant=PROTOCOL.stretch_variants[0],
            massage_option=PROTOCOL.massage_options[0].id,
            dose_overrides={PROTOCOL.exercises[0].id: DoseOverride(sets=2, hold_s=25)},
            excluded=frozenset({exercise}),
        ),
    )
    assert stored(plan) == plan
    assert not [s for s in stored(plan).steps if s.item == exercise]


def test_the_typed_plan_has_enums_branches_and_the_total() -> None:
    plan = stored(
        compile_plan(
            PROTOCOL,
            Prescription(
                sides=Sides.RIGHT,
                stretch_variant=PROTOCOL.stretch_variants[0],
                massage_option=PROTOCOL.massage_options[0].id,
            ),
        )
    )
    checks = [s for s in plan.steps if s.kind is StepKind.CHECK and s.on_spread is not None]
    assert checks and all(isinstance(s.on_spread, Branch) for s in checks)
    assert all(s.on_spread and s.on_spread.action is BranchAction.STOP_BLOCK for s in checks)
    assert plan.total_s == sum(s.duration_s for s in plan.steps) > 0
    assert plan.helped_options and plan.step("session.finish").kind is StepKind.FINISH
