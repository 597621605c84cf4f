"""Test factories: plain functions with keyword overrides, writing through the real services."""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from piri.accounts.models import Patient, User
from piri.program.models import Plan
from piri.program.services.onboarding import onboard
from piri.program.services.plans import plan_for
from piri.program.services.protocol import active_protocol

PASSWORD = "a-long-test-passphrase-42"
_numbers = itertools.count(1)


def make_user(*, username: str | None = None, password: str = PASSWORD, **fields: Any) -> User:
    username = username or f"person{next(_numbers)}"
    return User.objects.create_user(username=username, password=password, **fields)


def make_patient(
    *,
    username: str | None = None,
    onboarded: bool = True,
    sides: str = "right",
    floor_ok: bool = True,
    tools: tuple[str, ...] = (),
    weekly_target: int = 4,
    time_zone: str = "Europe/London",
    now: datetime | None = None,
) -> Patient:
    patient = Patient.objects.create(user=make_user(username=username), time_zone=time_zone)
    if onboarded:
        onboard(
            patient,
            protocol=active_protocol(),
            sides=sides,
            floor_ok=floor_ok,
            tools=tools,
            weekly_target=weekly_target,
            time_zone=time_zone,
            now=now,
        )
    return patient


def make_plan(patient: Patient) -> Plan:
    plan = plan_for(patient, protocol=active_protocol())
    assert plan is not None, "the patient is not onboarded"
    return plan


def session_payload(plan: Plan, **overrides: Any) -> dict[str, Any]:
    """A finished session as the player posts it: every step done for its planned time."""
    started = overrides.pop("started_at", timezone.now() - timedelta(minutes=20))
    steps = plan.body["steps"]
    payload: dict[str, Any] = {
        "client_id": str(uuid.uuid4()),
        "plan_id": str(plan.id),
        "started_at": started.isoformat(),
        "ended_at": (started + timedelta(seconds=plan.body["total_s"])).isoformat(),
        "completed": True,
        "steps": [
            {"step_id": s["id"], "status": "done", "seconds": s["duration_s"]} for s in steps
        ],
        "checks": [
            {"step_id": s["id"], "change": "same", "extent": "thigh", "pain": 2}
            for s in steps
            if s["kind"] == "check"
        ],
        "end_pain": 2,
        "helped_most": plan.body["helped_options"][0]["id"],
    }
    payload.update(overrides)
    return payload
