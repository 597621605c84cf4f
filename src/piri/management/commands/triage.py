"""``piri triage``: rebuild the triage rows the clinician's dashboard reads.

Rows are refreshed whenever a patient's data changes; this rebuilds them all (after an
upgrade, after restoring a backup, or once a night so that the two-week spreading window
moves on for patients who record nothing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from piri.accounts.models import Patient
from piri.clinic.services.triage_rows import refresh_all


class Command(BaseCommand):
    help = "Rebuild every patient's triage row (or one patient's) for the clinic dashboard."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--patient", help="only this patient (username)")

    def handle(self, *args: Any, **options: Any) -> None:
        patients = None
        if options["patient"]:
            patients = list(Patient.objects.filter(user__username=options["patient"]))
            if not patients:
                name = options["patient"]
                raise CommandError(f"--patient: no patient with username {name!r}")
        done = refresh_all(patients, now=timezone.now())
        self.stdout.write(self.style.SUCCESS(f"Triage rows rebuilt: {done}."))
