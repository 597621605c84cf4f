"""Passkeys (allauth.mfa's webauthn) on Piri's side: one's own passkeys only (another person's
is "not found" even after typing the password again), a passkey counting as the second step a
clinic may require of its staff, the relying party (``PIRI_WEBAUTHN_RP_ID``), a new passkey's
offered name, and the pages' scripts obeying the content security policy (no inline script).
The ceremonies themselves run in a real browser: tests/e2e/test_passkeys_browser.py."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client, RequestFactory

from piri.accounts.mfa_adapter import PiriMFAAdapter
from piri.accounts.models import User
from piri.accounts.models.clinics import Role
from piri.accounts.two_factor import missing_two_factor
from tests.factories.clinics import make_clinic
from tests.factories.people import make_passkey, make_patient, make_staff, signed_in

pytestmark = pytest.mark.django_db


def _just_typed_password(user: User) -> Client:
    """Signed in as ``user``, who typed their password again a moment ago (so allauth asks
    for nothing more before removing or renaming a passkey)."""
    client = signed_in(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def test_another_persons_passkey_is_not_found_and_stays() -> None:
    a = make_patient(username="pat-a").user
    b = make_patient(username="pat-b").user
    key = make_passkey(a, name="A's phone")
    client = _just_typed_password(b)
    for url in (
        f"/account/2fa/webauthn/keys/{key.pk}/remove/",
        f"/account/2fa/webauthn/keys/{key.pk}/edit/",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "mine now"}).status_code == 404
    key.refresh_from_db()
    assert key.data["name"] == "A's phone"


def test_one_removes_and_renames_ones_own_passkey() -> None:
    a = make_patient(username="pat-a").user
    keep, gone = make_passkey(a, name="Phone"), make_passkey(a, name="Old laptop")
    client = _just_typed_password(a)
    page = client.get(f"/account/2fa/webauthn/keys/{gone.pk}/remove/").content.decode()
    assert "Remove the passkey “Old laptop”?" in page
    response = client.post(f"/account/2fa/webauthn/keys/{gone.pk}/remove/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(pk=gone.pk).exists()
    page = client.get(f"/account/2fa/webauthn/keys/{keep.pk}/edit/").content.decode()
    assert "Name for this passkey" in page and 'value="Phone"' in page
    response = client.post(f"/account/2fa/webauthn/keys/{keep.pk}/edit/", {"name": ""})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    client.post(f"/account/2fa/webauthn/keys/{keep.pk}/edit/", {"name": "Work phone"})
    keep.refresh_from_db()
    assert keep.data["name"] == "Work phone"


def test_the_two_factor_page_lists_passkeys_with_a_remove_button_each() -> None:
    a = make_patient(username="pat-a").user
    key = make_passkey(a, name="My phone")
    html = signed_in(a).get("/account/2fa/").content.decode()
    assert "My phone" in html
    assert f'href="/account/2fa/webauthn/keys/{key.pk}/remove/"' in html
    assert 'aria-label="Remove the passkey “My phone”"' in html
    assert f'href="/account/2fa/webauthn/keys/{key.pk}/edit/"' in html
    assert 'href="/account/2fa/webauthn/add/"' in html


def test_a_passkey_is_a_second_step_for_the_clinics_rule_recovery_codes_alone_are_not() -> None:
    clinic = make_clinic(name="Riverside Physio", staff_two_factor_required=True)
    clinician = make_staff(clinic, role=Role.CLINICIAN, username="clin")
    assert missing_two_factor(clinician)
    Authenticator.objects.create(
        user=clinician, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00" * 20}
    )
    assert missing_two_factor(clinician)
    make_passkey(clinician)
    assert not missing_two_factor(clinician)
    assert signed_in(clinician).get("/clinic/").status_code == 200


def test_the_relying_party_is_the_host_or_the_setting(settings: Any) -> None:
    from allauth.core import context

    settings.ALLOWED_HOSTS = ["piri.example.org"]
    request = RequestFactory().get("/", HTTP_HOST="piri.example.org:8443")
    with context.request_context(request):
        assert PiriMFAAdapter().get_public_key_credential_rp_entity() == {
            "id": "piri.example.org",
            "name": "Piri",
        }
        settings.PIRI_WEBAUTHN_RP_ID = "example.org"
        assert PiriMFAAdapter().get_public_key_credential_rp_entity()["id"] == "example.org"


def test_a_new_passkey_is_offered_a_plain_name() -> None:
    a = make_patient(username="pat-a").user
    adapter = PiriMFAAdapter()
    assert adapter.generate_authenticator_name(a, Authenticator.Type.WEBAUTHN) == "Passkey"
    make_passkey(a)
    assert adapter.generate_authenticator_name(a, Authenticator.Type.WEBAUTHN) == "Passkey 2"


def test_the_sign_in_page_offers_a_passkey_without_inline_script() -> None:
    response = Client().get("/login/")
    html = response.content.decode()
    assert "Sign in with a passkey" in html
    assert 'action="/account/2fa/webauthn/login/"' in html
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert all("src=" in attrs or "application/json" in attrs for attrs in scripts), scripts
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("credential", ["", "not json", "{}", '{"id": 1, "response": []}'])
def test_a_broken_passkey_is_refused_with_a_message_and_nothing_saved(credential: str) -> None:
    a = make_patient(username="pat-a").user
    client = _just_typed_password(a)
    assert client.get("/account/2fa/webauthn/add/").status_code == 200  # the challenge
    response = client.post(
        "/account/2fa/webauthn/add/",
        {"name": "Phone", "credential": credential, "passwordless": "on"},
    )
    assert response.status_code == 200
    assert "The passkey could not be added. Try again." in response.content.decode()
    assert not Authenticator.objects.filter(user=a).exists()


@pytest.mark.parametrize("credential", ["not json", "{}", '{"id": "AAAA", "response": {}}'])
def test_signing_in_with_a_broken_passkey_goes_back_to_the_sign_in_page(credential: str) -> None:
    client = Client()
    assert client.get("/account/2fa/webauthn/login/", HTTP_ACCEPT="application/json").json()[
        "request_options"
    ]["publicKey"]["challenge"]
    response = client.post("/account/2fa/webauthn/login/", {"credential": credential}, follow=True)
    assert response.redirect_chain == [("/login/", 302)]
    html = response.content.decode()
    assert 'class="message error"' in html
    if credential.startswith('{"id"'):  # not JSON, or empty: Django's own words on the field
        assert "That passkey did not work" in html
    assert "_auth_user_id" not in client.session
