"""Usernames are one person whatever their case: "FPAT" and "fpat" cannot both sign up, either
signs in, and their wrong passwords count together towards the sign-in pause."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from piri.accounts.models import User
from tests.factories.people import PASSWORD, make_patient, make_user

pytestmark = pytest.mark.django_db


def sign_up(client: Client, username: str):
    return client.post(
        "/signup/",
        {"username": username, "password1": PASSWORD, "password2": PASSWORD},
    )


def sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def test_sign_up_refuses_a_case_variant_of_a_taken_name_saying_why():
    make_patient(username="fpat")
    response = sign_up(Client(), "FPAT")
    assert response.status_code == 400
    text = response.content.decode()
    assert "“FPAT” is taken: usernames are the same whatever their capitals." in text
    assert list(User.objects.values_list("username", flat=True)) == ["fpat"]


def test_sign_up_with_a_new_name_keeps_its_capitals():
    assert sign_up(Client(), "Robin.Hale").status_code == 302
    assert User.objects.get().username == "Robin.Hale"


@pytest.mark.parametrize("typed", ["fpat", "FPAT", "FPat"])
def test_sign_in_accepts_either_case(typed):
    patient = make_patient(username="fPat")
    client = Client()
    assert sign_in(client, typed).status_code == 302
    assert client.session["_auth_user_id"] == str(patient.user.pk)


def test_the_database_holds_one_name_whatever_its_case():
    make_user(username="fpat")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user(username="FPAT")
    assert User.objects.count() == 1


def test_wrong_passwords_in_either_case_count_as_one_person(settings):
    make_patient(username="kim")
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        typed = "KIM" if attempt % 2 else "kim"
        assert sign_in(client, typed, "wrong-password").status_code == 200
    assert sign_in(client, "Kim", "wrong-password").status_code == 429
    assert sign_in(client, "kim").status_code == 429  # paused, right password or not
    assert sign_in(client, "KIM").status_code == 429
    assert "_auth_user_id" not in client.session
