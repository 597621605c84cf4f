"""Two real ``piri worker`` processes share the reminders due now and send each exactly once,
by email to a real SMTP server (aiosmtpd) in the test's process; the every-minute fan-out
fires once a minute however many workers look. Runs on the workers' own database
(``test_worker_processes``' scratch database: SQLite, or PostgreSQL under
``make test-postgres``)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.integration.test_worker_processes import Scratch, scratch, stop, wait_for
from tests.smtp import Inbox, free_port

__all__ = ["scratch"]  # the module-scoped fixture, used here too
PATIENTS = 20

MAKE = f"""
from datetime import timedelta
from django.utils import timezone
from piri.reminders.models import ReminderSchedule
from tests.factories.people import give_email, make_patient
from tests.factories.reminders import set_reminders
now = timezone.now()
for i in range({PATIENTS}):
    patient = make_patient(username=f"rw{{i}}", now=now)
    give_email(patient.user, f"rw{{i}}@example.org")
    set_reminders(patient, now=now)
ReminderSchedule.objects.update(next_due_at=now - timedelta(seconds=2))
"""


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield box, int(controller.port)
    finally:
        controller.stop()


def worker(scratch: Scratch, name: str, port: int) -> tuple[subprocess.Popen[bytes], Path]:
    env = {
        **scratch.env,
        "PIRI_EMAIL_HOST": "127.0.0.1",
        "PIRI_EMAIL_PORT": str(port),
        "PIRI_EMAIL_TLS": "0",
        "PIRI_TRIAGE_AT": "",
    }
    log = scratch.folder / f"{name}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "piri", "worker", "--id", name, "--poll", "0.1"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return proc, log


def test_two_workers_send_each_due_reminder_once(scratch: Scratch, inbox: Any):
    box, port = inbox
    scratch.python(MAKE)
    workers = [worker(scratch, name, port) for name in ("rem-left", "rem-right")]
    try:
        wait_for(lambda: len(box.messages) >= PATIENTS, f"{PATIENTS} reminder emails")
        time.sleep(1.5)  # room for a second send of any reminder, were there one
    finally:
        for proc, _log in workers:
            stop(proc)
    recipients = sorted(to[0] for to, _message in box.messages)
    assert recipients == sorted(f"rw{i}@example.org" for i in range(PATIENTS))  # once each
    sent = scratch.query(
        "SELECT count(*), count(DISTINCT schedule_id) FROM reminders_reminderdelivery "
        "WHERE outcome = 'sent'"
    )
    assert sent == [(PATIENTS, PATIENTS)]
    runs = scratch.query(
        "SELECT count(*), count(DISTINCT slot) FROM jobs_scheduledrun WHERE name = 'reminders'"
    )
    assert runs[0][0] == runs[0][1] >= 1  # one fan-out per minute, whoever fired it
    texts = [log.read_text() for _proc, log in workers]
    assert sum(text.count("done  deliver") for text in texts) == PATIENTS, texts
