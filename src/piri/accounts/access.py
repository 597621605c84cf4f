"""Who may see whose data, checked in this one place (the access door).

Every view and API route that touches patient data gets the patient through here. A patient
sees themself; a clinician or clinic admin sees the patients who currently belong to a clinic
they currently work in (``StaffMembership`` and ``CareLink`` both open: leaving a clinic or
ending a membership revokes access at once). Anything not allowed is reported as "not found",
so ids of other people's data reveal nothing.

It lives in the lowest Django app so that every app above (program, clinic, reports, api) uses
the same door; ``piri.program.access`` adds the patient's own program rows on top of it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from piri.accounts import audit
from piri.accounts.models import Clinic, Patient, User


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


def clinic_of(user: Any, patient: Patient) -> Clinic | None:
    """The clinic through which ``user`` sees ``patient`` (the first by name), if any."""
    person = _user(user)
    if person is None:
        return None
    return (
        Clinic.objects.filter(
            care_links__patient=patient,
            care_links__left_at__isnull=True,
            staff__user=person,
            staff__ended_at__isnull=True,
        )
        .order_by("name")
        .first()
    )


def clinic_patient(
    request: HttpRequest, patient_id: Any, *, what: str, action: str = audit.Action.READ
) -> Patient:
    """The patient a clinician's request is about, with the audit row it calls for.

    Reading or changing another person's data is logged as ``action``; a staff member asking
    for a patient outside their clinics gets 404 and a "refused" row. A patient reaching their
    own record is not logged (it is theirs)."""
    user = request.user
    try:
        patient = visible_patients(user).get(pk=int(patient_id))
    except (Patient.DoesNotExist, TypeError, ValueError):
        if is_staff_of_a_clinic(user):
            audit.record(
                request,
                actor=user,
                action=audit.Action.DENIED,
                what=what,
                patient_name=f"#{patient_id}"[:150],
            )
        raise Http404 from None
    if patient.user_id != getattr(user, "pk", None):
        audit.record(
            request,
            actor=user,
            action=action,
            what=what,
            patient=patient,
            clinic=clinic_of(user, patient),
        )
    return patient


def media_clinics(user: Any) -> QuerySet[Clinic]:
    """The clinics whose own media (their videos of the exercises) ``user`` may see, by name:
    the clinics a patient currently belongs to (an open care link) and those a staff member
    currently works in. Nobody else, not even the staff of another clinic."""
    person = _user(user)
    if person is None:
        return Clinic.objects.none()
    return (
        Clinic.objects.filter(
            Q(care_links__patient__user=person, care_links__left_at__isnull=True)
            | Q(staff__user=person, staff__ended_at__isnull=True)
        )
        .distinct()
        .order_by("name")
    )


def may_see_clinic_media(user: Any, clinic: Clinic) -> bool:
    return media_clinics(user).filter(pk=clinic.pk).exists()
