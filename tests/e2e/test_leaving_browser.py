"""Deleting one's account in a real browser: the export links come first, a missing
confirmation deletes nothing, the password and DELETE delete it, and signing in again is
refused. Screenshots of the page (phone and desktop) go to the test's temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from piri.accounts.models import Patient
from tests.factories.clinics import link, make_clinic
from tests.factories.people import PASSWORD, give_email, make_patient


def sign_in(page: Page, app_url: str, login: str) -> None:
    page.goto(app_url + "/login/")
    page.get_by_label("Username or email").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_a_patient_deletes_their_account_and_cannot_sign_in_again(
    page: Page, browser: Browser, app_url: str, tmp_path: Path, browser_context_args: dict[str, Any]
) -> None:
    patient = link(make_patient(username="kim"), make_clinic(name="Riverside Physio"))
    give_email(patient.user, "kim@example.org")
    sign_in(page, app_url, "kim")
    page.goto(app_url + "/account/email/")
    page.get_by_role("link", name="Delete your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    expect(page.get_by_role("link", name="Download everything (JSON)")).to_have_attribute(
        "href", "/report/data.json"
    )
    expect(
        page.get_by_role("link", name="Download everything (CSV tables, zipped)")
    ).to_be_visible()
    expect(page.get_by_text("3650 days")).to_be_visible()
    page.screenshot(path=str(tmp_path / "delete-account-360.png"), full_page=True)
    wide = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 1280, "height": 900}}
    )
    wide.add_cookies(page.context.cookies())
    desk = wide.new_page()
    desk.goto(app_url + "/account/delete/")
    desk.screenshot(path=str(tmp_path / "delete-account-desktop.png"), full_page=True)
    wide.close()

    page.get_by_label("Your current password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account now").click()
    expect(page.get_by_text("Type DELETE in the box to confirm.")).to_be_visible()
    assert Patient.objects.get(pk=patient.pk).left_at is None

    page.get_by_label("Your current password").fill(PASSWORD)
    page.get_by_label("Type DELETE to confirm").fill("DELETE")
    page.get_by_role("button", name="Delete my account now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    assert Patient.objects.get(pk=patient.pk).pseudonym.startswith("P-")

    for login in ("kim", "kim@example.org"):
        sign_in(page, app_url, login)
        expect(page.get_by_role("heading", level=1)).not_to_have_text("Hello")
        assert "/login/" in page.url
