"""Red-flag triage (spec §2): which tier a set of answers gives, and what to ask when.

The questions, their tiers and all their words come from the policy (``Policy.triage``);
nothing here holds patient-facing text. Answers are Yes / No / Not sure; "Not sure" counts
as Yes, and so does a question that was asked but not answered. The highest tier wins.
A question may count for a higher tier only together with others (E10: tier E with any of
E1-E6, tier U alone). The age gate (D4) is met by a "yes", or by the person's age and
first-episode status when the caller knows them.

Time is passed in: ``due_screening(now=...)`` never reads a clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from piri.domain.policy import (
    Answer,
    ExerciseStatus,
    Policy,
    Question,
    Tier,
    TierInfo,
)

__all__ = [
    "Answer",
    "Hit",
    "Question",
    "Screening",
    "Tier",
    "TriageContext",
    "TriageResult",
    "assess",
    "counts_as_yes",
    "due_screening",
    "questions_for",
]


class Screening(StrEnum):
    """Why a screening is asked; each names a set of question blocks in the policy."""

    ONBOARDING = "onboarding"  # the full set
    BEFORE_SESSION = "before_session"  # the E block
    WEEKLY = "weekly"  # the full set, a week after the last full one
    AFTER_WORSE = "after_worse"  # the full set, after a check-in that said "worse"
    SPREADING = "spreading"  # U and D: spreading that persisted or came with new numbness

    @property
    def is_full(self) -> bool:
        return self in (Screening.ONBOARDING, Screening.WEEKLY, Screening.AFTER_WORSE)


@dataclass(frozen=True, slots=True)
class TriageContext:
    """What the caller knows about the person beyond this screening's answers."""

    age: int | None = None
    first_episode: bool | None = None  # first-ever episode of this pain


@dataclass(frozen=True, slots=True)
class Hit:
    """A question that counted as "yes", with the tier it counted for."""

    question: str
    tier: Tier


@dataclass(frozen=True, slots=True)
class TriageResult:
    tier: Tier
    causes: tuple[str, ...]  # the question ids that gave ``tier`` (empty for C)
    hits: tuple[Hit, ...]  # every question that counted as "yes", in policy order
    unanswered: tuple[str, ...]  # asked but not answered: counted as "not sure"
    info: TierInfo  # the tier's name, advice and behaviour, from the policy

    @property
    def locks(self) -> bool:
        """The program stays locked until a clinician records a review."""
        return self.info.locks

    @property
    def dismissible(self) -> bool:
        return self.info.dismissible

    @property
    def alert_clinic(self) -> bool:
        return self.info.alert_clinic

    @property
    def exercises(self) -> ExerciseStatus:
        return self.info.exercises

    @property
    def exercises_allowed(self) -> bool:
        """Sessions may run (for D, only within the monitoring rules and without progressing)."""
        return self.info.exercises in (ExerciseStatus.ALLOWED, ExerciseStatus.MONITORED)


def counts_as_yes(answer: Answer | str | None, *, policy: Policy) -> bool:
    """Yes, and Not sure (the policy makes it count as Yes); a missing answer too."""
    if answer is None:
        return True
    answer = Answer(answer)
    return answer is Answer.YES or (
        answer is Answer.NOT_SURE and policy.triage.not_sure_counts_as_yes
    )


def assess(
    answers: Mapping[str, Answer | str],
    *,
    policy: Policy,
    context: TriageContext | None = None,
    asked: Iterable[str] | None = None,
) -> TriageResult:
    """The tier for these answers. ``asked`` (default: the answered ids) are the questions put
    to the person; one of them without an answer counts as "not sure". Unknown ids raise
    ``ValueError``."""
    triage = policy.triage
    known = {q.id for q in triage.questions}
    asked_ids = set(answers) if asked is None else set(asked)
    unknown = sorted((set(answers) | asked_ids) - known)
    if unknown:
        raise ValueError(f"unknown question ids: {', '.join(unknown)}")
    yes = {
        q.id
        for q in triage.questions
        if q.id in answers or q.id in asked_ids
        if counts_as_yes(answers.get(q.id), policy=policy)
    }
    if _age_gate_met(policy, context or TriageContext()):
        yes.add(triage.age_gate.question)
    hits = tuple(Hit(q.id, _tier_of(q, yes)) for q in triage.questions if q.id in yes)
    tier = max((hit.tier for hit in hits), default=Tier.C)
    return TriageResult(
        tier=tier,
        causes=tuple(hit.question for hit in hits if hit.tier is tier and tier is not Tier.C),
        hits=hits,
        unanswered=tuple(q.id for q in triage.questions if q.id in asked_ids - set(answers)),
        info=triage.tier(tier),
    )


def _tier_of(question: Question, yes: set[str]) -> Tier:
    escalate = question.escalate
    if escalate is not None and yes.intersection(escalate.with_any):
        return max(question.tier, escalate.to)
    return question.tier


def _age_gate_met(policy: Policy, context: TriageContext) -> bool:
    gate = policy.triage.age_gate
    if context.age is None:
        return False
    if gate.first_episode_only and context.first_episode is not True:
        return False
    return context.age > gate.over or context.age < gate.under


def questions_for(screening: Screening, *, policy: Policy) -> tuple[Question, ...]:
    """The questions a screening asks, in the policy's order."""
    schedule = policy.triage.schedule
    blocks: tuple[str, ...] = getattr(schedule, screening.value)
    return policy.triage.blocks(blocks)


def due_screening(
    *,
    now: datetime,
    last_full_at: datetime | None,
    last_worse_at: datetime | None,
    policy: Policy,
) -> Screening:
    """What to ask now, before a session or right after a check-in.

    ``last_full_at``: when the last full screening was answered (``None``: never);
    ``last_worse_at``: when the last check-in that said "worse" was made. A full screening
    is due at onboarding, after a "worse" check-in that no full screening has followed, and
    a week after the last one; otherwise the E block (before a session; after a check-in,
    a result that is not ``is_full`` means nothing needs asking now).
    """
    if last_full_at is None:
        return Screening.ONBOARDING
    if last_worse_at is not None and last_worse_at > last_full_at:
        return Screening.AFTER_WORSE
    every = timedelta(days=policy.triage.schedule.weekly_every_days.value)
    if now - last_full_at >= every:
        return Screening.WEEKLY
    return Screening.BEFORE_SESSION
