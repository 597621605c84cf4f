"""``piri report --patient ID --out FILE``: a patient's PDF report (or data export) to a file.

``--patient`` takes the username (as ``piri review`` does) or the patient's number.
``--format`` is ``pdf`` (the default), ``csv`` (a ZIP of CSV tables) or ``json``. Progress
goes to stderr while the file is made; the file appears only once it is complete.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from piri.accounts.models import Patient
from piri.reports.formats import FORMATS, Download


def find_patient(value: str) -> Patient:
    found = Patient.objects.select_related("user").filter(user__username=value).first()
    if found is None and value.isascii() and value.isdigit():
        found = Patient.objects.select_related("user").filter(pk=int(value)).first()
    if found is None:
        raise CommandError(f"--patient: no patient with username or number {value!r}")
    return found


def check_target(out: Path) -> None:
    """Refuse early a path the file could never be written to."""
    if out.is_dir():
        raise CommandError(f"--out: {out} is a folder; give a file name, e.g. {out}/report.pdf")
    folder = out.parent
    if not folder.is_dir():
        raise CommandError(f"--out: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CommandError(f"--out: cannot write to the folder {folder}")


def write_atomically(out: Path, chunks: Any) -> int:
    """Write to a temporary file beside ``out`` and move it into place; bytes written."""
    partial = out.with_name(f".{out.name}.partial")
    size = 0
    try:
        with partial.open("wb") as file:
            for chunk in chunks:
                file.write(chunk)
                size += len(chunk)
        partial.replace(out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise CommandError(f"--out: cannot write {out}: {exc.strerror or exc}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return size


class Command(BaseCommand):
    help = "Write a patient's report (PDF) or data export (CSV ZIP or JSON) to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--patient", required=True, help="the patient's username or number")
        parser.add_argument("--out", required=True, type=Path, help="the file to write")
        parser.add_argument(
            "--format", default="pdf", help="pdf (default), csv (a ZIP of tables) or json"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        key = str(options["format"]).strip().lower()
        download = FORMATS.get(key)
        if download is None:
            raise CommandError(f"--format: use pdf, csv or json, not {options['format']!r}")
        out: Path = options["out"].expanduser()
        check_target(out)
        patient = find_patient(str(options["patient"]))
        size = self._write(download, patient, out)
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {out} ({size / 1024:.0f} KiB) for {patient.user}.")
        )

    def _write(self, download: Download, patient: Patient, out: Path) -> int:
        # Rich writes its own line endings: give it the stream under Django's wrapper.
        console = Console(file=getattr(self.stderr, "_out", sys.stderr))
        columns = (
            TextColumn("{task.description:<28}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=False) as progress:
            task = progress.add_task(f"{download.key}: starting", total=len(download.steps))

            def on_step(step: str) -> None:
                done = download.steps.index(step) if step in download.steps else 0
                progress.update(task, completed=done, description=f"{download.key}: {step}")

            chunks = download.chunks(patient, now=timezone.now(), on_step=on_step)
            size = write_atomically(out, chunks)
            progress.update(
                task, completed=len(download.steps), description=f"{download.key}: done"
            )
        return size
