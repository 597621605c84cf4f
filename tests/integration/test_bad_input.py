"""Bad input never gets a 5xx (docs/decisions/0010-bad-input.md): each kind of bad input is
refused with the status the decision gives it, a message naming the field, and nothing
already stored changes."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from django.utils import timezone

from piri.accounts.invites import join_clinic
from piri.accounts.models import CareLink, Clinic, Patient
from piri.clinic.models import RequestMessage, SpecialistRequest
from piri.converters import IdConverter
from piri.program.models import CheckIn, ExerciseSession
from tests.factories.people import make_patient
from tests.factories.program import make_plan, session_payload

pytestmark = pytest.mark.django_db


def client_of(patient: Patient) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(patient.user)
    return client


def post(client: Client, url: str, raw: str | bytes, content_type: str = "application/json"):
    return client.generic("POST", url, raw, content_type=content_type)


def named_fields(response: Any) -> list[str]:
    return [str(error["loc"][-1]) for error in response.json()["detail"]]


def stored_sessions(patient: Patient) -> list[tuple]:
    return list(
        ExerciseSession.objects.filter(patient=patient).values_list(
            "pk", "client_id", "started_at", "ended_at"
        )
    )


@pytest.fixture
def patient() -> Patient:
    return make_patient(username="alex", now=timezone.now() - timedelta(days=10))


def test_a_time_without_an_offset_is_refused_saying_so(patient):
    client = client_of(patient)
    plan = make_plan(patient)
    assert post(client, "/api/v1/sessions", json.dumps(session_payload(plan))).status_code == 201
    before = stored_sessions(patient)
    body = session_payload(plan, started_at=timezone.now())
    body["started_at"] = "2026-01-01T10:00:00"

    response = post(client, "/api/v1/sessions", json.dumps(body))

    assert response.status_code == 422
    assert named_fields(response) == ["started_at"]
    assert "offset" in response.json()["detail"][0]["msg"]
    assert stored_sessions(patient) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("started_at", "0001-01-01T00:00:00Z"),
        ("started_at", "0001-01-01T00:00:00+14:00"),
        ("ended_at", "9999-12-31T23:59:59-14:00"),
        ("started_at", "1900-01-01T00:00:00Z"),
        ("started_at", "SINCE_START"),  # two days before the program started
    ],
)
def test_a_time_outside_the_programs_window_is_refused_naming_the_field(patient, field, value):
    client = client_of(patient)
    plan = make_plan(patient)
    assert post(client, "/api/v1/sessions", json.dumps(session_payload(plan))).status_code == 201
    before = stored_sessions(patient)
    if value == "SINCE_START":
        value = (patient.onboarded_at - timedelta(days=2)).isoformat()
    body = session_payload(plan)
    body[field] = value

    response = post(client, "/api/v1/sessions", json.dumps(body))

    assert response.status_code == 422, response.content
    assert named_fields(response) == [field]
    assert "a day before the program started" in response.json()["detail"][0]["msg"]
    assert stored_sessions(patient) == before


def test_a_time_on_the_programs_first_day_is_stored(patient):
    client = client_of(patient)
    started = patient.onboarded_at - timedelta(hours=20)  # the phone's clock, or a time zone
    body = session_payload(make_plan(patient), started_at=started)
    assert post(client, "/api/v1/sessions", json.dumps(body)).status_code == 201


def test_text_that_cannot_be_stored_is_refused_naming_the_field(patient):
    clinic = Clinic.objects.create(name="Riverside Physio")
    join_clinic(patient, clinic, now=timezone.now())
    client = client_of(patient)
    sent = post(client, "/api/v1/requests", json.dumps({"topic": "other", "message": "Hello"}))
    assert sent.status_code == 201
    request_id = sent.json()["id"]
    before = list(RequestMessage.objects.values_list("pk", "body"))

    for raw in (
        '{"topic": "other", "message": "a\\ud800b"}',  # a lone surrogate: not UTF-8
        '{"topic": "other", "message": "a\\u0000b"}',  # NUL: PostgreSQL cannot store it
    ):
        response = post(client, "/api/v1/requests", raw)
        assert response.status_code == 422, response.content
        assert named_fields(response) == ["message"]
        assert "cannot be stored" in response.json()["detail"][0]["msg"]
        reply = post(client, f"/api/v1/requests/{request_id}/messages", raw)
        assert reply.status_code == 422 and named_fields(reply) == ["message"]

    assert SpecialistRequest.objects.count() == 1
    assert list(RequestMessage.objects.values_list("pk", "body")) == before


BEYOND_64_BITS = "9223372036854775808"


def test_an_id_beyond_64_bits_is_not_found_on_every_route(patient):
    clinic = Clinic.objects.create(name="Riverside Physio")
    join_clinic(patient, clinic, now=timezone.now())
    client = client_of(patient)
    for path in (
        f"/clinics/{BEYOND_64_BITS}/leave/",
        f"/specialist/{BEYOND_64_BITS}/",
        f"/clinic/patients/{BEYOND_64_BITS}/",
        f"/clinic/requests/{BEYOND_64_BITS}/",
        f"/api/v1/sessions/{BEYOND_64_BITS}",
        f"/api/v1/requests/{BEYOND_64_BITS}",
        f"/clinics/{'9' * 40}/leave/",
    ):
        assert client.get(path).status_code == 404, path
    response = client.post(f"/clinics/{BEYOND_64_BITS}/leave/")
    assert response.status_code == 404
    assert CareLink.objects.filter(patient=patient, left_at__isnull=True).count() == 1
    # the largest id that fits is an ordinary "no such row"
    assert client.get(f"/clinics/{2**63 - 1}/leave/").status_code == 404


def _patterns(patterns: list, prefix: str = "") -> list[tuple[str, URLPattern | URLResolver]]:
    found: list[tuple[str, URLPattern | URLResolver]] = []
    for entry in patterns:
        found.append((prefix + str(entry.pattern), entry))
        if isinstance(entry, URLResolver):
            found += _patterns(entry.url_patterns, prefix + str(entry.pattern))
    return found


def test_every_id_in_a_route_goes_through_the_64_bit_converter():
    routes = _patterns(get_resolver().url_patterns)
    converters = [
        (route, converter)
        for route, entry in routes
        for converter in getattr(entry.pattern, "converters", {}).values()
    ]
    assert not [route for route, c in converters if type(c) is IntConverter]
    ids = [route for route, c in converters if isinstance(c, IdConverter)]
    assert "clinics/<id:clinic_id>/leave/" in ids
    assert "api/v1/sessions/<id:session_id>" in ids


def stored_checkin(patient: Patient) -> tuple:
    return CheckIn.objects.filter(patient=patient).values_list("pk", "pain_now", "updated_at")[0]


@pytest.mark.parametrize(
    ("raw", "content_type", "status", "says"),
    [
        ("garbage", "application/json", 400, "not valid JSON"),
        ('{"pain_now": 3', "application/json", 400, "not valid JSON"),
        ('{"pain_now": NaN}', "application/json", 400, "not valid JSON"),
        (b'{"pain_now": 3, "change": "\xff"}', "application/json", 400, "not UTF-8"),
        ('{"pain_now": 3}', "text/plain", 415, "Content-Type: application/json"),
        ('{"pain_now": 3}', "", 415, "no Content-Type"),
        ("pain_now=3", "application/x-www-form-urlencoded", 415, "application/json"),
        ("null", "application/json", 422, "JSON object"),
        ('"garbage"', "application/json", 422, "JSON object"),
        ("[]", "application/json", 422, "JSON object"),
        ("3", "application/json", 422, "JSON object"),
        ("", "application/json", 422, "required"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused_and_changes_nothing(
    patient, raw, content_type, status, says
):
    client = client_of(patient)
    first = post(client, "/api/v1/checkins", json.dumps({"pain_now": 2}))
    assert first.status_code == 201
    before = stored_checkin(patient)

    response = post(client, "/api/v1/checkins", raw, content_type=content_type)

    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    detail = response.json()["detail"]
    text = detail if isinstance(detail, str) else " ".join(e["msg"] for e in detail)
    assert says in text
    if status == 422:
        assert detail[0]["loc"] == ["body", "payload"]
    assert CheckIn.objects.filter(patient=patient).count() == 1
    assert stored_checkin(patient) == before
