"""``piri purge-deleted``: remove what was kept of patients who deleted their account, once
their clinic's retention period has passed (decision 0017).

A patient who deleted their account keeps a pseudonymous clinical record (sessions,
screenings, check-ins' numbers) for ``Clinic.deleted_records_retention_days`` after
``Patient.left_at`` (the longest of their clinics'). This removes those records, the patient
row and the deactivated user; the access log keeps its rows. ``--dry-run`` only counts;
``--now`` (ISO 8601) runs as of another moment. It also runs every night at
``PIRI_PURGE_AT`` (a background job).
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from piri.accounts.leaving import count_kept, due_for_purge, purge_patient


def parse_now(value: str | None) -> datetime:
    if not value:
        return timezone.now()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--now: {value!r} is not a date and time; give ISO 8601, e.g. 2030-01-31T03:00+00:00"
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = "Remove the kept records of patients who deleted their account, once retention ends."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count only, remove nothing")
        parser.add_argument("--now", help="run as of this moment (ISO 8601); default: now")

    def handle(self, *args: Any, **options: Any) -> None:
        now = parse_now(options["now"])
        due = due_for_purge(now=now)
        counts = count_kept(due)
        what = (
            f"{counts.patients} patient(s), {counts.sessions} session(s), "
            f"{counts.screenings} screening(s), {counts.checkins} check-in(s)"
        )
        if options["dry_run"]:
            self.stdout.write(f"Would remove {what}. Nothing removed (--dry-run).")
            return
        console = Console(file=getattr(self.stderr, "_out", sys.stderr))
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=console, transient=False) as progress:
            task = progress.add_task("purging", total=len(due))
            for patient in due:
                purge_patient(patient, now=now)
                progress.advance(task)
        self.stdout.write(self.style.SUCCESS(f"Removed {what}. The access log is kept."))
