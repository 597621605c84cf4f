"""Reminders end to end in the test's process: the every-minute fan-out queues one delivery
per due reminder, a worker sends it by email to a real SMTP server (aiosmtpd), the rules are
checked again at send time, and nothing is sent twice. The clock is the only fake."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from piri.domain.reminders import Mode
from piri.jobs.models import ScheduledRun
from piri.jobs.schedules import fire_due, schedules
from piri.jobs.worker import Worker, run_due_jobs
from piri.reminders.jobs import deliver, queue_due
from piri.reminders.models import ReminderDelivery, ReminderSchedule
from piri.reminders.services import ask_test, summary
from tests.factories.people import give_email, make_patient
from tests.factories.program import flag, make_sessions
from tests.factories.reminders import set_reminders
from tests.smtp import Inbox, smtp_server

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)  # 13:00 in London
DUE = datetime(2026, 6, 1, 17, 0, tzinfo=UTC)  # 18:00 in London


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock(MONDAY)
    monkeypatch.setattr(timezone, "now", fake)
    return fake


@pytest.fixture
def inbox(settings: Any) -> Iterator[Inbox]:
    settings.PIRI_SITE_URL = "https://piri.example"
    with smtp_server(settings) as box:
        yield box


def patient_with_email(**kw: Any) -> Any:
    patient = make_patient(now=MONDAY, **kw)
    give_email(patient.user, f"{patient.user.username}@example.org")
    return patient


def run_minute(clock: Clock, at: datetime) -> list[Any]:
    """What a worker does at ``at``: fire the schedules, run what is due."""
    clock.at = at
    fire_due(now=at)
    return run_due_jobs(now=at)


def test_a_reminder_arrives_by_email_at_the_local_time_with_a_stop_link(clock, inbox):
    patient = patient_with_email(username="ada")
    row = set_reminders(patient, now=MONDAY)
    assert row.next_due_at == DUE
    before = run_minute(clock, DUE - timedelta(minutes=1))
    assert [o.name for o in before if o.name == "deliver"] == []  # not yet: nothing queued
    assert inbox.messages == []
    outcomes = run_minute(clock, DUE + timedelta(seconds=3))
    assert [o.result for o in outcomes if o.name == "deliver"] == ["done"]
    [(to, message)] = inbox.messages
    assert to == ["ada@example.org"]
    assert message["Subject"] == "Time for your Piri exercises"
    body = inbox.bodies()[0]
    assert "https://piri.example/reminders/stop/" in body
    assert "".join(message["List-Unsubscribe"].split()).startswith(
        "<https://piri.example/reminders/stop/"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for health_word in ("pain", "numb", "symptom", "flag"):
        assert health_word not in body.lower()
    row.refresh_from_db()
    assert row.next_due_at == DUE + timedelta(days=1)  # tomorrow, 18:00 London
    assert ReminderDelivery.objects.get().outcome == "sent"


def test_the_fan_out_fires_once_a_minute_however_many_workers_look(clock, inbox):
    patient = patient_with_email()
    set_reminders(patient, now=MONDAY)
    at = DUE + timedelta(seconds=1)
    clock.at = at
    reminders_only = [s for s in schedules() if s.name == "reminders"]
    assert len(fire_due(now=at, among=reminders_only)) == 1
    assert fire_due(now=at + timedelta(seconds=30), among=reminders_only) == []  # same minute
    assert ScheduledRun.objects.filter(name="reminders").count() == 1
    assert queue_due(now=at) == 1  # the fan-out's query, run again: already queued
    run_due_jobs(now=at)
    assert queue_due(now=at) == 0
    assert len(inbox.messages) == 1


def test_two_workers_and_a_doubled_job_send_once(clock, inbox):
    patient = patient_with_email()
    row = set_reminders(patient, now=MONDAY)
    clock.at = DUE + timedelta(seconds=2)
    for _ in range(3):  # the same due instant queued three times (a retry, a race)
        deliver.enqueue(row.pk, DUE.isoformat())
    first, second = Worker(worker_id="one"), Worker(worker_id="two")
    for worker in (first, second):
        worker.start(beat=False)
    try:
        outcomes = [first.run(r) for r in [first.claim(clock.at)] if r is not None]
        outcomes += second.drain(now=clock.at)
    finally:
        first.stop()
        second.stop()
    assert sorted(o.result for o in outcomes) == ["done"] * 3
    assert len(inbox.messages) == 1
    assert ReminderDelivery.objects.filter(schedule=row, due_at=DUE).count() == 1


def test_nothing_once_todays_session_is_done(clock, inbox):
    patient = patient_with_email()
    row = set_reminders(patient, now=MONDAY)
    make_sessions(patient, [date(2026, 6, 1)])
    # queued before the session was known: the delivery checks again at send time
    clock.at = DUE + timedelta(seconds=1)
    queue_due(now=clock.at)
    run_due_jobs(now=clock.at)
    assert inbox.messages == []
    assert ReminderDelivery.objects.get().reason == "done-today"
    row.refresh_from_db()
    assert row.next_due_at == DUE + timedelta(days=1)


def test_a_recorded_session_moves_the_next_reminder_to_tomorrow(clock, inbox):
    from piri.reminders.services import refresh

    patient = patient_with_email()
    set_reminders(patient, now=MONDAY)
    make_sessions(patient, [date(2026, 6, 1)])
    assert refresh(patient.pk, now=MONDAY)
    assert ReminderSchedule.objects.get().next_due_at == DUE + timedelta(days=1)


def test_the_weekly_aim_met_stops_reminders_only_if_chosen(clock, inbox):
    patient = patient_with_email(weekly_target=1)
    make_sessions(patient, [date(2026, 5, 31)])  # Sunday: last week; nothing this week yet
    set_reminders(patient, now=MONDAY, weekdays=[2], skip_when_aim_met=True)  # Wednesdays
    make_sessions(patient, [date(2026, 6, 2)])  # Tuesday: this week's aim (1) met
    wednesday = DUE + timedelta(days=2)
    run_minute(clock, wednesday)
    assert inbox.messages == []
    assert ReminderDelivery.objects.get().reason == "aim-met"


def test_during_an_emergency_lock_the_locks_message_instead(clock, inbox):
    patient = patient_with_email()
    set_reminders(patient, now=MONDAY)
    flag(patient, "E", now=MONDAY)
    run_minute(clock, DUE)
    [(_to, message)] = inbox.messages
    assert message["Subject"] == "Get help now"
    assert "locked until a clinician has seen you" in inbox.bodies()[0]
    assert "/safety/emergency/" in inbox.bodies()[0]
    assert "exercises" not in message["Subject"]


def test_quiet_hours_hold_back_a_reminder(clock, inbox):
    patient = patient_with_email()
    row = set_reminders(patient, now=MONDAY, at=time(18))
    # quiet hours set straight on the row (the form refuses a time inside them)
    ReminderSchedule.objects.filter(pk=row.pk).update(quiet_start=time(17, 30), quiet_end=time(19))
    run_minute(clock, DUE)
    assert inbox.messages == []
    assert ReminderDelivery.objects.get().reason == "quiet-hours"


def test_a_reminder_reached_hours_late_is_dropped_and_the_next_one_set(clock, inbox):
    patient = patient_with_email()
    set_reminders(patient, now=MONDAY)
    run_minute(clock, DUE + timedelta(hours=3))  # the workers were down
    assert inbox.messages == []
    assert ReminderDelivery.objects.get().reason == "late"
    assert ReminderSchedule.objects.get().next_due_at == DUE + timedelta(days=1)


def test_a_failing_mail_server_means_a_retry_that_still_sends_once(clock, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    settings.EMAIL_TIMEOUT = 2
    patient = patient_with_email()
    set_reminders(patient, now=MONDAY)
    outcomes = run_minute(clock, DUE)
    assert [o.result for o in outcomes if o.name == "deliver"] == ["retry"]
    assert ReminderDelivery.objects.count() == 0  # the claim given back
    with smtp_server(settings) as box:
        run_due_jobs(now=DUE + timedelta(minutes=1, seconds=1))
        clock.at = DUE + timedelta(minutes=1, seconds=1)
        run_due_jobs(now=clock.at)
    assert len(box.messages) == 1


def test_a_test_reminder_comes_two_minutes_later_even_in_quiet_hours(clock, inbox):
    patient = patient_with_email()
    night = datetime(2026, 6, 1, 22, 0, tzinfo=UTC)  # 23:00 London
    set_reminders(patient, now=night, quiet=(time(22), time(7)), at=time(8))
    row = ask_test(patient, now=night)
    assert row.next_due_at == night + timedelta(minutes=2)  # on a whole minute already
    run_minute(clock, night + timedelta(minutes=2))
    [(_to, message)] = inbox.messages
    assert message["Subject"] == "Piri test reminder"
    row.refresh_from_db()
    assert row.test_at is None
    assert row.next_due_at == datetime(2026, 6, 2, 7, 0, tzinfo=UTC)  # 08:00 London


def test_unverified_addresses_get_nothing(clock, inbox):
    patient = make_patient(now=MONDAY)
    give_email(patient.user, "unverified@example.org", verified=False)
    set_reminders(patient, now=MONDAY)
    run_minute(clock, DUE)
    assert inbox.messages == []


def test_a_new_york_reminder_across_the_november_change(clock, inbox):
    patient = patient_with_email(time_zone="America/New_York")
    saturday = datetime(2026, 10, 31, 12, 0, tzinfo=UTC)
    row = set_reminders(patient, now=saturday, at=time(7, 30))
    assert row.next_due_at == datetime(2026, 11, 1, 12, 30, tzinfo=UTC)  # 07:30 EST, Sunday
    run_minute(clock, row.next_due_at)
    row.refresh_from_db()
    assert row.next_due_at == datetime(2026, 11, 2, 12, 30, tzinfo=UTC)
    assert len(inbox.messages) == 1


def test_the_clinic_line_says_on_with_how_or_off(clock):
    patient = patient_with_email()
    assert summary(patient) == "off"
    set_reminders(patient, now=MONDAY, mode=Mode.NOT_DONE_BY)
    assert summary(patient) == "on (email)"


def test_moving_to_another_time_zone_moves_the_next_reminder(
    clock, inbox, django_capture_on_commit_callbacks
):
    from piri.program.services.onboarding import onboard
    from piri.program.services.protocol import active_protocol

    patient = patient_with_email()
    set_reminders(patient, now=MONDAY)
    with django_capture_on_commit_callbacks(execute=True):
        onboard(
            patient,
            protocol=active_protocol(),
            sides="right",
            floor_ok=True,
            tools=(),
            weekly_target=4,
            time_zone="America/New_York",
            now=MONDAY,
        )
    run_due_jobs(now=MONDAY)  # the refresh queued after the settings were saved
    row = ReminderSchedule.objects.get()
    assert row.next_due_at == datetime(2026, 6, 1, 22, 0, tzinfo=UTC)  # 18:00 EDT


def test_what_became_of_reminders_is_kept_a_month(clock, inbox):
    patient = patient_with_email()
    set_reminders(patient, now=MONDAY)
    run_minute(clock, DUE)
    assert ReminderDelivery.objects.count() == 1
    queue_due(now=DUE + timedelta(days=29, minutes=60))  # on the hour: the clean-up runs
    assert ReminderDelivery.objects.count() == 1
    queue_due(now=DUE + timedelta(days=31))
    assert ReminderDelivery.objects.count() == 0
