"""Properties of the safety rules over any history (hypothesis).

- No history moves a dose above a cap or below a floor (standing or next session).
- Any tier-E answer locks the program, whatever else is answered.
- The engine is deterministic: the same history and policy give the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piri.domain.compiler import compile_plan
from piri.domain.history import CheckIn, ItemResult, SessionOutcome
from piri.domain.ladder import dose_of
from piri.domain.overlays import items_of
from piri.domain.plan import Extent
from piri.domain.policy import Answer, Tier
from piri.domain.prescription import DoseOverride, Prescription
from piri.domain.progression import Adaptation, History
from piri.domain.triage import assess
from tests.factories.domain import POLICY, PROTOCOL, START, prescription, run

LIMITS = POLICY.progression.limits
EXERCISES = {e.id: e for e in PROTOCOL.exercises}
OPTIONS = [m.id for m in PROTOCOL.massage_options]
QUESTIONS = [q.id for q in POLICY.triage.questions]
E_ALONE = [q.id for q in POLICY.triage.questions if q.tier is Tier.E]

pains = st.none() | st.integers(min_value=0, max_value=10)
extents = st.none() | st.sampled_from(list(Extent))
maybe_bool = st.none() | st.booleans()


def start_prescription() -> st.SearchStrategy[Prescription]:
    def dose(exercise_id: str) -> st.SearchStrategy[DoseOverride]:
        contract = EXERCISES[exercise_id].style == "contract_relax"
        hold_cap = (LIMITS.contract_cap_s if contract else LIMITS.hold_cap_s).value
        return st.builds(
            DoseOverride,
            sets=st.integers(LIMITS.sets_floor.value, LIMITS.sets_cap.value),
            hold_s=st.integers(LIMITS.hold_floor_s.value, hold_cap),
        )

    overrides = st.fixed_dictionaries({}, optional={e: dose(e) for e in EXERCISES})
    return st.builds(
        prescription,
        stretch_variant=st.sampled_from(PROTOCOL.stretch_variants),
        massage_option=st.sampled_from(OPTIONS),
        dose_overrides=overrides,
    )


def assert_within_limits(rx: Prescription) -> None:
    for exercise in EXERCISES.values():
        dose = dose_of(exercise, rx)
        contract = exercise.style == "contract_relax"
        hold_cap = (LIMITS.contract_cap_s if contract else LIMITS.hold_cap_s).value
        assert LIMITS.sets_floor.value <= dose.sets <= LIMITS.sets_cap.value, (exercise.id, dose)
        assert LIMITS.hold_floor_s.value <= dose.hold_s <= hold_cap, (exercise.id, dose)
    compile_plan(PROTOCOL, rx)  # and the plan compiler accepts it


@dataclass(frozen=True)
class Lived:
    adaptations: list[Adaptation]
    history: History
    start: Prescription
    locked: frozenset[tuple[str, str]]


@st.composite
def lived_history(draw: st.DrawFn) -> Lived:
    """Up to three weeks lived day by day: each day maybe a session of the next session's
    items at its doses, maybe a check-in, then ``adapt`` with the stored prescription."""
    rx = draw(start_prescription())
    locked = draw(
        st.frozensets(
            st.tuples(
                st.sampled_from([*EXERCISES, *OPTIONS]),
                st.sampled_from(["sets", "hold_s", "variant"]),
            ),
            max_size=3,
        )
    )
    start = rx
    hist = History(started=START, baseline_pain=draw(pains))
    adaptations: list[Adaptation] = []
    nxt = rx
    for n in range(draw(st.integers(min_value=1, max_value=21))):
        today = START + timedelta(days=n)
        if draw(st.booleans()):
            results = []
            for item in items_of(PROTOCOL, nxt):
                if item in EXERCISES:
                    dose = dose_of(EXERCISES[item], nxt)
                    sets, hold_s = dose.sets, dose.hold_s
                else:
                    sets, hold_s = 1, PROTOCOL.massage_option(item).duration_s
                results.append(
                    ItemResult(
                        item=item,
                        sets=sets,
                        hold_s=hold_s,
                        pain=draw(pains),
                        extent_before=draw(extents),
                        extent_after=draw(extents),
                        more=draw(st.booleans()),
                        completed=draw(st.booleans()),
                        settled_within_1h=draw(maybe_bool),
                    )
                )
            hist = replace(hist, sessions=(*hist.sessions, SessionOutcome(today, tuple(results))))
        if draw(st.booleans()):
            checkin = CheckIn(
                today,
                pain_now=draw(pains),
                pain_average=draw(pains),
                next_morning=draw(pains),
                new_stiffness=draw(maybe_bool),
                extent=draw(extents),
                new_numbness_or_weakness=draw(maybe_bool),
                stops_activities=draw(maybe_bool),
                worse=draw(maybe_bool),
                weekly=draw(st.booleans()),
            )
            hist = replace(hist, checkins=(*hist.checkins, checkin))
        adaptation = run(
            hist,
            today=n,
            prescription=rx,
            locked=locked,
            weekly_target=draw(st.integers(min_value=1, max_value=7)),
            tier=draw(st.sampled_from(list(Tier))),
        )
        adaptations.append(adaptation)
        rx, nxt = adaptation.prescription, adaptation.next_session
    return Lived(adaptations, hist, start, locked)


SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(lived_history())
def test_no_history_moves_a_dose_past_a_cap_or_floor(lived: Lived) -> None:
    for adaptation in lived.adaptations:
        assert_within_limits(adaptation.prescription)
        assert_within_limits(adaptation.next_session)
        for change in adaptation.changes:
            assert change.reason and change.old != change.new


@SLOW
@given(lived_history(), st.data())
def test_the_engine_is_deterministic(lived: Lived, data: st.DataObject) -> None:
    hist = lived.history
    days = [START, *(s.day for s in hist.sessions), *(c.day for c in hist.checkins)]
    today = (max(days) - START).days
    rx = data.draw(start_prescription())
    first = run(hist, today=today, prescription=rx)
    again = run(hist, today=today, prescription=rx)
    assert first == again
    assert run(hist, today=today, prescription=first.prescription).changes == ()


@SLOW
@given(lived_history())
def test_locked_fields_never_change(lived: Lived) -> None:
    start = lived.start
    for adaptation in lived.adaptations:
        for rx in (adaptation.prescription, adaptation.next_session):
            for item, field in lived.locked:
                if item in EXERCISES and field in ("sets", "hold_s"):
                    now = getattr(dose_of(EXERCISES[item], rx), field)
                    assert now == getattr(dose_of(EXERCISES[item], start), field)
                elif field == "variant" and item == start.stretch_variant:
                    assert rx.stretch_variant == item
                elif field == "variant" and item == start.massage_option:
                    assert rx.massage_option == item


answers = st.fixed_dictionaries({qid: st.sampled_from(list(Answer)) for qid in QUESTIONS})


@given(answers, st.sampled_from(E_ALONE), st.sampled_from([Answer.YES, Answer.NOT_SURE]))
def test_any_e_answer_locks_whatever_else_is_true(
    given_answers: dict[str, Answer], e_question: str, answer: Answer
) -> None:
    result = assess({**given_answers, e_question: answer}, policy=POLICY)
    assert result.tier is Tier.E
    assert result.locks and not result.dismissible and not result.exercises_allowed
    assert e_question in result.causes


@given(answers)
def test_tier_c_only_without_any_yes_and_never_below_a_yes(
    given_answers: dict[str, Answer],
) -> None:
    result = assess(given_answers, policy=POLICY)
    yes = [q for q, a in given_answers.items() if a is not Answer.NO]
    assert (result.tier is Tier.C) is not yes
    assert all(result.tier >= POLICY.triage.question(q).tier for q in yes)
