"""A patient ready to record sessions, for the in-process benches: onboarded (right side, floor
exercises, no massage tools, four a week, London) and just screened "all clear", so a session
post is accepted. Call with Django set up."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def ready_patient(*, username: str, now: datetime) -> tuple[Any, Any]:
    """The new patient and their plan."""
    from piri.accounts.models import Patient, User
    from piri.domain.triage import Screening as Kind
    from piri.domain.triage import questions_for
    from piri.program.services.onboarding import onboard
    from piri.program.services.plans import plan_for
    from piri.program.services.protocol import active_policy, active_protocol
    from piri.program.services.screening import record_screening

    user = User.objects.create_user(username=username, password="bench-only-password")
    patient = Patient.objects.create(user=user, time_zone="Europe/London")
    protocol = active_protocol()
    onboard(
        patient,
        protocol=protocol,
        sides="right",
        floor_ok=True,
        tools=(),
        weekly_target=4,
        time_zone="Europe/London",
        baseline_pain=5,
        now=now,
    )
    policy = active_policy()
    answers = {q.id: "no" for q in questions_for(Kind.ONBOARDING, policy=policy)}
    record_screening(patient, kind=Kind.ONBOARDING, answers=answers, policy=policy, now=now)
    return patient, plan_for(patient, protocol=protocol)
