"""Properties of every plan the compiler can make from the built-in protocol."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from piri.domain.compiler import compile_plan
from piri.domain.plan import StepKind
from piri.domain.prescription import DoseOverride, Prescription, Sides
from piri.protocols import builtin

PROTOCOL = builtin()
EXERCISES = [e.id for e in PROTOCOL.exercises]
OPTIONS = [m.id for m in PROTOCOL.massage_options]

overrides = st.dictionaries(
    st.sampled_from(EXERCISES),
    st.builds(
        DoseOverride,
        sets=st.none() | st.integers(min_value=1, max_value=8),
        hold_s=st.none() | st.integers(min_value=1, max_value=60),
    ),
    max_size=4,
) | st.dictionaries(
    st.sampled_from(OPTIONS),
    st.builds(DoseOverride, hold_s=st.integers(min_value=1, max_value=600)),
    max_size=1,
)


@st.composite
def prescriptions(draw: st.DrawFn, sides: st.SearchStrategy[Sides] | None = None) -> Prescription:
    return Prescription(
        sides=draw(st.sampled_from(Sides) if sides is None else sides),
        stretch_variant=draw(st.sampled_from(PROTOCOL.stretch_variants)),
        massage_option=draw(st.sampled_from(OPTIONS)),
        dose_overrides=draw(overrides),
        excluded=draw(st.frozensets(st.sampled_from(EXERCISES + OPTIONS), max_size=3)),
    )


@given(prescriptions())
def test_every_step_has_a_positive_duration_and_a_cue_at_zero(prescription: Prescription) -> None:
    for step in compile_plan(PROTOCOL, prescription).steps:
        assert step.duration_s > 0, step.id
        assert step.cues and step.cues[0].at_s == 0, step.id
        assert all(0 <= cue.at_s < step.duration_s for cue in step.cues), step.id


@given(prescriptions())
def test_total_is_the_sum_of_the_steps(prescription: Prescription) -> None:
    plan = compile_plan(PROTOCOL, prescription)
    assert plan.total_s == sum(step.duration_s for step in plan.steps)
    assert plan.to_dict()["total_s"] == plan.total_s


@given(prescriptions())
def test_step_ids_are_unique(prescription: Prescription) -> None:
    plan = compile_plan(PROTOCOL, prescription)
    assert len(plan.step_ids) == len(plan.steps)


@given(prescriptions(sides=st.sampled_from([Sides.LEFT, Sides.RIGHT])))
def test_both_sides_doubles_the_holds(prescription: Prescription) -> None:
    def holds(sides: Sides) -> int:
        plan = compile_plan(PROTOCOL, replace(prescription, sides=sides))
        return sum(1 for step in plan.steps if step.kind is StepKind.HOLD)

    assert holds(Sides.BOTH) == 2 * holds(prescription.sides)


@given(prescriptions())
def test_holds_carry_their_set_position(prescription: Prescription) -> None:
    for step in compile_plan(PROTOCOL, prescription).steps:
        if step.kind is StepKind.HOLD:
            assert step.set_index is not None and step.set_count is not None
            assert 1 <= step.set_index <= step.set_count
            if step.duration_s >= 10:
                assert len(step.cues) >= 2, step.id


@given(prescriptions())
def test_same_prescription_same_plan(prescription: Prescription) -> None:
    assert compile_plan(PROTOCOL, prescription) == compile_plan(PROTOCOL, prescription)
