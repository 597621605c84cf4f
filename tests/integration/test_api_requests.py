"""The specialist-request API for patients: list, send, read, reply; 422 naming the field on
bad input (nothing stored), 404 for anyone else's request."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from piri.clinic.models import RequestMessage, SpecialistRequest
from piri.clinic.models.requests import MESSAGE_MAX_CHARS
from piri.clinic.services.requests import reply
from piri.domain.triage import Screening as Kind
from tests.factories.clinics import link, make_care_team, make_clinic
from tests.factories.people import make_patient, signed_in
from tests.factories.program import screen
from tests.factories.requests import make_request

pytestmark = pytest.mark.django_db

URL = "/api/v1/requests"


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def locs(response: Any) -> list[str]:
    return [str(e["loc"][-1]) for e in response.json()["detail"]]


def test_send_list_read_and_reply():
    team = make_care_team()
    client = team.patient_client()
    sent = post(client, URL, {"topic": "exercises", "message": "Can I do both sides?"})
    assert sent.status_code == 201
    body = sent.json()
    assert body["status"] == "new" and body["urgent"] is False
    assert body["clinic"] == "Riverside Physio"
    assert body["summary"]["days"] == 14 and "pain" in body["summary"]
    assert [m["body"] for m in body["messages"]] == ["Can I do both sides?"]
    req = SpecialistRequest.objects.get()
    reply(req, author=team.clinician, message="Yes.", from_clinic=True, now=timezone.now())
    [row] = client.get(URL).json()
    assert (row["id"], row["status"], row["unread_reply"]) == (req.pk, "answered", True)
    thread = client.get(f"{URL}/{req.pk}").json()
    assert [(m["from_clinic"], m["author"]) for m in thread["messages"]] == [
        (False, "Robin Hart"),
        (True, "Dana Reyes"),
    ]
    assert client.get(URL).json()[0]["unread_reply"] is False  # reading it marked it read
    answer = post(client, f"{URL}/{req.pk}/messages", {"message": "Thanks"})
    assert answer.status_code == 201 and answer.json()["from_clinic"] is False
    req.refresh_from_db()
    assert req.status == "new"


def test_the_patient_closes_a_request_and_can_no_longer_reply():
    team = make_care_team()
    req = make_request(team.patient)
    client = team.patient_client()
    closed = client.post(f"{URL}/{req.pk}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert post(client, f"{URL}/{req.pk}/messages", {"message": "More"}).status_code == 422
    outsider = signed_in(link(make_patient(), team.clinic).user)
    assert outsider.post(f"{URL}/{req.pk}/close").status_code == 404


def test_an_open_flag_makes_it_urgent():
    team = make_care_team()
    screen(team.patient, kind=Kind.WEEKLY, yes=("U2",))
    sent = post(team.patient_client(), URL, {"topic": "symptoms", "message": "Help"})
    assert sent.status_code == 201 and sent.json()["urgent"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"topic": "gossip", "message": "Hi"}, "topic"),
        ({"topic": "plan", "message": ""}, "message"),
        ({"topic": "plan", "message": "z" * (MESSAGE_MAX_CHARS + 1)}, "message"),
        ({"topic": "plan"}, "message"),
        ({"topic": "plan", "message": 12}, "message"),
        ({"topic": "plan", "message": "Hi", "clinic_id": 999999}, "clinic_id"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_stores_nothing(body, field):
    team = make_care_team()
    response = post(team.patient_client(), URL, body)
    assert response.status_code == 422
    assert locs(response) == [field]
    assert not SpecialistRequest.objects.exists() and not RequestMessage.objects.exists()


def test_a_reply_over_the_limit_is_422_and_changes_nothing():
    team = make_care_team()
    req = make_request(team.patient)
    response = post(
        team.patient_client(),
        f"{URL}/{req.pk}/messages",
        {"message": "q" * (MESSAGE_MAX_CHARS + 1)},
    )
    assert response.status_code == 422 and locs(response) == ["message"]
    assert "the most is 4000" in response.json()["detail"][0]["msg"]
    assert req.messages.count() == 1


def test_without_a_clinic_sending_is_422_on_the_clinic():
    client = signed_in(make_patient().user)
    response = post(client, URL, {"topic": "plan", "message": "Hello"})
    assert response.status_code == 422 and locs(response) == ["clinic_id"]
    assert client.get(URL).json() == []


def test_other_peoples_requests_are_not_found():
    team = make_care_team()
    req = make_request(team.patient, message="mine")
    other = signed_in(link(make_patient(), team.clinic).user)
    assert other.get(f"{URL}/{req.pk}").status_code == 404
    assert post(other, f"{URL}/{req.pk}/messages", {"message": "hi"}).status_code == 404
    assert other.get(URL).json() == []
    clinician = team.client()  # the clinic answers on its pages, not here
    assert clinician.get(f"{URL}/{req.pk}").status_code == 404
    assert req.messages.count() == 1


def test_the_clinic_is_chosen_among_several():
    team = make_care_team()
    hillside = make_clinic(name="Hillside Clinic")
    link(team.patient, hillside)
    client = team.patient_client()
    missing = post(client, URL, {"topic": "plan", "message": "Hi"})
    assert missing.status_code == 422 and locs(missing) == ["clinic_id"]
    sent = post(client, URL, {"topic": "plan", "message": "Hi", "clinic_id": hillside.pk})
    assert sent.status_code == 201 and sent.json()["clinic"] == "Hillside Clinic"
