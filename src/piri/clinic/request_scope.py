"""Which specialist requests a person may open, checked here for every request page and route.

A patient opens their own requests only. A clinician opens a request when they currently work
in the clinic it was sent to and the patient still belongs to that clinic; the patient then
comes through ``piri.accounts.access.clinic_patient``, which writes the audit row (read or
change). Anything else is "not found", and a staff member's attempt is logged as refused.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest

from piri.accounts import audit
from piri.accounts.access import clinic_patient, is_staff_of_a_clinic, own_patient
from piri.accounts.models import CareLink, User
from piri.clinic.models import SpecialistRequest


def _request_id(raw: Any) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise Http404 from None


def own_request(user: Any, request_id: Any) -> SpecialistRequest:
    """The signed-in patient's own request ``request_id``; 404 for anyone else's."""
    patient = own_patient(user)
    try:
        return SpecialistRequest.objects.select_related("clinic", "patient__user").get(
            pk=_request_id(request_id), patient=patient
        )
    except SpecialistRequest.DoesNotExist:
        raise Http404 from None


def clinic_requests(user: Any) -> QuerySet[SpecialistRequest]:
    """Requests sent to the clinics ``user`` works in now, from patients still in them."""
    if not isinstance(user, User) or not user.is_authenticated:
        return SpecialistRequest.objects.none()
    linked = CareLink.objects.filter(
        clinic_id=OuterRef("clinic_id"), patient_id=OuterRef("patient_id"), left_at__isnull=True
    )
    return (
        SpecialistRequest.objects.filter(
            clinic__staff__user=user, clinic__staff__ended_at__isnull=True
        )
        .filter(Exists(linked))
        .select_related("clinic", "patient__user")
    )


def clinic_request(
    request: HttpRequest, request_id: Any, *, action: str = audit.Action.READ
) -> SpecialistRequest:
    """A clinician opening request ``request_id``: checked, and logged as ``action``."""
    what = f"specialist request #{request_id}"[:200]
    try:
        req = clinic_requests(request.user).get(pk=_request_id(request_id))
    except (SpecialistRequest.DoesNotExist, Http404):
        if is_staff_of_a_clinic(request.user):
            audit.record(
                request,
                actor=request.user,
                action=audit.Action.DENIED,
                what=what,
                patient_name="",
            )
        raise Http404 from None
    req.patient = clinic_patient(request, req.patient_id, what=what, action=action)
    return req
