"""The patient's "talk to a specialist" pages: sending, urgency, replies both ways, closing,
bad input (400, nothing stored), escaping, and who may see what."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from piri.clinic.models import RequestMessage, SpecialistRequest
from piri.clinic.models.requests import MESSAGE_MAX_CHARS
from piri.clinic.services.requests import reply
from piri.domain.triage import Screening as Kind
from piri.jobs.worker import run_due_jobs
from tests.factories.clinics import link, make_care_team, make_clinic
from tests.factories.people import make_patient, signed_in
from tests.factories.program import make_checkin, screen
from tests.factories.requests import make_request

pytestmark = pytest.mark.django_db

SPECIALIST = "/specialist/"


def test_a_patient_sends_a_request_with_the_14_day_summary():
    team = make_care_team(notify_email="desk@clinic.example")
    today = timezone.now().astimezone(team.patient.zone).date()
    make_checkin(team.patient, today, pain_average=6, extent="thigh")
    client = team.patient_client()
    page = client.get(SPECIALIST)
    assert page.status_code == 200
    assert "What Piri attaches: your last 14 days" in page.content.decode()
    assert "Average 6.0 of 10" in page.content.decode()
    response = client.post(
        SPECIALIST, {"topic": "symptoms", "message": "  The tingling reaches my knee.\r\n  "}
    )
    req = SpecialistRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("specialist-request", args=[req.pk])
    assert (req.topic, req.status, req.urgent, req.clinic) == (
        "symptoms",
        "new",
        False,
        team.clinic,
    )
    assert req.messages.get().body == "The tingling reaches my knee."
    assert req.summary["pain"]["average"] == 6.0
    assert req.summary["extent"]["furthest"] == "thigh"
    assert req.summary["end"] == today.isoformat()
    assert mail.outbox == []  # queued, sent by a worker
    run_due_jobs()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["desk@clinic.example"]
    thread = client.get(response["Location"]).content.decode()
    assert "The tingling reaches my knee." in thread
    assert "Waiting for the clinic" in thread


@pytest.mark.parametrize(("yes", "urgent"), [(("U1",), True), (("D1",), True), ((), False)])
def test_a_request_sent_while_a_flag_is_open_is_urgent(yes, urgent):
    team = make_care_team()
    screen(team.patient, kind=Kind.WEEKLY, yes=yes)
    client = team.patient_client()
    page = client.get(SPECIALIST)
    assert page.status_code == 200  # an urgent (U) flag pauses exercises, not these pages
    assert ("This request will be marked urgent" in page.content.decode()) is urgent
    client.post(SPECIALIST, {"topic": "symptoms", "message": "Worse since Monday."})
    req = SpecialistRequest.objects.get()
    assert req.urgent is urgent
    assert bool(req.summary["flags"]) is urgent


def test_replies_both_ways_set_the_status_and_the_home_page_shows_new_replies():
    team = make_care_team()
    req = make_request(team.patient)
    clinic = team.client()
    answer = clinic.post(
        reverse("clinic-request", args=[req.pk]), {"action": "reply", "message": "Try the chair."}
    )
    assert answer.status_code == 302
    req.refresh_from_db()
    assert req.status == "answered" and req.unread_reply
    patient = team.patient_client()
    home = patient.get("/").content.decode()
    assert "Your clinic has replied" in home
    assert reverse("specialist-request", args=[req.pk]) in home
    listing = patient.get(SPECIALIST).content.decode()
    assert "New reply" in listing
    thread = patient.get(reverse("specialist-request", args=[req.pk])).content.decode()
    assert "Try the chair." in thread and "Dana Reyes, Riverside Physio" in thread
    req.refresh_from_db()
    assert not req.unread_reply
    assert "Your clinic has replied" not in patient.get("/").content.decode()
    back = patient.post(
        reverse("specialist-request", args=[req.pk]), {"action": "reply", "message": "Thanks!"}
    )
    assert back.status_code == 302
    req.refresh_from_db()
    assert req.status == "new"
    assert list(req.messages.values_list("from_clinic", flat=True)) == [False, True, False]


def test_closing_stops_replies_and_changes_nothing_else():
    team = make_care_team()
    req = make_request(team.patient)
    client = team.patient_client()
    url = reverse("specialist-request", args=[req.pk])
    assert client.post(url, {"action": "close"}).status_code == 302
    req.refresh_from_db()
    assert req.status == "closed" and req.closed_at is not None
    page = client.get(url).content.decode()
    assert "This request is closed." in page and "Send reply" not in page
    refused = client.post(url, {"action": "reply", "message": "One more thing"})
    assert refused.status_code == 400
    assert "This request is closed" in refused.content.decode()
    assert req.messages.count() == 1


def test_closing_with_a_reply_typed_sends_it_first():
    team = make_care_team()
    req = make_request(team.patient)
    client = team.client()
    url = reverse("clinic-request", args=[req.pk])
    too_long = client.post(url, {"action": "close", "message": "x" * (MESSAGE_MAX_CHARS + 1)})
    assert too_long.status_code == 400  # not sent, so not closed either: the words stay
    req.refresh_from_db()
    assert req.status == "new" and req.messages.count() == 1
    done = client.post(url, {"action": "close", "message": "Glad it helped. Closing this."})
    assert done.status_code == 302
    req.refresh_from_db()
    assert req.status == "closed"
    assert list(req.messages.values_list("body", flat=True))[-1] == "Glad it helped. Closing this."
    page = client.get(url).content.decode()
    assert "Your reply is sent and the request is closed." in page


def test_a_message_over_the_limit_is_refused_and_nothing_is_saved():
    team = make_care_team()
    client = team.patient_client()
    long = "x" * (MESSAGE_MAX_CHARS + 1)
    response = client.post(SPECIALIST, {"topic": "plan", "message": long})
    assert response.status_code == 400
    text = response.content.decode()
    assert f"Your message is {MESSAGE_MAX_CHARS + 1} characters long; the most is" in text
    assert long in text  # what was typed is still in the form
    assert 'aria-invalid="true"' in text
    assert not SpecialistRequest.objects.exists() and not RequestMessage.objects.exists()
    assert not mail.outbox
    req = make_request(team.patient)
    url = reverse("specialist-request", args=[req.pk])
    refused = client.post(url, {"action": "reply", "message": long})
    assert refused.status_code == 400
    assert req.messages.count() == 1
    req.refresh_from_db()
    assert req.status == "new"


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"topic": "", "message": "Hello"}, "topic", "Choose one of the topics"),
        ({"topic": "gossip", "message": "Hello"}, "topic", "Choose one of the topics"),
        ({"topic": "plan", "message": "   "}, "message", "it is empty"),
        ({"topic": "plan", "message": "a\x07b"}, "message", "control characters"),
        ({"topic": "plan", "message": "a\x00b"}, "message", "Null characters are not allowed"),
    ],
)
def test_bad_input_says_what_and_where(data, field, words):
    team = make_care_team()
    response = team.patient_client().post(SPECIALIST, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert words in text and f'href="#q-{field}"' in text
    assert not SpecialistRequest.objects.exists()


def test_html_in_a_message_is_shown_as_text():
    team = make_care_team()
    script = "<script>alert('x')</script> <b>bold</b>"
    req = make_request(team.patient, message=script)
    reply(
        req,
        author=team.clinician,
        message="<img src=x onerror=alert(1)>",
        from_clinic=True,
        now=timezone.now(),
    )
    for client, url in [
        (team.patient_client(), reverse("specialist-request", args=[req.pk])),
        (team.client(), reverse("clinic-request", args=[req.pk])),
    ]:
        text = client.get(url).content.decode()
        assert "<script>alert" not in text and "<img src=x" not in text
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;" in text
        assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_a_patient_sees_only_their_own_requests():
    team = make_care_team()
    req = make_request(team.patient, message="private words")
    other = signed_in(link(make_patient(), team.clinic).user)
    url = reverse("specialist-request", args=[req.pk])
    assert other.get(url).status_code == 404
    assert other.post(url, {"action": "close"}).status_code == 404
    assert other.post(url, {"action": "reply", "message": "hi"}).status_code == 404
    assert "private words" not in other.get(SPECIALIST).content.decode()
    req.refresh_from_db()
    assert req.status == "new" and req.messages.count() == 1


def test_a_patient_without_a_clinic_is_told_how_to_join_one():
    client = signed_in(make_patient().user)
    page = client.get(SPECIALIST)
    assert page.status_code == 200
    text = page.content.decode()
    assert "You are not with a clinic yet" in text
    assert 'href="/clinics/"' in text
    assert "<textarea" not in text
    refused = client.post(SPECIALIST, {"topic": "plan", "message": "Hello"})
    assert refused.status_code == 400
    assert "You do not belong to a clinic yet" in refused.content.decode()
    assert not SpecialistRequest.objects.exists()
    assert client.get("/").status_code == 200  # the rest of Piri works as ever


def test_with_several_clinics_the_patient_chooses_one():
    team = make_care_team()
    second = make_clinic(name="Hillside Clinic")
    link(team.patient, second)
    client = team.patient_client()
    assert "Which clinic?" in client.get(SPECIALIST).content.decode()
    missing = client.post(SPECIALIST, {"topic": "plan", "message": "Hi"})
    assert missing.status_code == 400
    assert "Choose which of your clinics" in missing.content.decode()
    stranger = make_clinic(name="Elsewhere")
    wrong = client.post(SPECIALIST, {"topic": "plan", "message": "Hi", "clinic": stranger.pk})
    assert wrong.status_code == 400
    client.post(SPECIALIST, {"topic": "plan", "message": "Hi", "clinic": second.pk})
    assert SpecialistRequest.objects.get().clinic == second


def test_every_patient_page_has_the_button_but_not_the_emergency_screen():
    team = make_care_team()
    client = team.patient_client()
    for url in ("/", "/history/", "/checkin/", SPECIALIST):
        assert 'class="specialist-link"' in client.get(url).content.decode(), url
    screen(team.patient, kind=Kind.BEFORE_SESSION, yes=("E1",))
    emergency = client.get("/safety/emergency/").content.decode()
    assert 'class="specialist-link"' not in emergency
    assert client.get(SPECIALIST)["Location"] == "/safety/emergency/"
