"""``piri demo``: a demo patient with a few weeks of sessions, created once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from piri.accounts.models import Patient, User
from piri.demo_history import fill_history
from piri.domain.triage import Screening as Kind
from piri.domain.triage import questions_for
from piri.program.services.onboarding import onboard
from piri.program.services.plans import plan_for
from piri.program.services.protocol import active_policy, active_protocol
from piri.program.services.screening import record_screening

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-piri-2026"  # printed on purpose: this account exists to be tried


class Command(BaseCommand):
    help = "Create the demo patient (once) and print how to sign in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--weeks", type=int, default=12, help="Weeks of past history.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not User.objects.filter(username=DEMO_USERNAME).exists():
            self._create(weeks=max(0, options["weeks"]), now=timezone.now())
            self.stdout.write("Demo data created.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo patient — username: {DEMO_USERNAME}  password: {DEMO_PASSWORD}"
            )
        )

    @transaction.atomic
    def _create(self, *, weeks: int, now: datetime) -> None:
        user = User.objects.create_user(
            username=DEMO_USERNAME, password=DEMO_PASSWORD, first_name="Robin"
        )
        patient = Patient.objects.create(user=user)
        onboard(
            patient,
            protocol=active_protocol(),
            sides="right",
            floor_ok=True,
            tools=["foam_roller", "tennis_ball"],
            weekly_target=4,
            time_zone="Europe/London",
            baseline_pain=6,
            now=now - timedelta(weeks=weeks),
        )
        policy = active_policy()
        questions = questions_for(Kind.ONBOARDING, policy=policy)
        record_screening(
            patient,
            kind=Kind.ONBOARDING,
            answers={q.id: "no" for q in questions},
            policy=policy,
            now=now - timedelta(weeks=weeks),
        )
        plan = plan_for(patient, protocol=active_protocol())
        assert plan is not None
        fill_history(patient, plan, start=now - timedelta(weeks=weeks), days=weeks * 7)
