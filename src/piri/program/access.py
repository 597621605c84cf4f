"""Who may see whose data, checked in this one place.

Every view and API route that touches patient data gets the patient through here. Today a
patient sees only themself; the clinic side (clinicians of the patient's clinic) plugs in here.
Anything not allowed is reported as "not found", so ids of other people's data reveal nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from piri.accounts.models import Patient, User
from piri.program.models import CheckIn, ExerciseSession, Plan


def _user(user: Any) -> User | None:
    return user if isinstance(user, User) and user.is_authenticated else None


def own_patient(user: Any) -> Patient:
    """The patient profile of the signed-in user; 404 for anyone who is not a patient."""
    person = _user(user)
    if person is None:
        raise Http404
    try:
        return person.patient
    except Patient.DoesNotExist:
        raise Http404 from None


def visible_patients(user: Any) -> QuerySet[Patient]:
    person = _user(user)
    if person is None:
        return Patient.objects.none()
    return Patient.objects.filter(user=person)


def patient_scope(user: Any, patient_id: int) -> Patient:
    try:
        return visible_patients(user).get(pk=patient_id)
    except Patient.DoesNotExist:
        raise Http404 from None


def visible_sessions(user: Any) -> QuerySet[ExerciseSession]:
    return ExerciseSession.objects.filter(patient__in=visible_patients(user))


def visible_plans(user: Any) -> QuerySet[Plan]:
    return Plan.objects.filter(patient__in=visible_patients(user))


def visible_checkins(user: Any) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(patient__in=visible_patients(user))
