"""Seed a benchmark database: the demo patient with 80 weeks of sessions, whose pages are
read, and another patient, who posts the sessions (so the history page read in the same run
does not grow with them). Prints: cookie, csrf, plan id, the poster's cookie and plan id."""

from __future__ import annotations

from datetime import timedelta

import django


def seed() -> str:
    django.setup()
    from django.core.management import call_command
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("demo", "--weeks", "80", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from django.utils import timezone

    from piri.accounts.models import Patient, User
    from piri.domain.triage import Screening as Kind
    from piri.domain.triage import questions_for
    from piri.program.services.onboarding import onboard
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
    poster = Patient.objects.create(user=User.objects.create_user(username="bench-poster"))
    onboard(
        poster,
        protocol=active_protocol(),
        sides="right",
        floor_ok=True,
        tools=[],
        weekly_target=4,
        time_zone="Europe/London",
        baseline_pain=5,
        now=timezone.now() - timedelta(days=400),  # the posted sessions' date is in its window
    )
    poster_plan = plan_for(poster, protocol=active_protocol())
    assert poster_plan is not None
    cookies = []
    for person in (patient.user, poster.user):
        client = Client()
        client.force_login(person)
        cookies.append(client.cookies["sessionid"].value)
    return f"{cookies[0]} {_get_new_csrf_string()} {plan.id} {cookies[1]} {poster_plan.id}"
