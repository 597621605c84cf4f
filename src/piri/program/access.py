"""The signed-in patient's own program rows, through the access door in
``piri.accounts.access`` (the patient API's lists: never other people's, even for a clinician
who is also a patient)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from piri.accounts.access import own_patient
from piri.accounts.models import Patient
from piri.program.models import CheckIn, ExerciseSession, MeasureResponse, Plan


def _own(user: Any) -> dict[str, Patient]:
    """Filter for the signed-in patient's own rows; 404 for anyone without a patient profile
    (the same answer every patient API route gives them)."""
    return {"patient": own_patient(user)}


def own_sessions(user: Any) -> QuerySet[ExerciseSession]:
    """The signed-in patient's own sessions (the patient API's lists: never other people's,
    even for a clinician who is also a patient)."""
    return ExerciseSession.objects.filter(**_own(user))


def own_plans(user: Any) -> QuerySet[Plan]:
    return Plan.objects.filter(**_own(user))


def own_checkins(user: Any) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(**_own(user))


def own_measures(user: Any) -> QuerySet[MeasureResponse]:
    return MeasureResponse.objects.filter(**_own(user))
