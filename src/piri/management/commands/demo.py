"""``piri demo``: a demo patient with a few weeks of sessions, and a demo clinic (a clinician,
a clinic admin and six more patients), each created once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from piri.accounts.models import Patient, User
from piri.demo_clinic import ADMIN_USERNAME, CLINICIAN_USERNAME, STAFF_PASSWORD, create_clinic
from piri.demo_history import fill_history
from piri.domain.triage import Screening as Kind
from piri.domain.triage import questions_for
from piri.program.services.onboarding import onboard
from piri.program.services.plans import plan_for
from piri.program.services.protocol import active_policy, active_protocol
from piri.program.services.screening import record_screening

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-piri-2026"  # printed on purpose: this account exists to be tried
DEMO_EMAIL = "robin@example.org"


class Command(BaseCommand):
    help = "Create the demo patient and clinic (once) and print how to sign in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--weeks", type=int, default=12, help="Weeks of past history.")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if not User.objects.filter(username=DEMO_USERNAME).exists():
            self._create(weeks=max(0, options["weeks"]), now=now)
            self.stdout.write("Demo data created.")
        if not User.objects.filter(username=CLINICIAN_USERNAME).exists():
            with transaction.atomic():
                create_clinic(Patient.objects.get(user__username=DEMO_USERNAME), now=now)
            self.stdout.write("Demo clinic created.")
        for who, username, password in (
            ("Demo patient", DEMO_USERNAME, DEMO_PASSWORD),
            ("Demo clinician", CLINICIAN_USERNAME, STAFF_PASSWORD),
            ("Demo clinic admin", ADMIN_USERNAME, STAFF_PASSWORD),
        ):
            self.stdout.write(
                self.style.SUCCESS(f"{who} — username: {username}  password: {password}")
            )

    @transaction.atomic
    def _create(self, *, weeks: int, now: datetime) -> None:
        user = User.objects.create_user(
            username=DEMO_USERNAME,
            password=DEMO_PASSWORD,
            first_name="Robin",
            email=DEMO_EMAIL,
        )
        # verified, so email reminders can be tried (they print on the console in `make run`)
        EmailAddress.objects.create(user=user, email=DEMO_EMAIL, primary=True, verified=True)
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
