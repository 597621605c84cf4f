"""The session store and the authentication backend that load a signed-in request in two
queries (piri.accounts.sessions, piri.accounts.backends): the same objects as the ORM's, and
every way of ending a session still ends it on the next request, whichever worker serves it
(a second test client with the same cookie stands for another worker)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.forms.models import model_to_dict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from piri.accounts import backends
from piri.accounts.backends import load_person
from piri.accounts.models import Patient, User

PASSWORD = "a-long-test-passphrase-42"


def _other_worker(client: Client) -> Client:
    other = Client()
    other.cookies = client.cookies
    return other


def _signed_in(client: Client) -> bool:
    return client.get("/api/v1/sessions").status_code == 200


def _signed_in_client(patient: Patient) -> Client:
    client = Client()
    assert client.post("/login/", {"username": patient.user.username, "password": PASSWORD})
    assert _signed_in(client)
    return client


def test_signing_in_uses_the_one_query_backend(patient: Patient) -> None:
    client = _signed_in_client(patient)
    session = Session.objects.get()
    assert session.get_decoded()["_auth_user_backend"] == backends.PATH
    assert _signed_in(_other_worker(client))


def test_signing_out_ends_the_session_for_every_worker(patient: Patient) -> None:
    client = _signed_in_client(patient)
    other = _other_worker(client)
    cookie = client.cookies["sessionid"].value
    client.post("/logout/")
    stale = Client()
    stale.cookies["sessionid"] = cookie
    assert not _signed_in(stale)
    assert not _signed_in(other)


@pytest.mark.parametrize("how", ["row deleted", "expired", "deactivated", "password changed"])
def test_a_session_ended_elsewhere_is_refused_on_the_next_request(
    patient: Patient, how: str
) -> None:
    client = _signed_in_client(patient)
    if how == "row deleted":
        Session.objects.all().delete()
    elif how == "expired":
        Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    elif how == "deactivated":
        User.objects.filter(pk=patient.user.pk).update(is_active=False)
    else:
        patient.user.set_password("another-long-passphrase-43")
        patient.user.save()
    assert not _signed_in(client)


def test_a_signed_in_request_costs_two_queries(patient_client: Client) -> None:
    patient_client.get("/healthz")
    with CaptureQueriesContext(connection) as queries:
        assert patient_client.get("/api/v1/sessions").status_code == 200
    tables = [q["sql"] for q in queries.captured_queries]
    assert "django_session" in tables[0]
    assert "accounts_user" in tables[1] and "accounts_patient" in tables[1]
    assert not any("accounts_" in sql for sql in tables[2:])


def _fields(instance: object) -> dict[str, object]:
    return model_to_dict(instance, fields=[f.name for f in type(instance)._meta.concrete_fields])  # type: ignore[attr-defined]


def test_the_person_is_the_one_the_orm_loads(patient: Patient) -> None:
    patient.onboarded_at = timezone.now()
    patient.massage_tools = ["ball", "roller"]
    patient.save()
    expected = User.objects.select_related("patient").get(pk=patient.user.pk)
    with CaptureQueriesContext(connection) as queries:
        person = load_person(patient.user.pk)
        assert person is not None
        loaded = person.patient
        assert loaded.user is person
    assert len(queries) == 1
    assert _fields(person) == _fields(expected)
    assert _fields(loaded) == _fields(expected.patient)
    assert person.last_login == expected.last_login and person.date_joined.tzinfo is not None
    assert loaded.onboarded_at == expected.patient.onboarded_at
    assert loaded.massage_tools == ["ball", "roller"]
    assert person.check_password(PASSWORD)


def test_a_person_without_a_patient_profile(db: None) -> None:
    staff = User.objects.create_user(username="sam", password=PASSWORD, is_staff=True)
    with CaptureQueriesContext(connection) as queries:
        person = load_person(staff.pk)
        assert person is not None
        assert getattr(person, "patient", None) is None
    assert len(queries) == 1
    assert person.is_staff and person.is_active
    assert load_person(staff.pk + 1000) is None


def test_a_health_probe_with_a_signed_in_cookie_loads_no_one(patient_client: Client) -> None:
    patient_client.get("/api/v1/sessions")
    with CaptureQueriesContext(connection) as queries:
        assert patient_client.get("/healthz").status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "django_session" not in tables and "accounts_" not in tables
