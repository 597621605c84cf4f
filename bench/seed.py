"""Seed a benchmark database: one patient with 300 past sessions. Prints cookie, csrf, plan id."""

from __future__ import annotations

import django


def seed() -> str:
    django.setup()
    from django.core.management import call_command
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("demo", "--weeks", "80", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from django.utils import timezone

    from piri.accounts.models import Patient
    from piri.domain.triage import Screening as Kind
    from piri.domain.triage import questions_for
    from piri.program.services.plans import plan_for
    from piri.program.services.protocol import active_policy, active_protocol
    from piri.program.services.screening import record_screening

    patient = Patient.objects.get(user__username="demo")
    policy = active_policy()
    # a fresh "all clear" weekly screening, so the session page opens directly
    questions = questions_for(Kind.WEEKLY, policy=policy)
    record_screening(
        patient,
        kind=Kind.WEEKLY,
        answers={q.id: "no" for q in questions},
        policy=policy,
        now=timezone.now(),
    )
    plan = plan_for(patient, protocol=active_protocol())
    assert plan is not None
    client = Client()
    client.force_login(patient.user)
    return f"{client.cookies['sessionid'].value} {_get_new_csrf_string()} {plan.id}"
