"""Spec §2, row by row: red-flag answers -> tier, and what is asked when."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from piri.domain.policy import Answer, ExerciseStatus, Tier
from piri.domain.triage import (
    Screening,
    TriageContext,
    assess,
    counts_as_yes,
    due_screening,
    questions_for,
)
from tests.factories.domain import POLICY

ALL_IDS = [f"E{n}" for n in range(1, 11)] + [f"U{n}" for n in range(1, 6)]
ALL_IDS += [f"D{n}" for n in range(1, 9)]


def answers(*yes: str, value: Answer = Answer.YES) -> dict[str, Answer]:
    """Every question answered No, except ``yes``."""
    return {qid: value if qid in yes else Answer.NO for qid in ALL_IDS}


ROWS = [
    ("C: no yes answers -> continue", (), Tier.C, ()),
    *[(f"E: {qid} yes -> emergency", (qid,), Tier.E, (qid,)) for qid in ALL_IDS[:9]],
    ("E10 alone -> urgent (U)", ("E10",), Tier.U, ("E10",)),
    *[
        (f"E10 with {qid} -> emergency", ("E10", qid), Tier.E, (qid, "E10"))
        for qid in ("E1", "E2", "E3", "E4", "E5", "E6")
    ],
    ("E10 with E7 -> urgent (E7 is E on its own)", ("E7", "E10"), Tier.E, ("E7",)),
    *[(f"U: {qid} yes -> urgent", (qid,), Tier.U, (qid,)) for qid in ALL_IDS[10:15]],
    *[(f"D: {qid} yes -> see a doctor in days", (qid,), Tier.D, (qid,)) for qid in ALL_IDS[15:]],
    ("highest wins: D and U -> U", ("D1", "U3"), Tier.U, ("U3",)),
    ("highest wins: D, U and E -> E", ("D2", "U1", "E4"), Tier.E, ("E4",)),
    ("every tier-E cause is named", ("E1", "E5", "U2"), Tier.E, ("E1", "E5")),
]


@pytest.mark.parametrize(("yes", "tier", "causes"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_spec_2_row(yes: tuple[str, ...], tier: Tier, causes: tuple[str, ...]) -> None:
    result = assess(answers(*yes), policy=POLICY)
    assert result.tier is tier
    assert result.causes == causes


@pytest.mark.parametrize("qid", ALL_IDS)
def test_not_sure_counts_as_yes(qid: str) -> None:
    sure = assess(answers(qid), policy=POLICY)
    unsure = assess(answers(qid, value=Answer.NOT_SURE), policy=POLICY)
    assert unsure.tier is sure.tier and unsure.causes == sure.causes


BEHAVIOUR = [
    (
        "E: locked, cannot be dismissed, clinic alerted",
        "E1",
        Tier.E,
        True,
        False,
        ExerciseStatus.LOCKED,
    ),
    ("U: locked until review, exercises paused", "U1", Tier.U, True, True, ExerciseStatus.PAUSED),
    ("D: exercises only under monitoring", "D1", Tier.D, False, True, ExerciseStatus.MONITORED),
    ("C: normal program", None, Tier.C, False, True, ExerciseStatus.ALLOWED),
]


@pytest.mark.parametrize(
    ("yes", "tier", "locks", "dismissible", "exercises"),
    [r[1:] for r in BEHAVIOUR],
    ids=[r[0] for r in BEHAVIOUR],
)
def test_tier_behaviour(
    yes: str | None, tier: Tier, locks: bool, dismissible: bool, exercises: ExerciseStatus
) -> None:
    result = assess(answers(*(yes,) if yes else ()), policy=POLICY)
    assert (result.tier, result.locks, result.dismissible, result.exercises) == (
        tier,
        locks,
        dismissible,
        exercises,
    )
    assert result.alert_clinic is (tier is not Tier.C)
    assert result.exercises_allowed is (tier in (Tier.C, Tier.D))
    assert result.info.advice and result.info.title


def test_tiers_are_ordered_by_urgency() -> None:
    assert Tier.C < Tier.D < Tier.U < Tier.E
    assert max([Tier.U, Tier.E, Tier.D]) is Tier.E
    assert sorted([Tier.E, Tier.C, Tier.U, Tier.D]) == [Tier.C, Tier.D, Tier.U, Tier.E]


AGE_GATE = [
    ("age gate: first episode, 51 -> D", 51, True, Tier.D),
    ("age gate: first episode, 19 -> D", 19, True, Tier.D),
    ("age gate: first episode, 50 -> C", 50, True, Tier.C),
    ("age gate: first episode, 20 -> C", 20, True, Tier.C),
    ("age gate: not the first episode, 70 -> C", 70, False, Tier.C),
    ("age gate: episode unknown, 70 -> C (the question still asks)", 70, None, Tier.C),
]


@pytest.mark.parametrize(
    ("age", "first", "tier"), [r[1:] for r in AGE_GATE], ids=[r[0] for r in AGE_GATE]
)
def test_age_gate_from_context(age: int, first: bool | None, tier: Tier) -> None:
    result = assess(answers(), policy=POLICY, context=TriageContext(age, first))
    assert result.tier is tier
    assert result.causes == (("D4",) if tier is Tier.D else ())


def test_age_gate_question_counts_whatever_the_context() -> None:
    result = assess(answers("D4"), policy=POLICY, context=TriageContext(35, False))
    assert result.tier is Tier.D


def test_an_asked_question_left_unanswered_counts_as_not_sure() -> None:
    result = assess({"E1": Answer.NO}, policy=POLICY, asked=["E1", "E2"])
    assert result.tier is Tier.E and result.causes == ("E2",)
    assert result.unanswered == ("E2",)


def test_unknown_question_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="Z9"):
        assess({"Z9": Answer.YES}, policy=POLICY)


def test_answers_may_be_plain_strings() -> None:
    assert assess({"U3": "not_sure"}, policy=POLICY).tier is Tier.U
    assert counts_as_yes("not_sure", policy=POLICY)
    assert not counts_as_yes("no", policy=POLICY)


def test_every_question_of_research_1_2_is_asked_once() -> None:
    assert [q.id for q in POLICY.triage.questions] == ALL_IDS


SETS = [
    ("onboarding: the full set", Screening.ONBOARDING, ALL_IDS),
    ("before every session: the E block", Screening.BEFORE_SESSION, ALL_IDS[:10]),
    ("weekly: the full set", Screening.WEEKLY, ALL_IDS),
    ("after a worse check-in: the full set", Screening.AFTER_WORSE, ALL_IDS),
    ("spreading that persisted: U and D", Screening.SPREADING, ALL_IDS[10:]),
]


@pytest.mark.parametrize(("screening", "ids"), [r[1:] for r in SETS], ids=[r[0] for r in SETS])
def test_question_sets(screening: Screening, ids: list[str]) -> None:
    assert [q.id for q in questions_for(screening, policy=POLICY)] == ids


NOW = datetime(2025, 3, 10, 9, 0)
WHEN = [
    ("never screened -> onboarding", None, None, Screening.ONBOARDING),
    ("screened yesterday -> E block", NOW - timedelta(days=1), None, Screening.BEFORE_SESSION),
    ("screened 7 days ago -> weekly full set", NOW - timedelta(days=7), None, Screening.WEEKLY),
    (
        "a worse check-in after the last full set -> full set",
        NOW - timedelta(days=2),
        NOW - timedelta(hours=1),
        Screening.AFTER_WORSE,
    ),
    (
        "a worse check-in already followed by a full set -> E block",
        NOW - timedelta(hours=1),
        NOW - timedelta(days=2),
        Screening.BEFORE_SESSION,
    ),
]


@pytest.mark.parametrize(
    ("last_full", "last_worse", "expected"), [r[1:] for r in WHEN], ids=[r[0] for r in WHEN]
)
def test_what_to_ask_when(
    last_full: datetime | None, last_worse: datetime | None, expected: Screening
) -> None:
    due = due_screening(now=NOW, last_full_at=last_full, last_worse_at=last_worse, policy=POLICY)
    assert due is expected
    assert due.is_full is (expected not in (Screening.BEFORE_SESSION, Screening.SPREADING))
