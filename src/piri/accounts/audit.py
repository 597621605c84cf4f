"""Writing the audit log: one row per clinician read or change of a patient's data, and per
refused attempt. ``record`` is the only writer (``piri.accounts.access`` calls it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from piri.accounts.models import AuditEvent, Clinic, Patient

Action = AuditEvent.Action


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
