"""The patient's side publishes what happened; the clinic's side reacts. The triage row is
refreshed inside the writer's transaction (never stale after a commit); the clinic's email
goes only after a commit, never for a write that was rolled back."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from piri import messagebus
from piri.clinic.models import TriageRow
from piri.clinic.subscriptions import email_the_clinic, refresh_row, refresh_row_after_checkin
from piri.domain.events import (
    CheckinChanged,
    Event,
    FlagRaised,
    ReviewRecorded,
    ScreeningsStored,
    SessionRecorded,
)
from piri.jobs.worker import run_due_jobs
from piri.program.services.recording import SessionReport, record_session
from tests.factories.clinics import link, make_clinic
from tests.factories.people import make_patient
from tests.factories.program import flag, make_plan


class Rollback(Exception):
    pass


def test_the_clinic_subscribes_to_what_the_patient_side_publishes():
    for kind in (SessionRecorded, ScreeningsStored, ReviewRecorded):
        assert messagebus.subscribers(kind)["inside"] == [refresh_row]
    assert messagebus.subscribers(ScreeningsStored)["after_commit"] == []
    assert messagebus.subscribers(CheckinChanged)["inside"] == [refresh_row_after_checkin]
    assert messagebus.subscribers(FlagRaised) == {"inside": [], "after_commit": [email_the_clinic]}


def test_the_triage_row_is_current_inside_the_transaction_that_stores_a_session(db):
    patient = make_patient()
    plan = make_plan(patient)
    now = timezone.now()
    report = SessionReport(
        client_id=uuid.uuid4(),
        plan_id=plan.pk,
        started_at=now - timedelta(minutes=20),
        ended_at=now - timedelta(minutes=5),
        completed=False,
    )
    with transaction.atomic():
        session, created = record_session(patient, report, now=now)
        assert created
        row = TriageRow.objects.get(patient=patient)  # before the commit
        assert row.last_session_on == session.local_date


def test_reminders_subscribe_after_commit_to_what_moves_the_next_reminder():
    from piri.domain.events import SettingsChanged
    from piri.reminders.jobs import after_session

    for kind in (SessionRecorded, ReviewRecorded, SettingsChanged):
        assert messagebus.subscribers(kind)["after_commit"] == [after_session]


def test_a_flag_rolled_back_emails_no_one_and_leaves_no_row(db, django_capture_on_commit_callbacks):
    patient = link(make_patient(), make_clinic(notify_email="triage@clinic.example"))
    before = TriageRow.objects.get(patient=patient).flag_tier
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        flag(patient, "E")
        assert TriageRow.objects.get(patient=patient).flag_tier == "E"
        raise Rollback
    assert callbacks == [] and mail.outbox == []
    assert TriageRow.objects.get(patient=patient).flag_tier == before


def test_a_committed_flag_emails_the_clinic_once(db, django_capture_on_commit_callbacks):
    patient = link(make_patient(), make_clinic(notify_email="triage@clinic.example"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        flag(patient, "U")
    assert len(callbacks) == 1
    assert mail.outbox == []  # the commit queued the email
    assert [o.result for o in run_due_jobs()] == ["done"]
    assert [m.to for m in mail.outbox] == [["triage@clinic.example"]]


@dataclass(frozen=True, slots=True)
class Probe(Event):
    """An event only this test publishes."""


def test_an_after_commit_handler_that_fails_is_logged_and_undoes_nothing(
    db, django_capture_on_commit_callbacks, caplog
):
    seen: list[Event] = []

    def broken(event: Probe) -> None:
        raise RuntimeError("mail server down")

    messagebus.subscribe(Probe, broken, after_commit=True)
    messagebus.subscribe(Probe, seen.append, after_commit=True)
    messagebus.subscribe(Probe, broken, after_commit=True)  # twice: still once
    event = Probe(patient_id=1, at=timezone.now())
    with (
        caplog.at_level(logging.ERROR, logger="piri.messagebus"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        messagebus.publish(event)
        assert seen == []  # not before the commit
    assert len(callbacks) == 2 and seen == [event]
    assert "mail server down" in caplog.text


def test_an_event_says_when_it_happened(db):
    past = timezone.now() - timedelta(days=2)
    patient = make_patient()
    received: list[ScreeningsStored] = []
    messagebus.subscribe(ScreeningsStored, received.append)
    try:
        flag(patient, "D", now=past)
    finally:
        messagebus.unsubscribe(ScreeningsStored, received.append)
    [event] = received
    assert event.at == past and len(event.screening_ids) == 1


def test_every_event_is_documented_with_its_publisher():
    import piri.domain.events as events

    record = (
        Path(__file__).resolve().parents[2] / "docs/decisions/0008-domain-events.md"
    ).read_text()
    published = [
        obj.__name__
        for obj in vars(events).values()
        if isinstance(obj, type) and issubclass(obj, Event) and obj is not Event
    ]
    assert len(published) >= 5
    assert [name for name in published if f"| `{name}` |" not in record] == []
