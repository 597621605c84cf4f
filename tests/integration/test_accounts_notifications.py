"""Change notifications (allauth's ACCOUNT_EMAIL_NOTIFICATIONS, in Piri's words): changing
the password or the email address emails the account's address, through a real SMTP server."""

from __future__ import annotations

import pytest

from tests.factories.people import PASSWORD, give_email, make_patient, signed_in
from tests.smtp import smtp_server

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-passphrase-77"


def test_changing_the_password_sends_a_notification(settings):
    patient = make_patient(username="kim")
    give_email(patient.user, "kim@example.org")
    with smtp_server(settings) as inbox:
        response = signed_in(patient.user).post(
            "/account/password/change/",
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert response.status_code == 302
    [(to, message)] = inbox.messages
    assert to == ["kim@example.org"]
    assert message["Subject"] == "Piri: Your password was changed"
    body = inbox.bodies()[0]
    assert "The password of your account was changed." in body
    assert "If it was not you, someone may know your password." in body
    assert "Internet address: 127.0.0.1" in body


def test_a_wrong_current_password_changes_nothing_and_sends_nothing(settings):
    patient = make_patient(username="kim")
    give_email(patient.user, "kim@example.org")
    with smtp_server(settings) as inbox:
        response = signed_in(patient.user).post(
            "/account/password/change/",
            {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert response.status_code in (200, 400)
    assert inbox.messages == []


def test_changing_the_email_address_tells_the_old_address(settings):
    import re

    patient = make_patient(username="kim")
    give_email(patient.user, "kim@example.org")
    client = signed_in(patient.user)
    with smtp_server(settings) as inbox:
        client.post("/account/email/", {"email": "kim@new.example.org", "action_add": ""})
        link = re.search(r"http://\S+/account/confirm-email/\S+", inbox.bodies()[0])
        assert link is not None
        path = link.group(0).split("://", 1)[1].split("/", 1)[1]
        assert client.post("/" + path).status_code == 302
    told = [(to, m["Subject"]) for to, m in inbox.messages[1:]]
    assert (["kim@example.org"], "Piri: Your email address was changed") in told
    body = next(
        b
        for (to, _m), b in zip(inbox.messages, inbox.bodies(), strict=True)
        if to == ["kim@example.org"]
    )
    assert "is now kim@new.example.org instead of kim@example.org" in body
