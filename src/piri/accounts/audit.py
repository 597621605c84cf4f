"""Writing the audit log: one row per clinician read or change of a patient's data, and per
refused attempt. ``record`` is the only writer (``piri.accounts.access`` calls it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from piri.accounts.models import AuditEvent, Clinic, Patient

Action = AuditEvent.Action
LEFT_PIRI = "left Piri (account deleted)"
"""``what`` of the row appended when a patient deletes their account: it holds their
pseudonym, and every row about them is shown with it from then on (``with_shown_names``)."""


def client_ip(request: HttpRequest) -> str | None:
    """Where the request came from, as the server saw it (no proxy header is trusted)."""
    return request.META.get("REMOTE_ADDR") or None


def record(
    request: HttpRequest | None,
    *,
    actor: Any,
    action: str,
    what: str,
    patient: Patient | None = None,
    patient_name: str = "",
    clinic: Clinic | None = None,
    now: datetime | None = None,
) -> AuditEvent:
    name = (actor.get_full_name() or actor.get_username()) if actor is not None else ""
    return AuditEvent.objects.create(
        at=now or timezone.now(),
        actor=actor,
        actor_name=name[:150],
        patient=patient,
        patient_name=(str(patient) if patient is not None else patient_name)[:150],
        clinic=clinic,
        action=action,
        what=what[:200],
        method=(request.method or "")[:8] if request is not None else "",
        path=request.get_full_path()[:300] if request is not None else "",
        ip=client_ip(request) if request is not None else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:200] if request is not None else "",
    )


def with_shown_names(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """``events`` with ``shown_patient``: the patient's name as stored, or their pseudonym
    once they have left Piri (read from the "left Piri" row, which outlives the purge). Rows
    are never changed; only what is shown is."""
    left = AuditEvent.objects.filter(patient_id=OuterRef("patient_id"), what=LEFT_PIRI)
    return events.annotate(
        shown_patient=Coalesce(Subquery(left.values("patient_name")[:1]), "patient_name")
    )


def shown_patient(event: AuditEvent) -> str:
    """The name a row is shown with (``with_shown_names`` sets it; the stored one otherwise)."""
    return str(getattr(event, "shown_patient", event.patient_name))
