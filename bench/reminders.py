"""The reminder fan-out at 10,000 patients in 20 time zones (issue 15).

On a fresh SQLite database (WAL, as ``piri serve`` runs it), rows bulk-inserted:

- **finding one minute's due reminders**: the fan-out's query (``due_rows``: one range on
  the indexed ``next_due_at``) for a minute, repeated; p50 and p95 (goal: < 100 ms);
- **sending them with N workers**: a batch of reminders made due now, one delivery job each
  (``queue_due``), run by 1 and then 2 ``piri worker`` processes, email to a real SMTP server
  on 127.0.0.1 (aiosmtpd); reminders a second;
- **the session POST's added cost**: ``POST /api/v1/sessions`` for a patient with reminders
  on (which queues the refresh of their next reminder after commit) against the same POST
  with the reminders' subscriber taken off, rounds interleaved; the ratio.

``python -m bench --only reminders``; the figures are in ``docs/performance.md``.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table

from bench.django_env import start_django

PATIENTS = 10_000
ZONES = (
    "Europe/London", "Europe/Paris", "Europe/Helsinki", "Europe/Moscow", "Africa/Lagos",
    "Africa/Johannesburg", "Asia/Dubai", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Shanghai",
    "Asia/Tokyo", "Australia/Adelaide", "Australia/Sydney", "Pacific/Auckland",
    "America/Sao_Paulo", "America/New_York", "America/Chicago", "America/Denver",
    "America/Los_Angeles", "Pacific/Honolulu",
)  # fmt: skip
REPEATS = 50
BATCH = 600  # reminders made due at once for the delivery runs
POST_ROUNDS, POSTS = 5, 20


def _people(now: datetime) -> None:
    """10,000 patients, each with a verified address and reminders on at a time between
    07:00 and 21:55 local (five-minute steps), every day, by email."""
    from allauth.account.models import EmailAddress

    from piri.accounts.models import Patient, User
    from piri.domain.reminders import Schedule, next_due
    from piri.reminders.models import ReminderSchedule

    rng = random.Random(15)
    users = User.objects.bulk_create(
        [User(username=f"r{i}", email=f"r{i}@example.org") for i in range(PATIENTS)],
        batch_size=2000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users],
        batch_size=2000,
    )
    patients = Patient.objects.bulk_create(
        [Patient(user=u, time_zone=ZONES[i % len(ZONES)]) for i, u in enumerate(users)],
        batch_size=2000,
    )
    rows = []
    for patient in patients:
        at = clock_time(rng.randrange(7, 22), rng.randrange(0, 60, 5))
        due = next_due(Schedule(at=at), ZoneInfo(patient.time_zone), after=now)
        rows.append(
            ReminderSchedule(
                patient=patient,
                enabled=True,
                weekdays=list(range(7)),
                at=at,
                channels=["email"],
                skip_when_aim_met=False,
                next_due_at=due,
            )
        )
    ReminderSchedule.objects.bulk_create(rows, batch_size=2000)


def _find(now: datetime) -> tuple[list[float], int, int]:
    """Milliseconds of the due query for each of REPEATS minutes after ``now``."""
    from piri.reminders.fanout import due_rows

    times, found, most = [], 0, 0
    for minute in range(1, REPEATS + 1):
        at = now + timedelta(minutes=minute)
        started = time.perf_counter()
        rows = due_rows(now=at)
        times.append((time.perf_counter() - started) * 1000)
        found += len(rows)
        most = max(most, len(rows))
    return times, found, most


def _plan(now: datetime) -> str:
    """SQLite's plan for the fan-out's own query."""
    from piri.reminders.fanout import due_query

    return " ".join(due_query(now=now).explain().split())


def _deliveries(workers: int, data_dir: str, smtp_port: int, inbox: list[int]) -> float:
    """Make BATCH reminders due now, queue them, run ``workers`` processes until all are
    sent; reminders a second."""
    from django.db import connection
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from piri.reminders.jobs import queue_due
    from piri.reminders.models import ReminderDelivery, ReminderSchedule

    now = timezone.now().replace(microsecond=0)
    ids = list(ReminderSchedule.objects.order_by("?").values_list("pk", flat=True)[:BATCH])
    ReminderDelivery.objects.all().delete()
    ReminderSchedule.objects.filter(pk__in=ids).update(next_due_at=now - timedelta(seconds=5))
    before = len(inbox)
    assert queue_due(now=now) >= BATCH
    connection.close()
    env = {
        **os.environ,
        "PIRI_DATA_DIR": data_dir,
        "PIRI_EMAIL_HOST": "127.0.0.1",
        "PIRI_EMAIL_PORT": str(smtp_port),
        "PIRI_EMAIL_TLS": "0",
        "PIRI_TRIAGE_AT": "",
    }
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "piri", "worker", "--poll", "0.05", "--id", f"bench-{n}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(workers)
    ]
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            left = DBTaskResult.objects.filter(
                task_path="piri.reminders.jobs.deliver", status__in=["READY", "RUNNING"]
            ).count()
            if left == 0:
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - started
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=30)
    sent = ReminderDelivery.objects.filter(outcome="sent").count()
    assert sent == BATCH, f"{sent} of {BATCH} sent"
    assert len(inbox) - before == BATCH, f"{len(inbox) - before} emails for {BATCH}"
    return BATCH / seconds


def _post_cost() -> tuple[float, float]:
    """Median µs of a session POST with the reminders' subscriber, and without it."""
    from django.test import Client
    from django.utils import timezone
    from tests.factories.reminders import set_reminders

    from bench.ready_patient import ready_patient
    from piri import messagebus
    from piri.domain.events import SessionRecorded
    from piri.reminders.jobs import after_session

    now = timezone.now()
    patient, plan = ready_patient(username="poster", now=now)
    set_reminders(patient, now=now)
    assert plan is not None
    client = Client()
    client.force_login(patient.user)

    def post() -> None:
        started = time.time() - 1200
        body = {
            "client_id": str(uuid.uuid4()),
            "plan_id": str(plan.id),
            "started_at": datetime.fromtimestamp(started, UTC).isoformat(),
            "ended_at": datetime.fromtimestamp(started + 600, UTC).isoformat(),
            "completed": False,
        }
        response = client.post("/api/v1/sessions", body, content_type="application/json")
        assert response.status_code == 201, response.content

    def timed(count: int) -> float:
        started = time.perf_counter()
        for _ in range(count):
            post()
        return (time.perf_counter() - started) / count * 1e6

    timed(5)
    with_, without = [], []
    for _ in range(POST_ROUNDS):
        with_.append(timed(POSTS))
        messagebus.unsubscribe(SessionRecorded, after_session)
        try:
            without.append(timed(POSTS))
        finally:
            messagebus.subscribe(SessionRecorded, after_session, after_commit=True)
    return statistics.median(with_), statistics.median(without)


def _smtp() -> tuple[Any, list[int]]:
    from aiosmtpd.controller import Controller

    inbox: list[int] = []

    class Count:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            inbox.append(1)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


def run() -> None:
    console = Console(width=110)
    with tempfile.TemporaryDirectory(prefix="piri-bench-reminders-") as data_dir:
        start_django(data_dir)
        from django.utils import timezone

        now = timezone.now().replace(second=0, microsecond=0)
        started = time.perf_counter()
        _people(now)
        made = time.perf_counter() - started
        times, found, most = _find(now)
        plan = _plan(now + timedelta(minutes=1))
        controller, inbox = _smtp()
        try:
            port = int(controller.port)
            rates = {n: _deliveries(n, data_dir, port, inbox) for n in (1, 2)}
        finally:
            controller.stop()
        with_us, without_us = _post_cost()
    times.sort()
    p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
    table = Table(title=f"Reminders: {PATIENTS:,} patients in {len(ZONES)} zones, SQLite")
    table.add_column("what")
    table.add_column("figure", justify="right")
    table.add_row("rows made (bulk insert)", f"{made:.1f} s")
    table.add_row(f"due query, one minute, p50 of {REPEATS}", f"{p50:.2f} ms")
    table.add_row("due query p95", f"{p95:.2f} ms")
    table.add_row(
        "rows due by each minute (mean / most; none sent between)",
        f"{found / REPEATS:.1f} / {most}",
    )
    for n, rate in rates.items():
        table.add_row(f"sent by {n} worker process(es), {BATCH} emails", f"{rate:.0f} /s")
    table.add_row("POST /api/v1/sessions, reminders on", f"{with_us:.0f} µs")
    table.add_row("the same POST, reminders' subscriber off", f"{without_us:.0f} µs")
    table.add_row("the POST's added cost (ratio)", f"{with_us / without_us:.3f}×")
    console.print(table)
    console.print(f"query plan: {plan}")
    console.print(f"goal: the due query under 100 ms: {'met' if p50 < 100 else 'NOT met'}")
