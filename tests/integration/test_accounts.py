"""Accounts on django-allauth: signing in with a username or an email address (any case),
the sign-in pause counting both as one account, password reset answering the same whether
or not the address is known, and people who sign up on their own joining the home clinic."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from piri.accounts.models import CareLink, Patient, User
from tests.factories.clinics import make_clinic
from tests.factories.people import PASSWORD, give_email, make_patient

pytestmark = pytest.mark.django_db


def sign_in(client: Client, login: str, password: str = PASSWORD):
    return client.post("/login/", {"login": login, "password": password})


def with_email(username: str, email: str) -> Patient:
    patient = make_patient(username=username)
    give_email(patient.user, email)
    return patient


def sign_up(client: Client, username: str, **extra: str):
    data = {"username": username, "password1": PASSWORD, "password2": PASSWORD, **extra}
    return client.post("/signup/", data)


@pytest.mark.parametrize("typed", ["kim@example.org", "Kim@Example.ORG", "KIM@EXAMPLE.ORG"])
def test_sign_in_with_the_email_address_in_any_case(typed):
    patient = with_email("kim", "kim@example.org")
    client = Client()
    response = sign_in(client, typed)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(patient.user.pk)


def test_the_sign_in_page_offers_a_way_back_from_a_forgotten_password():
    page = Client().get("/login/").content.decode()
    assert 'href="/account/password/reset/"' in page and "Forgot your password?" in page
    assert "Username or email" in page


def test_a_wrong_password_by_email_says_so_and_signs_nobody_in():
    with_email("kim", "kim@example.org")
    client = Client()
    response = sign_in(client, "kim@example.org", "wrong-password")
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_by_email_pause_the_account_even_for_the_right_one(settings):
    with_email("kim", "kim@example.org")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "Kim@example.org", "wrong-password").status_code == 200
    assert sign_in(client, "kim@EXAMPLE.org", "wrong-password").status_code == 429
    assert sign_in(client, "kim@example.org").status_code == 429
    assert sign_in(client, "kim").status_code == 429  # the same account by its username
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_by_username_and_by_email_add_up(settings):
    with_email("kim", "kim@example.org")
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        typed = "KIM" if attempt % 2 else "kim@example.org"
        assert sign_in(client, typed, "wrong-password").status_code == 200
    assert sign_in(client, "Kim@Example.org", "wrong-password").status_code == 429
    response = sign_in(client, "kim")
    assert response.status_code == 429
    assert "Signing in is paused for this account" in response.content.decode()


def test_the_pause_is_per_address_another_address_may_still_sign_in(settings):
    with_email("kim", "kim@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(REMOTE_ADDR="10.0.0.9"), "kim@example.org", "wrong-password")
    assert sign_in(Client(REMOTE_ADDR="10.0.0.9"), "kim").status_code == 429
    assert sign_in(Client(REMOTE_ADDR="10.0.0.10"), "kim@example.org").status_code == 302


def test_a_password_reset_answers_the_same_whether_or_not_the_address_is_known():
    with_email("kim", "kim@example.org")
    known = Client().post("/account/password/reset/", {"email": "KIM@example.org"})
    unknown = Client().post("/account/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/account/password/reset/done/"
    [sent] = mail.outbox  # only the account's own address gets an email
    assert sent.to == ["kim@example.org"]
    assert sent.subject == "Piri: A link to choose a new password"
    assert "/account/password/reset/key/" in sent.body and "Your username is kim." in sent.body


def test_sign_up_with_an_email_asks_to_verify_it_without_holding_up_onboarding():
    client = Client()
    response = sign_up(client, "robin", email="Robin@Example.org")
    assert response.status_code == 302 and response["Location"] == "/onboarding/"
    address = EmailAddress.objects.get()
    assert (address.email, address.verified) == ("robin@example.org", False)
    [sent] = mail.outbox
    assert sent.to == ["robin@example.org"] and "/account/confirm-email/" in sent.body
    assert client.get("/onboarding/").status_code == 200  # signed in, onboarding next


def test_sign_up_joins_the_home_clinic():
    home = make_clinic(name="Riverside Physio", accepts_self_signup=True)
    make_clinic(name="Invite-only Physio")
    page = Client().get("/signup/").content.decode()
    assert "You will join Riverside Physio" in page
    assert sign_up(Client(), "robin").status_code == 302
    patient = Patient.objects.get(user__username="robin")
    assert [link.clinic for link in CareLink.objects.filter(patient=patient)] == [home]


def test_with_several_open_clinics_sign_up_asks_which():
    make_clinic(name="Riverside Physio", accepts_self_signup=True)
    hillside = make_clinic(name="Hillside Physio", accepts_self_signup=True)
    refused = sign_up(Client(), "robin")
    assert refused.status_code == 400 and not User.objects.exists()
    assert "Which clinic would you like to be with?" in refused.content.decode()
    assert sign_up(Client(), "robin", clinic=str(hillside.pk)).status_code == 302
    assert CareLink.objects.get().clinic == hillside


def test_without_a_home_clinic_sign_up_makes_a_patient_with_no_clinic():
    make_clinic(name="Invite-only Physio")
    assert sign_up(Client(), "robin").status_code == 302
    assert Patient.objects.filter(user__username="robin").exists()
    assert not CareLink.objects.exists()


def test_the_specialist_page_offers_to_join_the_home_clinic():
    home = make_clinic(name="Riverside Physio", accepts_self_signup=True)
    patient = make_patient(username="robin")
    client = Client()
    client.force_login(patient.user)
    page = client.get("/specialist/").content.decode()
    assert "Join Riverside Physio" in page and 'action="/clinics/open/"' in page
    response = client.post("/clinics/open/", {"clinic": home.pk, "next": "/specialist/"})
    assert response.status_code == 302 and response["Location"] == "/specialist/"
    assert CareLink.objects.get(patient=patient).clinic == home
    assert "Write to your clinic" in client.get("/specialist/").content.decode()


def test_a_clinic_that_does_not_take_open_sign_ups_cannot_be_joined_without_a_code():
    closed = make_clinic(name="Invite-only Physio")
    patient = make_patient(username="robin")
    client = Client()
    client.force_login(patient.user)
    response = client.post("/clinics/open/", {"clinic": closed.pk})
    assert response.status_code == 400
    assert not CareLink.objects.exists()


def test_joining_the_home_clinic_never_sends_people_off_piri():
    home = make_clinic(name="Riverside Physio", accepts_self_signup=True)
    client = Client()
    client.force_login(make_patient(username="robin").user)
    response = client.post("/clinics/open/", {"clinic": home.pk, "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/specialist/"
