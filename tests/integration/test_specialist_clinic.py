"""The clinician's request pages: the clinic's list (order, filters), one thread with the
summary, replying and closing, the audit rows, and other clinics' requests not found."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from piri.accounts.invites import leave_clinic
from piri.accounts.models import AuditEvent
from piri.clinic.models import SpecialistRequest
from piri.clinic.models.requests import MESSAGE_MAX_CHARS
from piri.clinic.services.requests import close, reply
from piri.domain.triage import Screening as Kind
from tests.factories.clinics import link, make_care_team
from tests.factories.people import make_patient, make_staff, signed_in
from tests.factories.program import screen
from tests.factories.requests import make_request

pytestmark = pytest.mark.django_db

LIST = "/clinic/requests/"


def test_the_list_puts_waiting_and_urgent_requests_first():
    team = make_care_team()
    start = timezone.now() - timedelta(days=3)
    calm = make_request(team.patient, topic="plan", now=start)
    answered = make_request(team.patient, topic="other", now=start + timedelta(hours=1))
    reply(answered, author=team.clinician, message="Done.", from_clinic=True, now=timezone.now())
    other = link(make_patient(username="kim"), team.clinic)
    screen(other, kind=Kind.WEEKLY, yes=("U1",))
    urgent = make_request(other, topic="symptoms", now=start + timedelta(hours=2))
    closed = make_request(other, topic="exercises", now=start + timedelta(hours=3))
    close(closed, now=timezone.now())
    client = team.client()
    page = client.get(LIST)
    assert page.status_code == 200
    assert [r.pk for r in page.context["page"].object_list] == [urgent.pk, calm.pk, answered.pk]
    text = page.content.decode()
    assert "Urgent" in text and 'aria-current="page"' in text
    closed_only = client.get(LIST, {"status": "closed"}).context["page"].object_list
    assert [r.pk for r in closed_only] == [closed.pk]
    everything = client.get(LIST, {"status": "all"}).context["page"].object_list
    assert [r.pk for r in everything] == [urgent.pk, calm.pk, answered.pk, closed.pk]


def test_a_bad_filter_is_a_400_that_names_the_choices():
    team = make_care_team()
    response = team.client().get(LIST, {"status": "pending"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "status=pending" in text and "open, new, answered, closed, all" in text


def test_the_thread_shows_the_summary_and_replying_is_audited():
    team = make_care_team()
    req = make_request(team.patient, message="Is clamshell safe?")
    client = team.client()
    url = reverse("clinic-request", args=[req.pk])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Is clamshell safe?" in text
    assert "The patient’s 14 days before the request" in text
    assert "Sessions" in text and "Open red flags" in text
    read = AuditEvent.objects.get()
    assert (read.action, read.patient_id, read.actor_id) == (
        "read",
        team.patient.pk,
        team.clinician.pk,
    )
    assert read.what == f"specialist request #{req.pk}"
    client.post(url, {"action": "reply", "message": "Yes, gently."})
    client.post(url, {"action": "close"})
    req.refresh_from_db()
    assert req.status == "closed"
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "read",
        "change",
        "change",
    ]


def test_a_clinician_reply_over_the_limit_is_refused_and_nothing_changes():
    team = make_care_team()
    req = make_request(team.patient)
    url = reverse("clinic-request", args=[req.pk])
    response = team.client().post(
        url, {"action": "reply", "message": "y" * (MESSAGE_MAX_CHARS + 5)}
    )
    assert response.status_code == 400
    assert "the most is 4000" in response.content.decode()
    req.refresh_from_db()
    assert req.status == "new" and req.last_reply_at is None and req.messages.count() == 1


def test_another_clinics_request_is_not_found_and_the_attempt_logged():
    team = make_care_team()
    req = make_request(team.patient, message="for my clinic only")
    client = team.client(team.outsider)  # a clinician of another clinic
    url = reverse("clinic-request", args=[req.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "reply", "message": "hi"}).status_code == 404
    assert client.post(url, {"action": "close"}).status_code == 404
    assert "for my clinic only" not in client.get(LIST, {"status": "all"}).content.decode()
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {"denied"}
    req.refresh_from_db()
    assert req.status == "new" and req.messages.count() == 1


def test_a_request_to_one_clinic_is_hidden_from_another_that_sees_the_patient():
    team = make_care_team()
    req = make_request(team.patient)
    link(team.patient, team.other_clinic)  # the other clinic sees the patient too
    url = reverse("clinic-request", args=[req.pk])
    assert team.client(team.outsider).get(url).status_code == 404
    assert team.client().get(url).status_code == 200


def test_leaving_the_clinic_hides_its_requests_from_it():
    team = make_care_team()
    req = make_request(team.patient)
    leave_clinic(team.patient, team.clinic, now=timezone.now())
    client = team.client()
    assert client.get(reverse("clinic-request", args=[req.pk])).status_code == 404
    assert not client.get(LIST, {"status": "all"}).context["page"].object_list
    patient = team.patient_client()
    thread = patient.get(reverse("specialist-request", args=[req.pk]))
    assert "You have left this clinic" in thread.content.decode()
    refused = patient.post(
        reverse("specialist-request", args=[req.pk]), {"action": "reply", "message": "hello?"}
    )
    assert refused.status_code == 400
    assert SpecialistRequest.objects.get().messages.count() == 1


def test_the_pages_are_for_clinic_staff_only():
    team = make_care_team()
    req = make_request(team.patient)
    patient = team.patient_client()
    assert patient.get(LIST).status_code == 404
    assert patient.get(reverse("clinic-request", args=[req.pk])).status_code == 404
    colleague = signed_in(make_staff(team.clinic))
    assert colleague.get(reverse("clinic-request", args=[req.pk])).status_code == 200
