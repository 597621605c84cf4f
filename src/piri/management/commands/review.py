"""``piri review``: record that a clinician assessed a patient, lifting a red-flag lock."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from piri.accounts.access import is_staff_of_a_clinic
from piri.accounts.models import Patient, User
from piri.program.services.protocol import active_policy
from piri.program.services.screening import ScreeningError, record_review, safety_state


class Command(BaseCommand):
    help = "Record a clinician's review of a patient (lifts a red-flag lock raised before it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("patient", help="the patient's username")
        parser.add_argument("--by", required=True, help="the reviewing clinician's username")
        parser.add_argument("--note", required=True, help="what was assessed and decided")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            patient = Patient.objects.get(user__username=options["patient"])
        except Patient.DoesNotExist:
            name = options["patient"]
            raise CommandError(f"patient: no patient with username {name!r}") from None
        try:
            reviewer = User.objects.get(username=options["by"])
        except User.DoesNotExist:
            raise CommandError(f"--by: no user with username {options['by']!r}") from None
        # clinicians work in a clinic without Django's is_staff (that is for the admin site)
        if not (reviewer.is_staff or is_staff_of_a_clinic(reviewer)):
            raise CommandError(f"--by: {reviewer.username!r} is not clinic staff")
        policy = active_policy()
        before = safety_state(patient, policy=policy)
        try:
            record_review(patient, reviewer=reviewer, note=options["note"], now=timezone.now())
        except ScreeningError as exc:
            raise CommandError(f"--note: {exc.message}") from None
        after = safety_state(patient, policy=policy)
        self.stdout.write(
            self.style.SUCCESS(
                f"Review recorded for {patient.user.username}: tier {before.tier} → {after.tier}."
            )
        )
