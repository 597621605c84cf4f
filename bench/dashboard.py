"""Server time of the triage dashboard for a clinic group: 10,000 patients, two years of data.

A throwaway SQLite database in a temporary folder is bulk-loaded (``dashboard_seed``), every
patient's triage row is computed (``refresh_all``), then each dashboard page is fetched through
Django's test client by a signed-in clinician (middleware, queries, template; no web server),
against ``/healthz`` in the same run. Also timed: refreshing one patient's row, the work every
stored session, check-in and screening now adds.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bench.django_env import start_django

PATIENTS = 10_000
CHUNK = 250
PAGES: tuple[tuple[str, str, int], ...] = (
    ("/healthz", "the baseline", 40),
    ("/clinic/", "needs attention, page 1", 20),
    ("/clinic/?show=all&page=200", "all, page 200 of 400", 20),
    ("/clinic/?show=all&q=okafor", "search a last name (1,000 match)", 20),
    ("/clinic/?show=all&q=sam+okafor", "search two words (100 match)", 20),
    ("/clinic/?show=flags", "red flags", 20),
    ("/clinic/?show=quiet", "quiet", 20),
)
TARGET_MS = 100.0


@dataclass(frozen=True, slots=True)
class Timing:
    label: str
    path: str
    status: int
    median_ms: float
    cpu_ms: float  # the process's own CPU time: steadier when other programs share the cores
    worst_ms: float
    queries: int


def _time(client: Any, path: str, label: str, repeats: int) -> Timing:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # templates compiled, connection warm
    times, cpu = [], []
    status = 0
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        status = response.status_code
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return Timing(
        label,
        path,
        status,
        statistics.median(times),
        statistics.median(cpu),
        max(times),
        len(captured),
    )


def _refresh_ms(patients: int, repeats: int = 30) -> float:
    from piri.accounts.models import Patient
    from piri.clinic.services.triage_rows import refresh_triage

    chosen = list(
        Patient.objects.filter(pk__in=range(1, patients + 1, max(1, patients // repeats)))
    )
    times = []
    for patient in chosen:
        started = time.perf_counter()
        refresh_triage(patient, now=datetime.now(UTC))
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _load(console: Console, patients: int) -> tuple[Any, float, float, int]:
    from bench.dashboard_seed import seed
    from piri.clinic.services.triage_rows import refresh_all

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("Loading patients", total=patients)
        started = time.perf_counter()
        _clinic, clinician, rows = seed(
            patients, now=datetime.now(UTC), chunk=CHUNK,
            progress=lambda n: progress.advance(task, n),
        )  # fmt: skip
        loaded_s = time.perf_counter() - started
        task = progress.add_task("Triage rows", total=patients)
        started = time.perf_counter()
        refresh_all(now=datetime.now(UTC), chunk=500, progress=lambda n: progress.advance(task, n))
        rows_s = time.perf_counter() - started
    return clinician, loaded_s, rows_s, rows


def run(patients: int = PATIENTS) -> None:
    console = Console()
    with tempfile.TemporaryDirectory(prefix="piri-bench-dashboard-") as data_dir:
        start_django(data_dir)
        from django.test import Client

        from piri.clinic.models import TriageRow

        clinician, loaded_s, rows_s, rows = _load(console, patients)
        size_mb = os.path.getsize(os.path.join(data_dir, "piri.sqlite3")) / 2**20
        console.print(
            f"{patients:,} patients, {rows:,} rows ({size_mb:,.0f} MB) in {loaded_s:.0f} s; "
            f"triage rows in {rows_s:.1f} s; "
            f"{TriageRow.objects.filter(rank__gt=0).count():,} with a reason open"
        )
        client = Client()
        client.force_login(clinician)
        timings = [_time(client, path, label, n) for path, label, n in PAGES]
        refresh_ms = _refresh_ms(patients)
    baseline = timings[0].median_ms
    table = Table(title=f"Dashboard server time in-process, {patients:,} patients (median)")
    columns = ("page", "status", "median ms", "CPU ms", "worst ms", "÷ /healthz", "queries")
    for column in columns:
        table.add_column(column, justify="right")
    for t in timings:
        table.add_row(
            f"{t.path} ({t.label})", str(t.status), f"{t.median_ms:.1f}", f"{t.cpu_ms:.1f}",
            f"{t.worst_ms:.1f}",
            f"{t.median_ms / baseline:.1f}×", str(t.queries),
        )  # fmt: skip
    console.print(table)
    slowest = max(t.median_ms for t in timings[1:])
    verdict = "under" if slowest < TARGET_MS else "OVER"
    console.print(f"Slowest dashboard page: {slowest:.1f} ms median, {verdict} {TARGET_MS:.0f} ms.")
    console.print(f"Refreshing one patient's triage row: {refresh_ms:.1f} ms median.")
