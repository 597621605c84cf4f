"""Test factories: plain functions with keyword overrides, writing through the real services."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from piri.accounts.models import Patient, User
from piri.domain.triage import Screening as Kind
from piri.domain.triage import questions_for
from piri.program.models import CheckIn, ExerciseSession, Plan, Screening
from piri.program.services.onboarding import onboard
from piri.program.services.plans import plan_for
from piri.program.services.protocol import active_policy, active_protocol
from piri.program.services.screening import record_screening

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
    baseline_pain: int = 5,
    time_zone: str = "Europe/London",
    now: datetime | None = None,
    screened: bool = True,
) -> Patient:
    """An onboarded patient who has just answered the full safety questions with "no" (so a
    session may start now); ``screened=False`` leaves the questions unanswered."""
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
            baseline_pain=baseline_pain,
            now=now or timezone.now(),
        )
        if screened:
            screen(patient, kind=Kind.ONBOARDING, now=now)
    return patient


def screen(
    patient: Patient,
    *,
    kind: Kind = Kind.BEFORE_SESSION,
    yes: tuple[str, ...] = (),
    now: datetime | None = None,
) -> Screening:
    """Answer a screening: "yes" to the question ids in ``yes``, "no" to the rest."""
    policy = active_policy()
    answers = {q.id: ("yes" if q.id in yes else "no") for q in questions_for(kind, policy=policy)}
    return record_screening(
        patient, kind=kind, answers=answers, policy=policy, now=now or timezone.now()
    )


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


def make_checkin(patient: Patient, day: date, **fields: Any) -> CheckIn:
    """A daily check-in stored as it is (``pain_average``, ``extent``, ``sitting_minutes``…)."""
    return CheckIn.objects.create(patient=patient, day=day, **fields)


def make_sessions(patient: Patient, days: Iterable[date]) -> list[ExerciseSession]:
    """One finished session on each local date in ``days`` (a date may repeat), in bulk."""
    plan = make_plan(patient)
    rows = []
    for day in days:
        started = datetime.combine(day, time(9), tzinfo=patient.zone)
        rows.append(
            ExerciseSession(
                patient=patient,
                plan=plan,
                client_id=uuid.uuid4(),
                started_at=started,
                ended_at=started + timedelta(minutes=15),
                local_date=day,
            )
        )
    return ExerciseSession.objects.bulk_create(rows)
