"""Finding one minute's due reminders (one range query on the indexed ``next_due_at``) and
handling one of them (the rules checked again at send time; once per due instant).

``due_ids`` is the query the bench times. ``deliver`` claims the pair (schedule, due instant)
by inserting a ``ReminderDelivery`` row first: a retried or doubled job finds it and sends
nothing. A send that fails removes the claim and raises, so the job is tried again; a worker
that dies between sending and recording leaves the claim, so that reminder is not repeated.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet

from piri.domain.reminders import Action, decide
from piri.reminders.channels import channel
from piri.reminders.facts import facts_for
from piri.reminders.models import ReminderDelivery, ReminderSchedule
from piri.reminders.rules import rules
from piri.reminders.services import recompute, to_domain
from piri.reminders.words import message_for


def due_query(*, now: datetime) -> QuerySet[ReminderSchedule, tuple[int, datetime | None]]:
    """The reminders due by ``now`` not yet queued: one range on the ``next_due_at`` index."""
    rows = ReminderSchedule.objects.filter(next_due_at__lte=now, enabled=True).filter(
        Q(queued_for__isnull=True) | ~Q(queued_for=F("next_due_at"))
    )
    return rows.values_list("pk", "next_due_at")


def due_rows(*, now: datetime) -> list[tuple[int, datetime]]:
    """(schedule id, due instant) of every reminder due by ``now`` not yet queued."""
    return [(pk, due) for pk, due in due_query(now=now) if due is not None]


def mark_queued(ids: list[int]) -> None:
    ReminderSchedule.objects.filter(pk__in=ids).update(queued_for=F("next_due_at"))


def deliver_due(schedule_id: int, due: datetime, *, now: datetime) -> str:
    """Handle the reminder of ``schedule_id`` due at ``due``; what became of it."""
    row = ReminderSchedule.objects.select_related("patient").filter(pk=schedule_id).first()
    if row is None or not row.enabled or row.next_due_at != due:
        return "stale"  # turned off, or changed since it was queued
    try:
        with transaction.atomic():
            claim = ReminderDelivery.objects.create(
                schedule=row, due_at=due, outcome="sending", handled_at=now
            )
    except IntegrityError:
        return "already"
    patient = row.patient
    test = row.test_at is not None and row.test_at == due
    facts = facts_for(patient, now=now)
    verdict = decide(
        to_domain(row),
        facts,
        due=due,
        now=now,
        tz=patient.zone,
        late_after=rules().late_after,
        test=test,
    )
    sent_on: list[str] = []
    if verdict.action is not Action.SKIP:
        message = message_for(patient, kind="test" if test else "reminder", lock=facts.lock)
        try:
            for name in row.channels:
                way = channel(name)
                if way is not None and way.ready(patient) and way.send(patient, message):
                    sent_on.append(name)
        except Exception:
            claim.delete()  # not sent: the retried job claims it again
            raise
    claim.outcome = verdict.action.value if verdict.action is not Action.SEND else "sent"
    claim.reason, claim.channels = verdict.reason, sent_on
    claim.save(update_fields=["outcome", "reason", "channels"])
    with transaction.atomic():
        fresh = ReminderSchedule.objects.select_for_update().select_related("patient")
        current = fresh.get(pk=row.pk)
        if current.next_due_at == due:  # not changed meanwhile by the patient
            if current.test_at is not None and current.test_at <= due:
                current.test_at = None
            recompute(current, now=now, after=max(due, now))
            current.save(update_fields=["test_at", "next_due_at", "updated_at"])
    return claim.outcome
