"""Who may see whose data, checked in this one place.

Every view and API route that touches patient data gets the patient through here. A patient
sees themself; a clinician or clinic admin sees the patients who currently belong to a clinic
they currently work in (``StaffMembership`` and ``CareLink`` both open: leaving a clinic or
ending a membership revokes access at once). Anything not allowed is reported as "not found",
so ids of other people's data reveal nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from piri.accounts.models import Patient, User
from piri.program.models import CheckIn, ExerciseSession, MeasureResponse, Plan


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
    return Patient.objects.filter(
        Q(user=person)
        | Q(
            care_links__left_at__isnull=True,
            care_links__clinic__staff__user=person,
            care_links__clinic__staff__ended_at__isnull=True,
        )
    ).distinct()


def is_staff_of_a_clinic(user: Any) -> bool:
    person = _user(user)
    return person is not None and person.memberships.filter(ended_at__isnull=True).exists()


def patient_scope(user: Any, patient_id: int) -> Patient:
    try:
        return visible_patients(user).get(pk=patient_id)
    except Patient.DoesNotExist:
        raise Http404 from None


def _own(user: Any) -> Any:
    person = _user(user)
    return {"patient__user": person} if person is not None else {"pk__in": []}


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
