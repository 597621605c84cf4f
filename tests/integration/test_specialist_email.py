"""Clinic emails through a real SMTP server (aiosmtpd on a free local port): who gets them,
what they say (never health details), and a mail server that fails loses nothing. The pages
queue the emails; ``run_due_jobs`` is the worker, here in the test's process."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from piri.clinic.models import SpecialistRequest
from piri.clinic.services.notify import notify_flag, recipients
from piri.domain.triage import Screening as Kind
from piri.jobs.worker import run_due_jobs
from tests.factories.clinics import make_care_team
from tests.factories.people import make_staff
from tests.factories.program import make_checkin, screen
from tests.factories.requests import make_request
from tests.smtp import Inbox, free_port, smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    with smtp_server(settings) as inbox:
        settings.DEFAULT_FROM_EMAIL = "piri@clinic.example"
        settings.PIRI_SITE_URL = "https://piri.clinic.example"
        yield inbox


def test_the_clinic_gets_an_email_without_health_details(smtp: Inbox):
    team = make_care_team(notify_email="desk@clinic.example")
    today = timezone.now().astimezone(team.patient.zone).date()
    make_checkin(team.patient, today, pain_average=8, extent="foot")
    response = team.patient_client().post(
        "/specialist/", {"topic": "symptoms", "message": "My pain is 8 out of 10 today."}
    )
    assert response.status_code == 302
    req = SpecialistRequest.objects.get()
    assert smtp.messages == []  # queued: the page does not wait for the mail server
    run_due_jobs()
    [(to, message)] = smtp.messages
    assert to == ["desk@clinic.example"]
    assert message["From"] == "piri@clinic.example"
    assert message["Subject"] == f"Piri: new request from {team.patient}"
    body = smtp.bodies()[0]
    assert f"https://piri.clinic.example/clinic/requests/{req.pk}/" in body
    assert "not marked urgent" in body
    # the patient's name, the link and any generated username may hold digits: drop them first
    words = body.replace(str(req.pk), "").replace(team.patient.user.username, "")
    for detail in ("8", "pain", "Pain", "foot", "Foot", "My pain", "symptoms", "My symptoms"):
        assert detail not in words, detail


def test_without_a_notify_address_each_clinician_is_written_to_and_urgency_is_said(smtp: Inbox):
    team = make_care_team(clinician_email="dana@clinic.example")
    make_staff(team.clinic, email="sam@clinic.example")
    make_staff(team.clinic, email="")  # no address: skipped
    assert recipients(team.clinic) == ["dana@clinic.example", "sam@clinic.example"]
    screen(team.patient, kind=Kind.WEEKLY, yes=("U1",))
    smtp.messages.clear()  # the flag's own email
    make_request(team.patient)
    run_due_jobs()
    assert sorted(to[0] for to, _m in smtp.messages) == recipients(team.clinic)
    assert all(len(to) == 1 for to, _m in smtp.messages)  # no one sees the other addresses
    assert all("urgent" in m["Subject"] for _to, m in smtp.messages)
    assert "It is marked URGENT" in smtp.bodies()[0]


def test_a_patient_reply_emails_the_clinic_but_a_clinic_reply_does_not(smtp: Inbox):
    team = make_care_team(notify_email="desk@clinic.example")
    req = make_request(team.patient)
    clinic = team.client()
    clinic.post(f"/clinic/requests/{req.pk}/", {"action": "reply", "message": "See you."})
    run_due_jobs()
    assert len(smtp.messages) == 1
    team.patient_client().post(
        f"/specialist/{req.pk}/", {"action": "reply", "message": "Thank you"}
    )
    run_due_jobs()
    assert len(smtp.messages) == 2
    assert "replied to a request" in smtp.bodies()[1]


@pytest.mark.parametrize(("yes", "sent"), [(("E1",), 1), (("U1",), 1), (("D1",), 1), ((), 0)])
def test_a_flag_email_goes_only_for_tiers_e_u_and_d(
    smtp: Inbox, yes, sent, django_capture_on_commit_callbacks
):
    team = make_care_team(notify_email="desk@clinic.example")
    with django_capture_on_commit_callbacks(execute=True):
        screening = screen(team.patient, kind=Kind.WEEKLY, yes=yes)
        assert smtp.messages == []  # not before the screening is committed
    assert smtp.messages == []  # committed: queued for a worker
    run_due_jobs()
    assert len(smtp.messages) == sent  # storing the screening sends it
    smtp.messages.clear()
    assert notify_flag(team.patient, screening) == sent
    assert len(smtp.messages) == sent
    if sent:
        body = smtp.bodies()[0]
        assert f"tier {screening.tier}" in body
        assert f"https://piri.clinic.example/clinic/patients/{team.patient.pk}/" in body
        for code in yes:
            assert code not in body


def test_a_mail_server_that_is_down_loses_nothing(settings: Any, caplog: Any):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    team = make_care_team(notify_email="desk@clinic.example")
    response = team.patient_client().post(
        "/specialist/", {"topic": "plan", "message": "Still here?"}
    )
    assert response.status_code == 302
    req = SpecialistRequest.objects.get()
    assert req.messages.get().body == "Still here?"
    [outcome] = run_due_jobs()
    assert "Could not email the clinic" in caplog.text
    assert (outcome.result, outcome.attempt) == ("retry", 1)  # tried again later


def test_an_email_the_mail_server_refused_goes_when_it_is_back(smtp: Inbox, settings: Any):
    up = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # down for now
    team = make_care_team(notify_email="desk@clinic.example")
    now = timezone.now()
    make_request(team.patient, now=now)
    [first] = run_due_jobs(now=now)
    assert (first.result, first.attempt, first.attempts) == ("retry", 1, 8)
    assert first.next_at == now + timedelta(seconds=30)
    settings.EMAIL_PORT = up  # back
    assert run_due_jobs(now=now + timedelta(seconds=29)) == [] and smtp.messages == []
    [second] = run_due_jobs(now=now + timedelta(seconds=30))
    assert (second.result, second.attempt) == ("done", 2)
    [(to, message)] = smtp.messages
    assert to == ["desk@clinic.example"] and "new request" in message["Subject"]
