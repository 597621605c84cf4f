"""Two-factor sign-in in a real browser at 360 px: a clinician of a clinic that requires it
signs in, is sent to the set-up (after typing the password again), reads the key as text next
to the QR code, types the app's code (computed here with pyotp), sees the recovery codes once
and reaches the dashboard; signing in again asks for a code."""

from __future__ import annotations

from typing import Any

import pyotp
from playwright.sync_api import Browser, Page, expect

from piri.accounts.models.clinics import Role
from tests.factories.clinics import link, make_clinic
from tests.factories.people import PASSWORD, make_patient, make_staff


def _sign_in(page: Page, app_url: str, username: str) -> None:
    page.goto(f"{app_url}/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()


def _big_enough(page: Page, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 44, (selector, box)


def test_a_clinician_sets_up_two_factor_and_signs_in_with_a_code(
    page: Page, browser: Browser, app_url: str, browser_context_args: dict[str, Any]
) -> None:
    clinic = make_clinic(name="Riverside Physio", staff_two_factor_required=True)
    link(make_patient(username="pat-a"), clinic)
    make_staff(clinic, role=Role.CLINICIAN, username="clin")

    _sign_in(page, app_url, "clin")
    # sent to the set-up: allauth asks for the password again first, with the clinic's words
    expect(page.locator(".messages")).to_contain_text("Your clinic asks its staff")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    expect(page.get_by_role("img", name="QR code of your sign-in key")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("The 6-digit code the app shows").fill(pyotp.TOTP(secret).now())
    _big_enough(page, "main button[type=submit]")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    _big_enough(page, "a[download]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scroll"

    page.goto(f"{app_url}/clinic/")
    assert page.url.rstrip("/").endswith("/clinic")

    fresh = browser.new_context(**browser_context_args)
    again = fresh.new_page()
    try:
        _sign_in(again, app_url, "clin")
        expect(again.get_by_role("heading", name="Type your sign-in code")).to_be_visible()
        again.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
        again.get_by_role("button", name="Sign in", exact=True).click()
        again.goto(f"{app_url}/clinic/")
        assert again.url.rstrip("/").endswith("/clinic")
    finally:
        fresh.close()
