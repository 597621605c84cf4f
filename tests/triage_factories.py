"""Factories for the triage dashboard: patients of a clinic with one reason each, sessions with
in-session check answers, waiting requests. Plain functions with keyword overrides."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from piri.accounts.models import Clinic, Patient
from piri.clinic.models import SpecialistRequest
from piri.clinic.services.triage_rows import refresh_triage
from piri.domain.policy import Tier
from piri.domain.triage import Screening as Kind
from piri.program.models import CheckAnswer, ExerciseSession, Screening
from piri.program.services.protocol import active_policy
from piri.program.services.screening import raise_tier
from tests.clinic_factories import link
from tests.factories import make_patient, make_plan, screen

FLAG_QUESTION = {"E": "E1", "U": "U1", "D": "D1"}


def clinic_patient(clinic: Clinic, **fields: Any) -> Patient:
    """An onboarded, screened patient with an open care link to ``clinic``."""
    first = fields.pop("first_name", "")
    last = fields.pop("last_name", "")
    patient = link(make_patient(**fields), clinic)
    if first or last:
        patient.user.first_name, patient.user.last_name = first, last
        patient.user.save(update_fields=["first_name", "last_name"])
    return patient


def flag(patient: Patient, tier: str, *, now: datetime | None = None) -> Screening:
    """A weekly screening answered "yes" to one question of ``tier`` (E, U or D)."""
    return screen(patient, kind=Kind.WEEKLY, yes=(FLAG_QUESTION[tier],), now=now)


def program_flag(patient: Patient, *, reason: str = "weekly_rising:2026-01-05") -> Screening:
    """A tier D raised by a program rule (stored as a program screening with a note)."""
    return raise_tier(
        patient,
        tier=Tier.D,
        reason=reason,
        note="Pain rising.",
        policy=active_policy(),
        now=timezone.now(),
    )


def prompt(
    patient: Patient, *, key: str = "review_first:2026-01-05", at: datetime | None = None
) -> Screening:
    """A program note (tier C) as ``adapt_program`` stores it, then the row refreshed."""
    made = Screening.objects.create(
        patient=patient,
        kind=Screening.Kind.PROGRAM,
        answers={},
        tier="C",
        reasons=[key],
        note="Please book a review.",
        policy_version=active_policy().version,
        created_at=at or timezone.now(),
    )
    refresh_triage(patient, now=timezone.now())
    return made


def ask(
    patient: Patient,
    clinic: Clinic,
    *,
    urgent: bool = False,
    status: str = SpecialistRequest.Status.NEW,
    at: datetime | None = None,
    topic: str = SpecialistRequest.Topic.SYMPTOMS,
) -> SpecialistRequest:
    """A specialist request stored as it is, then the row refreshed."""
    at = at or timezone.now()
    made = SpecialistRequest.objects.create(
        patient=patient,
        clinic=clinic,
        topic=topic,
        status=status,
        urgent=urgent,
        created_at=at,
        updated_at=at,
    )
    refresh_triage(patient, now=timezone.now())
    return made


def session_with_reach(
    patient: Patient, day: date, reaches: tuple[str, ...], *, refresh: bool = True
) -> ExerciseSession:
    """A session on ``day`` whose check answers say how far down the leg it reached, in order.
    It starts at 09:00 that day, or an hour ago when that is later than now (a test run just
    after midnight must not record a session in the future)."""
    started = min(
        datetime.combine(day, time(9), tzinfo=patient.zone), timezone.now() - timedelta(hours=1)
    )
    session = ExerciseSession.objects.create(
        patient=patient,
        plan=make_plan(patient),
        client_id=uuid.uuid4(),
        started_at=started,
        ended_at=started + timedelta(minutes=15),
        local_date=day,
    )
    CheckAnswer.objects.bulk_create(
        CheckAnswer(session=session, position=n, step_id=f"check-{n}", change="same", extent=r)
        for n, r in enumerate(reaches)
    )
    if refresh:
        refresh_triage(patient, now=timezone.now())
    return session


def local_today(patient: Patient) -> date:
    return timezone.now().astimezone(patient.zone).date()
