"""What queueing a background job adds to a write, against the write alone, in the same run.

In-process on a fresh SQLite database (WAL, as ``piri serve`` runs it), rounds interleaved so
that a slower moment of the shared machine hits every kind alike:

- one plain ``INSERT`` in its own transaction (the baseline), and one job queued in its own
  transaction (``Task.enqueue``: the job row of ``django-tasks-db``);
- ``POST /api/v1/sessions`` through Django's test client as it is, and with a subscriber that
  queues a job inside the session's transaction (what a reminder on ``SessionRecorded`` will
  do): the session POST's added cost from enqueueing.

``python -m bench --only jobs``; the figures are in ``docs/performance.md``.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.django_env import start_django

ROUNDS = 7
WRITES = 200  # per round, for the plain INSERT and the enqueue
POSTS = 30  # per round, for each kind of session POST


def nothing(patient_id: int) -> None:
    """The bench's job: queued, never run. ``_setup`` makes this name a Task once Django is
    set up (a Task checks its backend when made), so the job row's path finds the Task."""


def _setup() -> tuple[Any, Any, Callable[[], dict[str, Any]]]:
    from django.test import Client
    from django.utils import timezone

    from bench.ready_patient import ready_patient
    from piri.jobs.policy import job

    task = job()(nothing)
    globals()["nothing"] = task
    patient, plan = ready_patient(username="bench", now=timezone.now())
    client = Client()
    client.force_login(patient.user)

    def body() -> dict[str, Any]:
        started = time.time() - 1200
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(started))
        ended = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(started + 600))
        return {
            "client_id": str(uuid.uuid4()),
            "plan_id": str(plan.id),
            "started_at": stamp,
            "ended_at": ended,
            "completed": False,
        }

    return task, client, body


def _per_call_us(action: Callable[[], object], count: int) -> float:
    started = time.perf_counter()
    for _ in range(count):
        action()
    return (time.perf_counter() - started) / count * 1e6


def run() -> None:
    console = Console(width=110)
    with tempfile.TemporaryDirectory(prefix="piri-bench-jobs-") as data_dir:
        start_django(data_dir)
        from django.db import connection, transaction

        from piri import messagebus
        from piri.domain.events import SessionRecorded

        task, client, body = _setup()
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_plain (patient integer, payload text)")

        def plain_insert() -> None:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO bench_plain (patient, payload) VALUES (%s, %s)",
                    [1, json.dumps({"args": [1], "kwargs": {}})],
                )

        def enqueue() -> None:
            with transaction.atomic():
                task.enqueue(1)

        def post() -> None:
            response = client.post("/api/v1/sessions", body(), content_type="application/json")
            assert response.status_code == 201, response.content

        def queue_a_job(event: SessionRecorded) -> None:
            task.enqueue(event.patient_id)

        def post_and_enqueue() -> None:
            messagebus.subscribe(SessionRecorded, queue_a_job)  # inside the transaction
            try:
                post()
            finally:
                messagebus.unsubscribe(SessionRecorded, queue_a_job)

        kinds: dict[str, tuple[Callable[[], None], int]] = {
            "plain INSERT in a transaction": (plain_insert, WRITES),
            "enqueue in a transaction": (enqueue, WRITES),
            "POST /api/v1/sessions": (post, POSTS),
            "POST /api/v1/sessions + enqueue": (post_and_enqueue, POSTS),
        }
        for action, _count in kinds.values():  # warm up
            _per_call_us(action, 5)
        figures: dict[str, list[float]] = {name: [] for name in kinds}
        for _ in range(ROUNDS):
            for name, (action, count) in kinds.items():
                figures[name].append(_per_call_us(action, count))
    median = {name: statistics.median(values) for name, values in figures.items()}
    table = Table(title=f"Queueing a job, SQLite, median of {ROUNDS} rounds (µs per call)")
    for column in ("what", "µs", "range", "ratio", "ratio to"):
        table.add_column(column, justify="right")
    bases = {
        "enqueue in a transaction": "plain INSERT in a transaction",
        "POST /api/v1/sessions + enqueue": "POST /api/v1/sessions",
    }
    for name, values in figures.items():
        base = bases.get(name, name)
        table.add_row(
            name,
            f"{median[name]:.0f}",
            f"{min(values):.0f}–{max(values):.0f}",
            f"{median[name] / median[base]:.2f}×",
            base if base != name else "",
        )
    console.print(table)
    added = median["POST /api/v1/sessions + enqueue"] - median["POST /api/v1/sessions"]
    console.print(
        f"The session POST's added cost from enqueueing: {added:.0f} µs, "
        f"{median['POST /api/v1/sessions + enqueue'] / median['POST /api/v1/sessions']:.3f}× "
        "the POST alone."
    )
