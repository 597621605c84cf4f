"""Talk to a specialist: a patient's requests to their clinic."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from piri.accounts.models import Clinic, Patient
from piri.clinic.models import SpecialistRequest
from piri.clinic.services.requests import open_request
from piri.clinic.services.triage_rows import refresh_triage


def make_request(
    patient: Patient,
    *,
    topic: str = "exercises",
    message: str = "A question.",
    now: datetime | None = None,
    **kw: Any,
) -> SpecialistRequest:
    """A request written through the real service (the message, the summary, the emails)."""
    return open_request(patient, topic=topic, message=message, now=now or timezone.now(), **kw)


def ask(
    patient: Patient,
    clinic: Clinic,
    *,
    urgent: bool = False,
    status: str = SpecialistRequest.Status.NEW,
    at: datetime | None = None,
    topic: str = SpecialistRequest.Topic.SYMPTOMS,
) -> SpecialistRequest:
    """A request stored as it is (no message), then the patient's triage row refreshed."""
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
