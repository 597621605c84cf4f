"""Passkeys (WebAuthn) in a real Chromium at 360 px, with the DevTools virtual authenticator
standing in for a phone's fingerprint reader (a platform authenticator that keeps its
passkeys and says the person was verified). The live server answers on ``localhost``: a
passkey's relying party must be a domain, never an IP address, and http:// is allowed only on
localhost (a real site needs HTTPS and its domain; docs/deploy.md).

A patient adds a passkey and uses it as the second step after the password; signs in with it
alone; a clinician of a clinic that requires two-factor sign-in, with only a passkey, reaches
the dashboard; removing a passkey asks for the password again, and the removed passkey no
longer signs in; with no passkey on the device the sign-in page says so. No page's script is
blocked by the content security policy or fails."""

from __future__ import annotations

import os
import time
from typing import Any
from urllib.parse import urlparse

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import Browser, BrowserContext, Page, expect

from piri.accounts.models import User
from piri.accounts.models.clinics import Role
from tests.e2e.browser_helpers import open_menu
from tests.factories.clinics import link, make_clinic
from tests.factories.people import PASSWORD, make_patient, make_staff

SHOTS = os.environ.get("PASSKEY_SHOTS", "")  # a folder to keep screenshots in, if set


def _shots(page: Page, name: str) -> None:
    """Screenshots of the page at 360 px and on a laptop, when PASSKEY_SHOTS names a folder."""
    if not SHOTS:
        return
    page.screenshot(path=os.path.join(SHOTS, f"{name}-360.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=os.path.join(SHOTS, f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})


def _fingerprint_reader(page: Page) -> None:
    """A virtual platform authenticator on ``page``: keeps passkeys, verifies the person."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def _new_page(browser: Browser, app_url: str, args: dict[str, Any]) -> tuple[BrowserContext, Page]:
    """A page with a fingerprint reader; a script the content security policy blocks, or a
    script error, fails the test when the context closes (``_close``)."""
    assert urlparse(app_url).hostname == "localhost", "passkeys need a domain, not an IP"
    context = browser.new_context(**args)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    context.problems = problems  # type: ignore[attr-defined]
    _fingerprint_reader(page)
    return context, page


def _close(context: BrowserContext) -> None:
    problems = context.problems  # type: ignore[attr-defined]
    context.close()
    assert not problems, problems


def _sign_in_with_password(page: Page, app_url: str, username: str) -> None:
    page.goto(f"{app_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def _type_password_again(page: Page) -> None:
    expect(page.get_by_role("heading", name="Type your password")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Go on").click()


def _add_passkey(page: Page, name: str) -> None:
    """From the page "Add a passkey" (the password typed again first if asked)."""
    heading = page.get_by_role("heading", name="Add a passkey")
    expect(heading.or_(page.get_by_role("heading", name="Type your password"))).to_be_visible()
    if not heading.is_visible():
        _type_password_again(page)
    expect(heading).to_be_visible()
    page.get_by_label("Name for this passkey").fill(name)
    _shots(page, "add-passkey")
    button = page.get_by_role("button", name="Create the passkey")
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44, box
    button.click()
    # the first second step: recovery codes are made and shown once
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()


def _sign_out(page: Page) -> None:
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def _signed_in_as(page: Page, app_url: str, user: User) -> None:
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    assert SessionStore(cookie["value"]).get("_auth_user_id") == str(user.pk)
    page.goto(f"{app_url}/account/2fa/")
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()


def test_a_patient_adds_a_passkey_and_uses_it_after_the_password(
    browser: Browser, app_url: str, browser_context_args: dict[str, Any]
) -> None:
    patient = make_patient(username="sam")
    context, page = _new_page(browser, app_url, browser_context_args)
    try:
        _sign_in_with_password(page, app_url, "sam")
        page.goto(f"{app_url}/account/2fa/")
        expect(page.get_by_role("heading", name="Passkeys")).to_be_visible()
        expect(page.get_by_text("You have no passkeys.")).to_be_visible()
        page.get_by_role("link", name="Add a passkey").click()
        _add_passkey(page, "My phone")

        page.goto(f"{app_url}/account/2fa/")
        passkeys = page.get_by_role("list", name="Your passkeys")
        expect(passkeys.get_by_role("listitem")).to_have_count(1)
        expect(passkeys).to_contain_text("My phone")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scroll"
        stored = Authenticator.objects.get(user=patient.user, type=Authenticator.Type.WEBAUTHN)
        assert stored.wrap().name == "My phone"
        _shots(page, "two-factor-passkey")

        _sign_out(page)
        _sign_in_with_password(page, app_url, "sam")
        expect(page.get_by_role("heading", name="Use your passkey")).to_be_visible()
        _shots(page, "second-step")
        page.get_by_role("button", name="Use a passkey").click()
        page.wait_for_url(lambda url: "/2fa/authenticate" not in url)
        assert "/login/" not in page.url, page.url
        _signed_in_as(page, app_url, patient.user)
        stored.refresh_from_db()
        assert stored.last_used_at is not None
    finally:
        _close(context)


def test_a_patient_signs_in_with_a_passkey_alone(
    browser: Browser, app_url: str, browser_context_args: dict[str, Any]
) -> None:
    patient = make_patient(username="sam")
    context, page = _new_page(browser, app_url, browser_context_args)
    try:
        _sign_in_with_password(page, app_url, "sam")
        page.goto(f"{app_url}/account/2fa/webauthn/add/")
        _add_passkey(page, "Laptop")
        _sign_out(page)

        page.goto(f"{app_url}/login/")
        _shots(page, "sign-in-passkey")
        button = page.get_by_role("button", name="Sign in with a passkey")
        box = button.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44, box
        button.click()
        page.wait_for_url(lambda url: "/login/" not in url)
        _signed_in_as(page, app_url, patient.user)
    finally:
        _close(context)


def test_a_clinic_requiring_two_factor_accepts_a_clinician_with_only_a_passkey(
    browser: Browser, app_url: str, browser_context_args: dict[str, Any]
) -> None:
    clinic = make_clinic(name="Riverside Physio", staff_two_factor_required=True)
    link(make_patient(username="pat-a"), clinic)
    clinician = make_staff(clinic, role=Role.CLINICIAN, username="clin")
    context, page = _new_page(browser, app_url, browser_context_args)
    try:
        _sign_in_with_password(page, app_url, "clin")
        expect(page.locator(".messages")).to_contain_text("an authenticator app or a passkey")
        _type_password_again(page)
        expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
        page.get_by_role("link", name="Add a passkey instead").click()
        _add_passkey(page, "Clinic laptop")
        assert not Authenticator.objects.filter(
            user=clinician, type=Authenticator.Type.TOTP
        ).exists()

        page.goto(f"{app_url}/clinic/")
        assert page.url.rstrip("/").endswith("/clinic"), page.url

        _sign_out(page)
        _sign_in_with_password(page, app_url, "clin")
        page.get_by_role("button", name="Use a passkey").click()
        page.wait_for_url(lambda url: "/2fa/authenticate" not in url)
        page.goto(f"{app_url}/clinic/")
        assert page.url.rstrip("/").endswith("/clinic"), page.url
    finally:
        _close(context)


def _long_ago(page: Page) -> None:
    """The clock moves on: the session's sign-in steps were an hour ago, so allauth asks for
    the password again before anything sensitive."""
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = SessionStore(cookie["value"])
    records = session["account_authentication_methods"]
    session["account_authentication_methods"] = [{**r, "at": time.time() - 3600} for r in records]
    session.save()


def test_removing_a_passkey_asks_for_the_password_and_it_no_longer_signs_in(
    browser: Browser, app_url: str, browser_context_args: dict[str, Any]
) -> None:
    patient = make_patient(username="sam")
    context, page = _new_page(browser, app_url, browser_context_args)
    try:
        _sign_in_with_password(page, app_url, "sam")
        page.goto(f"{app_url}/account/2fa/webauthn/add/")
        _add_passkey(page, "Old phone")
        _long_ago(page)

        page.goto(f"{app_url}/account/2fa/")
        page.get_by_role("link", name="Remove the passkey “Old phone”").click()
        _type_password_again(page)
        expect(page.get_by_role("heading", name="Remove a passkey")).to_be_visible()
        page.get_by_role("button", name="Remove the passkey").click()
        expect(page.get_by_text("You have no passkeys.")).to_be_visible()
        assert not Authenticator.objects.filter(user=patient.user).exists()

        _sign_out(page)
        page.goto(f"{app_url}/login/")
        page.get_by_role("button", name="Sign in with a passkey").click()
        # the browser still holds the passkey; Piri no longer knows it
        expect(page.locator(".messages")).to_contain_text("That passkey did not work")
        assert "/login/" in page.url
        cookies = {c["name"]: c["value"] for c in page.context.cookies()}
        session_key = cookies.get(settings.SESSION_COOKIE_NAME)
        assert session_key is None or not SessionStore(session_key).get("_auth_user_id")
    finally:
        _close(context)


def test_no_passkey_on_the_device_says_so_and_signs_nobody_in(
    browser: Browser, app_url: str, browser_context_args: dict[str, Any]
) -> None:
    make_patient(username="sam")
    context, page = _new_page(browser, app_url, browser_context_args)
    try:
        page.goto(f"{app_url}/login/")
        page.get_by_role("button", name="Sign in with a passkey").click()
        expect(page.get_by_role("alert")).to_contain_text("The passkey was not used")
        assert page.url.endswith("/login/")
        expect(page.get_by_role("button", name="Sign in with a passkey")).to_be_enabled()
    finally:
        _close(context)
