"""Background jobs in the test's own process: retries with back-off until a job is marked
failed, a job whose worker died is given back, daily schedules fire once per slot, the admin
shows the queue to superusers only, and ``piri worker --once`` says what it did.
(Real worker processes, SIGKILL and two workers: ``test_worker_processes.py``.)"""

from __future__ import annotations

import io
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from piri.accounts.models import Clinic, User
from piri.accounts.models.clinics import Role
from piri.accounts.roles import add_membership
from piri.clinic.jobs import EMAIL_RETRY, rebuild_triage
from piri.jobs.models import ScheduledRun, WorkerBeat
from piri.jobs.policy import Retry, job
from piri.jobs.schedules import Daily, fire_due, last_slot, parse_at
from piri.jobs.worker import Worker, run_due_jobs

pytestmark = pytest.mark.django_db
Status = TaskResultStatus
calls: list[int] = []


@job(retry=Retry(attempts=3, first_delay_s=10, max_delay_s=15))
def always_fails(n: int) -> None:
    """A test-only job whose every attempt fails."""
    calls.append(n)
    raise ConnectionRefusedError("the mail server is down")


@job(retry=Retry(attempts=2, first_delay_s=0))
def counts(n: int) -> int:
    """A test-only job that succeeds."""
    calls.append(n)
    return n * 2


@pytest.fixture(autouse=True)
def no_calls() -> None:
    calls.clear()


def test_a_failing_job_is_tried_again_with_a_growing_pause_then_marked_failed():
    now = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
    always_fails.enqueue(7)
    first = run_due_jobs(now=now)
    assert [(o.result, o.attempt, o.attempts) for o in first] == [("retry", 1, 3)]
    assert first[0].next_at == now + timedelta(seconds=10)
    assert "ConnectionRefusedError: the mail server is down" in first[0].error
    assert run_due_jobs(now=now + timedelta(seconds=9)) == []  # not due yet
    second = run_due_jobs(now=now + timedelta(seconds=10))
    assert [(o.result, o.attempt) for o in second] == [("retry", 2)]
    assert second[0].next_at == now + timedelta(seconds=10 + 15)  # 20 s, capped at 15
    third = run_due_jobs(now=now + timedelta(seconds=25))
    assert [(o.result, o.attempt) for o in third] == [("failed", 3)]
    assert run_due_jobs(now=now + timedelta(days=1)) == []  # failed for good
    assert calls == [7, 7, 7]
    row = DBTaskResult.objects.get()
    assert row.status == Status.FAILED and len(row.worker_ids) == 3
    assert row.exception_class_path == "builtins.ConnectionRefusedError"
    assert "the mail server is down" in row.traceback


def test_a_job_that_succeeds_runs_once_and_keeps_its_value():
    counts.enqueue(21)
    [outcome] = run_due_jobs()
    assert (outcome.result, outcome.attempt) == ("done", 1)
    assert run_due_jobs() == []
    row = DBTaskResult.objects.get()
    assert (row.status, row.return_value, calls) == (Status.SUCCESSFUL, 42, [21])


def test_the_clinic_emails_are_tried_eight_times_over_about_an_hour():
    waits = [EMAIL_RETRY.delay(attempt) for attempt in range(1, EMAIL_RETRY.attempts)]
    assert waits[0] == timedelta(seconds=30) and waits[-1] == timedelta(minutes=32)
    assert timedelta(minutes=60) < sum(waits, timedelta()) < timedelta(minutes=70)


def test_a_job_whose_worker_stopped_beating_is_given_back_after_the_lease(settings):
    settings.PIRI_WORKER_LEASE = 60
    now = timezone.now()
    counts.enqueue(5)
    dead = Worker(worker_id="dead")
    dead.start(beat=False)
    assert dead.claim(now) is not None  # and then the process was killed
    alive = Worker(worker_id="alive")
    alive.start(beat=False)
    assert alive.recover_lost(now=now + timedelta(seconds=30)) == []  # within the lease
    assert run_due_jobs(now=now + timedelta(seconds=30)) == []  # still RUNNING, not taken
    WorkerBeat.objects.filter(pk="dead").update(seen_at=now - timedelta(seconds=61))
    [lost] = alive.recover_lost(now=now + timedelta(seconds=1))
    assert (lost.result, lost.attempt, lost.attempts) == ("lost, retry", 1, 2)
    assert "worker dead stopped answering" in lost.error
    [done] = run_due_jobs(now=now + timedelta(seconds=2))  # back-off of 0 s
    assert (done.result, done.attempt, calls) == ("done", 2, [5])
    row = DBTaskResult.objects.get()
    assert row.worker_ids[0] == "dead" and row.status == Status.SUCCESSFUL


def test_the_latest_slot_is_today_once_its_time_has_come_else_yesterday():
    london = ZoneInfo("Europe/London")
    at = time(3, 0)
    before = datetime(2027, 7, 1, 1, 59, tzinfo=UTC)  # 02:59 in London (summer time)
    after = datetime(2027, 7, 1, 2, 0, tzinfo=UTC)  # 03:00 in London
    assert last_slot(at, now=before, tz=london) == datetime(2027, 6, 30, 3, 0, tzinfo=london)
    assert last_slot(at, now=after, tz=london) == datetime(2027, 7, 1, 3, 0, tzinfo=london)


def test_a_daily_job_fires_once_per_slot_however_often_workers_look(settings):
    settings.PIRI_DEFAULT_TIME_ZONE = "Europe/London"
    triage = Daily(name="triage-rebuild", task=rebuild_triage, setting="PIRI_TRIAGE_AT")
    night = datetime(2027, 1, 10, 3, 0, 5, tzinfo=UTC)
    assert [s.name for s, _id in fire_due(now=night, among=[triage])] == ["triage-rebuild"]
    for seconds in (1, 60, 3600):  # every worker, every turn of its loop
        assert fire_due(now=night + timedelta(seconds=seconds), among=[triage]) == []
    assert len(fire_due(now=night + timedelta(days=1), among=[triage])) == 1  # next night
    assert ScheduledRun.objects.count() == DBTaskResult.objects.count() == 2
    [first, second] = run_due_jobs()
    assert first.name == second.name == "rebuild_triage" and first.result == "done"


def test_a_missed_night_fires_when_a_worker_starts_and_off_means_never(settings):
    settings.PIRI_DEFAULT_TIME_ZONE = "UTC"
    triage = Daily(name="triage-rebuild", task=rebuild_triage, setting="PIRI_TRIAGE_AT")
    settings.PIRI_TRIAGE_AT = ""
    assert fire_due(now=datetime(2027, 1, 10, 9, 0, tzinfo=UTC), among=[triage]) == []
    settings.PIRI_TRIAGE_AT = "03:00"
    assert len(fire_due(now=datetime(2027, 1, 17, 9, 0, tzinfo=UTC), among=[triage])) == 1
    assert ScheduledRun.objects.get().slot == datetime(2027, 1, 17, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize("value", ["3", "25:00", "03:60", "3am", "03:00:00"])
def test_a_schedule_time_that_is_not_hh_mm_is_refused_naming_the_setting(settings, value):
    with pytest.raises(ValueError, match=r"PIRI_TRIAGE_AT=.*HH:MM"):
        parse_at("PIRI_TRIAGE_AT", value)
    settings.PIRI_TRIAGE_AT = value
    with pytest.raises(CommandError, match="PIRI_TRIAGE_AT"):
        call_command("worker", "--once", stdout=io.StringIO())


def test_worker_once_fires_the_night_runs_the_queue_and_says_so(settings):
    settings.PIRI_TRIAGE_AT = "00:00"
    settings.PIRI_PURGE_AT = ""  # the nightly purge (decision 0017) has its own test
    counts.enqueue(1)
    always_fails.enqueue(2)
    out = io.StringIO()
    call_command("worker", "--once", stdout=out)
    text = out.getvalue()
    assert "started: " in text and "once" in text
    assert "queued triage-rebuild (PIRI_TRIAGE_AT)" in text
    assert "done  counts" in text and "done  rebuild_triage" in text
    assert "retry always_fails" in text and "attempt 1 of 3" in text and "next try" in text
    assert "stopped after 4 job(s)" in text  # and the reminders' every-minute fan-out
    assert "fan_out" not in text  # done once a minute: not printed
    assert not WorkerBeat.objects.exists()  # a worker that stops cleanly leaves no beat


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_queue_is_in_the_admin_for_superusers_only_and_read_only():
    always_fails.enqueue(3)
    run_due_jobs()
    boss = User.objects.create_superuser("root", "root@example.org", "pw-123456789")
    url = "/admin/django_tasks_database/dbtaskresult/"
    page = signed_in(boss).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "always_fails" in text and "waiting to retry (1 tried)" in text and "1 / 3" in text
    row = DBTaskResult.objects.get()
    detail = signed_in(boss).get(f"{url}{row.pk}/change/").content.decode()
    assert "the mail server is down" in detail  # the traceback of the last attempt
    assert "Save" not in detail and f"{url}add/" not in text
    assert signed_in(boss).get("/admin/jobs/workerbeat/").status_code == 200
    clinic = Clinic.objects.create(name="Riverside")
    manager = User.objects.create_user("manager", "m@example.org", "pw-123456789")
    add_membership(clinic, manager, Role.ADMIN)
    manager.refresh_from_db()
    assert signed_in(manager).get("/admin/").status_code == 200  # their clinic admin …
    assert signed_in(manager).get(url).status_code == 403  # … but not the queue
    assert "dbtaskresult" not in signed_in(manager).get("/admin/").content.decode()
