"""Red-flag screening: asking, storing (append-only), and the safety state it leaves.

The tier rules are the domain's (``piri.domain.triage``) and the questions and words the
policy file's. A tier that locks (E) or pauses (U) stays in force until a clinician records
a review; a later "all clear" screening does not lift it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Max
from django.utils.translation import gettext as _

from piri import messagebus
from piri.accounts.models import Patient, User
from piri.domain.errors import FieldError
from piri.domain.events import FlagRaised, ReviewRecorded, ScreeningsStored
from piri.domain.policy import Answer, ExerciseStatus, Policy, Question, Tier, TierInfo
from piri.domain.triage import Screening as Kind
from piri.domain.triage import assess, due_screening, questions_for
from piri.program.models import CheckIn, ClinicalReview, Screening, WeeklyCheck
from piri.sql_rows import Columns, column, once_per_connection, table

# Tiers the clinic is told about (spec §2: "the clinic is alerted" for E, U and D).
ALERTED = frozenset({Tier.E.value, Tier.U.value, Tier.D.value})

# A screening answered this recently also covers the session that follows it (a reload of
# the session page, or coming back from the history page, does not ask again).
FRESH_FOR = timedelta(minutes=30)


class ScreeningError(FieldError):
    """Answers that do not fit the screening's questions; ``field`` says which."""


@dataclass(frozen=True, slots=True)
class SafetyState:
    """The red-flag tier in force for a patient, and the screening that raised it."""

    tier: Tier
    info: TierInfo
    screening: Screening | None

    @property
    def locked(self) -> bool:
        return self.info.exercises is ExerciseStatus.LOCKED

    @property
    def paused(self) -> bool:
        return self.info.exercises in (ExerciseStatus.LOCKED, ExerciseStatus.PAUSED)

    @property
    def monitored(self) -> bool:
        return self.info.exercises is ExerciseStatus.MONITORED


def validate_answers(
    questions: tuple[Question, ...], answers: Mapping[str, str]
) -> dict[str, Answer]:
    """Every question answered with one of its options, and nothing else."""
    asked = {q.id for q in questions}
    for key in answers:
        if key not in asked:
            raise ScreeningError(f"answers.{key}", _("is not a question of this screening"))
    cleaned: dict[str, Answer] = {}
    for question in questions:
        value = answers.get(question.id)
        if value in (None, ""):
            raise ScreeningError(f"answers.{question.id}", _("please answer this question"))
        try:
            cleaned[question.id] = Answer(value)
        except ValueError:
            raise ScreeningError(
                f"answers.{question.id}", _("answer yes, no or not_sure")
            ) from None
    return cleaned


def record_screening(
    patient: Patient,
    *,
    kind: Kind,
    answers: Mapping[str, str],
    policy: Policy,
    now: datetime,
) -> Screening:
    questions = questions_for(kind, policy=policy)
    cleaned = validate_answers(questions, answers)
    result = assess(cleaned, policy=policy, asked=[q.id for q in questions])
    with transaction.atomic():
        screening = Screening.objects.create(
            patient=patient,
            kind=kind.value,
            answers={key: value.value for key, value in cleaned.items()},
            tier=result.tier.value,
            reasons=list(result.causes),
            policy_version=policy.version,
            created_at=now,
        )
        flags_stored(patient, [screening])
    return screening


def flags_stored(patient: Patient, screenings: Sequence[Screening]) -> None:
    """Publish that ``screenings`` were stored and, for each E, U or D tier among them, that a
    flag was raised (the clinic refreshes its triage row at once and is emailed after commit).
    Call it in the transaction that stored them."""
    messagebus.publish(
        ScreeningsStored(
            patient_id=patient.pk,
            at=max(s.created_at for s in screenings),
            screening_ids=tuple(s.pk for s in screenings),
        ),
        *(
            FlagRaised(patient_id=patient.pk, at=s.created_at, screening_id=s.pk, tier=s.tier)
            for s in screenings
            if s.tier in ALERTED
        ),
    )


def raise_tier(
    patient: Patient,
    *,
    tier: Tier,
    reason: str,
    note: str,
    policy: Policy,
    now: datetime,
) -> Screening:
    """A tier raised by a program rule (e.g. "worse two weeks running" → D), stored like an
    answered screening so that it shows in the same history and needs the same review."""
    with transaction.atomic():
        screening = Screening.objects.create(
            patient=patient,
            kind=Screening.Kind.PROGRAM,
            answers={},
            tier=tier.value,
            reasons=[reason],
            note=note[:300],
            policy_version=policy.version,
            created_at=now,
        )
        flags_stored(patient, [screening])
    return screening


def _open_flags_sql(connection: BaseDatabaseWrapper) -> tuple[str, Columns]:
    screenings = Columns.of(Screening, connection)
    patient_id, created = (column(Screening, f, connection) for f in ("patient", "created_at"))
    sql = (
        f"SELECT {screenings.select('s', connection)} FROM {table(Screening, connection)} s "
        f"WHERE s.{patient_id} = %s AND s.{column(Screening, 'tier', connection)} <> %s "
        f"AND NOT EXISTS (SELECT 1 FROM {table(ClinicalReview, connection)} r "
        f"WHERE r.{column(ClinicalReview, 'patient', connection)} = s.{patient_id} "
        f"AND r.{column(ClinicalReview, 'created_at', connection)} >= s.{created}) "
        f"ORDER BY s.{created} DESC, s.{column(Screening, 'id', connection)} DESC"
    )
    return sql, screenings


def open_flags(patient: Patient) -> list[Screening]:
    """The patient's screenings above tier C that no clinical review has followed (none was
    recorded at or after them), newest first. One query written once (``piri.sql_rows``):
    the safety gate asks on every patient request."""
    connection = connections[router.db_for_read(Screening)]
    sql, screenings = once_per_connection(connection, _open_flags_sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, [patient.pk, Tier.C.value])
        return [screenings.build(row, connection) for row in cursor.fetchall()]


def safety_state(patient: Patient, *, policy: Policy) -> SafetyState:
    worst: Screening | None = None
    for screening in open_flags(patient):
        if worst is None or Tier(screening.tier) > Tier(worst.tier):
            worst = screening
    tier = Tier(worst.tier) if worst is not None else Tier.C
    return SafetyState(tier=tier, info=policy.triage.tier(tier), screening=worst)


def screening_due(patient: Patient, *, policy: Policy, now: datetime) -> Kind | None:
    """What to ask before a session now, or None when a fresh screening already covers it."""
    latest = patient.screenings.exclude(kind=Screening.Kind.PROGRAM).order_by("-created_at")
    full_kinds = [k.value for k in Kind if k.is_full]
    last_full = latest.filter(kind__in=full_kinds).values_list("created_at", flat=True).first()
    last_worse_at = CheckIn.objects.filter(patient=patient, worse=True).aggregate(
        at=Max("updated_at")
    )["at"]
    weekly_worse_at = WeeklyCheck.objects.filter(
        patient=patient, change=WeeklyCheck.Change.WORSE
    ).aggregate(at=Max("updated_at"))["at"]
    last_worse_at = max((t for t in (last_worse_at, weekly_worse_at) if t), default=None)
    asked_spreading = (
        patient.screenings.filter(kind=Screening.Kind.PROGRAM, answers__ask="spreading")
        .values_list("created_at", flat=True)
        .first()
    )
    if (
        asked_spreading is not None
        and not latest.filter(kind=Kind.SPREADING.value, created_at__gte=asked_spreading).exists()
    ):
        return Kind.SPREADING
    kind = due_screening(
        now=now, last_full_at=last_full, last_worse_at=last_worse_at, policy=policy
    )
    newest = latest.values_list("created_at", flat=True).first()
    if kind is Kind.BEFORE_SESSION and newest is not None and now - newest < FRESH_FOR:
        return None
    return kind


def record_review(patient: Patient, *, reviewer: User, note: str, now: datetime) -> ClinicalReview:
    note = note.strip()
    if not note:
        raise ScreeningError("note", _("write what was assessed and decided"))
    with transaction.atomic():
        review = ClinicalReview.objects.create(
            patient=patient, reviewer=reviewer, note=note, created_at=now
        )
        messagebus.publish(
            ReviewRecorded(patient_id=patient.pk, at=review.created_at, review_id=review.pk)
        )
    return review


def open_program_notes(patient: Patient) -> list[Screening]:
    """Prompts the program raised (review points, worsening) that no review has followed."""
    last_review = patient.reviews.aggregate(at=Max("created_at"))["at"]
    notes = patient.screenings.filter(kind=Screening.Kind.PROGRAM).exclude(note="")
    if last_review is not None:
        notes = notes.filter(created_at__gt=last_review)
    return list(notes.order_by("-created_at")[:5])
