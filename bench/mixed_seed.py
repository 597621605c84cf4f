"""The people of the mixed-load benchmark (``bench.mixed``), made in the database the
environment names (``PIRI_DATABASE_URL``, or SQLite in ``PIRI_DATA_DIR``).

One clinic; ``PATIENTS`` patients in its care, each onboarded, screened this week, with two
weeks of made-up history (``piri.demo_history``), every tenth with an open tier-D flag (so the
dashboard has something to sort); ``CLINICIANS`` clinicians. Each person gets a signed-in
session. ``python -c "from bench.mixed_seed import main; main()"`` prints one JSON object:
the sessions, one CSRF token, each patient's plan id and the screening questions.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import timedelta
from typing import Any

import django

PATIENTS = 200
CLINICIANS = 5
HISTORY_DAYS = 14


def _screen(patient: Any, kind: Any, *, yes: tuple[str, ...], at: Any) -> None:
    from piri.domain.triage import questions_for
    from piri.program.services.protocol import active_policy
    from piri.program.services.screening import record_screening

    policy = active_policy()
    answers = {q.id: "yes" if q.id in yes else "no" for q in questions_for(kind, policy=policy)}
    record_screening(patient, kind=kind, answers=answers, policy=policy, now=at)


def _patient(n: int, clinic: Any, *, now: Any) -> Any:
    from piri.accounts.invites import join_clinic
    from piri.accounts.models import Patient, User
    from piri.demo_history import fill_history
    from piri.domain.triage import Screening as Kind
    from piri.program.services.onboarding import onboard
    from piri.program.services.plans import plan_for
    from piri.program.services.protocol import active_protocol

    user = User.objects.create_user(username=f"patient{n}", first_name="Pat", last_name=f"{n}")
    patient = Patient.objects.create(user=user)
    start = now - timedelta(days=HISTORY_DAYS)
    onboard(
        patient,
        protocol=active_protocol(),
        sides="left" if n % 2 else "right",
        floor_ok=True,
        tools=["tennis_ball"],
        weekly_target=4,
        time_zone="Europe/London",
        baseline_pain=5 + n % 3,
        now=start,
    )
    _screen(patient, Kind.ONBOARDING, yes=(), at=start)
    plan = plan_for(patient, protocol=active_protocol())
    assert plan is not None
    fill_history(patient, plan, start=start, days=HISTORY_DAYS, seed=n)
    # this week's questions answered (so a session needs only the before-session ones);
    # every tenth patient said yes to a "see a doctor" question: a flag on the dashboard
    _screen(patient, Kind.WEEKLY, yes=("D1",) if n % 10 == 0 else (), at=now - timedelta(hours=2))
    join_clinic(patient, clinic, now=start)
    return patient, plan


def seed(patients: int = PATIENTS, clinicians: int = CLINICIANS) -> dict[str, Any]:
    django.setup()
    from django.core.management import call_command
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client
    from django.utils import timezone

    from piri.accounts.models import Clinic, User
    from piri.accounts.models.clinics import Role
    from piri.accounts.roles import add_membership
    from piri.clinic.services.triage_rows import refresh_all
    from piri.domain.triage import Screening as Kind
    from piri.domain.triage import questions_for
    from piri.program.services.protocol import active_policy

    call_command("migrate", verbosity=0)
    now = timezone.now()
    clinic = Clinic.objects.create(name="Bench clinic")

    def signed_in(user: Any) -> str:
        client = Client()
        client.force_login(user)
        return str(client.cookies["sessionid"].value)

    people: dict[str, Any] = {"patients": [], "clinicians": []}
    for n in range(patients):
        patient, plan = _patient(n, clinic, now=now)
        people["patients"].append(
            {"cookie": signed_in(patient.user), "plan_id": str(plan.id), "id": patient.pk}
        )
    for n in range(clinicians):
        user = User.objects.create_user(username=f"clinician{n}")
        add_membership(clinic, user, Role.CLINICIAN)
        people["clinicians"].append({"cookie": signed_in(user)})
    refresh_all(now=now)  # the check-ins were written in bulk
    questions = questions_for(Kind.BEFORE_SESSION, policy=active_policy())
    people["before_session"] = [q.id for q in questions]
    people["csrf"] = _get_new_csrf_string()
    return people


def main() -> None:
    started = time.perf_counter()
    people = seed(int(os.environ.get("BENCH_PATIENTS", PATIENTS)))
    print(f"seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print(json.dumps(people))
