"""Factories for roles, the clinic admin and the audit log: plain functions through the real
services (memberships via ``piri.accounts.roles``, so groups and ``is_staff`` follow)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from piri.accounts.models import AuditEvent, Clinic, Patient, User
from piri.accounts.models.clinics import Role
from piri.accounts.roles import add_membership
from tests.factories import make_user


def make_member(clinic: Clinic, *, role: str = Role.CLINICIAN, **user_fields: Any) -> User:
    user = make_user(**user_fields)
    add_membership(clinic, user, role)
    user.refresh_from_db()
    return user


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_event(
    *,
    actor: User,
    patient: Patient | None,
    clinic: Clinic | None,
    what: str = "sessions",
    **kw: Any,
) -> AuditEvent:
    name = actor.get_full_name() or actor.get_username()
    return AuditEvent.objects.create(
        at=kw.pop("at", timezone.now()),
        actor=actor,
        actor_name=name,
        patient=patient,
        patient_name=str(patient) if patient else kw.pop("patient_name", ""),
        clinic=clinic,
        action=kw.pop("action", AuditEvent.Action.READ),
        what=what,
        ip=kw.pop("ip", "203.0.113.7"),
        **kw,
    )
