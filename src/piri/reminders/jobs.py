"""The reminders' background jobs: the every-minute fan-out (one delivery job per due
reminder, so every worker shares them), a delivery, and the refresh after a session."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from piri.domain.events import Event
from piri.jobs.policy import Retry, job
from piri.reminders.fanout import deliver_due, due_rows, mark_queued
from piri.reminders.models import ReminderDelivery, ReminderSchedule
from piri.reminders.rules import rules
from piri.reminders.services import refresh

# Reminders are worth little late: a few tries over about ten minutes (then "late" anyway).
DELIVERY_RETRY = Retry(attempts=4, first_delay_s=60, max_delay_s=300)


@job(retry=Retry(attempts=2, first_delay_s=20))
def fan_out() -> int:
    """Queue one delivery per reminder due by now; how many."""
    return queue_due(now=timezone.now())


def queue_due(*, now: datetime) -> int:
    if now.minute == 0:  # once an hour: forget what became of reminders long past
        ReminderDelivery.objects.filter(due_at__lt=now - rules().keep_deliveries).delete()
    due = due_rows(now=now)
    with transaction.atomic():
        for schedule_id, at in due:
            deliver.enqueue(schedule_id, at.isoformat())
        mark_queued([schedule_id for schedule_id, _at in due])
    return len(due)


@job(retry=DELIVERY_RETRY)
def deliver(schedule_id: int, due: str) -> str:
    """Send (or skip, with the reason recorded) one due reminder."""
    return deliver_due(schedule_id, datetime.fromisoformat(due), now=timezone.now())


@job(retry=Retry(attempts=3, first_delay_s=30))
def refresh_after(patient_id: int) -> bool:
    return refresh(patient_id, now=timezone.now())


def after_session(event: Event) -> None:
    """A session was recorded, a lock lifted or the settings (time zone) changed: the next
    reminder may move (after commit)."""
    if ReminderSchedule.objects.filter(patient_id=event.patient_id, enabled=True).exists():
        refresh_after.enqueue(event.patient_id)
