"""Server time of the heavy patient pages for two years of daily data, against /healthz.

In-process: Django's test client calls the app directly, so the figures are the server's own
time (middleware, queries, templates, PDF rendering) without a network or a web server. The
data: ``piri demo --weeks 104`` (a session on about half the days, a check-in on most days,
weekly measures) in a fresh SQLite database in a temporary folder.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from bench.django_env import start_django

WEEKS = 104
PAGES: tuple[tuple[str, int], ...] = (
    ("/healthz", 30),  # the baseline: a trivial page through the same middleware
    ("/", 15),  # home: the dosing rules over the last 90 days of sessions
    ("/session/", 10),
    ("/history/", 15),
    ("/progress/", 15),
    ("/progress/?span=all", 10),
    ("/insights/", 15),
    ("/report/pdf/", 3),
)


@dataclass(frozen=True, slots=True)
class Timing:
    path: str
    status: int
    median_ms: float
    first_ms: float
    queries: int
    size_kb: float


def _setup(data_dir: str) -> Any:
    start_django(data_dir)
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("demo", "--weeks", str(WEEKS), stdout=open(os.devnull, "w"))  # noqa: SIM115
    seeded_s = time.perf_counter() - started
    from django.test import Client
    from django.utils import timezone

    from piri.accounts.models import Patient
    from piri.domain.triage import Screening as Kind
    from piri.domain.triage import questions_for
    from piri.program.services.protocol import active_policy
    from piri.program.services.screening import record_screening

    patient = Patient.objects.get(user__username="demo")
    policy = active_policy()  # a fresh all-clear answer: no page sends the patient to the questions
    answers = {q.id: "no" for q in questions_for(Kind.WEEKLY, policy=policy)}
    record_screening(patient, kind=Kind.WEEKLY, answers=answers, policy=policy, now=timezone.now())
    client = Client()
    client.force_login(patient.user)
    return client, patient, seeded_s


def _time(client: Any, path: str, repeats: int) -> Timing:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    status = 0
    size = 0
    queries = 0
    for n in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append((time.perf_counter() - started) * 1000)
        status, size = response.status_code, len(body)
        if n == repeats - 1:
            queries = len(captured)
    return Timing(
        path,
        status,
        statistics.median(times[1:] or times),
        times[0],
        queries,
        size / 1024,
    )


def run() -> None:
    console = Console()
    with tempfile.TemporaryDirectory(prefix="piri-bench-pages-") as data_dir:
        console.print(f"Seeding {WEEKS} weeks of daily data…")
        client, patient, seeded_s = _setup(data_dir)
        from piri.program.models import CheckIn, ExerciseSession

        console.print(
            f"  {ExerciseSession.objects.filter(patient=patient).count()} sessions, "
            f"{CheckIn.objects.filter(patient=patient).count()} check-ins in {seeded_s:.1f} s"
        )
        timings = []
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("Timing pages", total=len(PAGES))
            for path, repeats in PAGES:
                timings.append(_time(client, path, repeats))
                progress.advance(task)
    baseline = timings[0].median_ms
    table = Table(title=f"Server time in-process, {WEEKS} weeks of daily data (median)")
    for column in ("page", "status", "first ms", "median ms", "÷ /healthz", "queries", "KB"):
        table.add_column(column, justify="right")
    for t in timings:
        table.add_row(
            t.path,
            str(t.status),
            f"{t.first_ms:.1f}",
            f"{t.median_ms:.1f}",
            f"{t.median_ms / baseline:.1f}×",
            str(t.queries),
            f"{t.size_kb:.0f}",
        )
    console.print(table)
