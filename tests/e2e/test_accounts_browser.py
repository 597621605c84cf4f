"""Accounts in a real browser, with a real SMTP server (aiosmtpd on a free local port):
a forgotten password (email, link, new password, signed in; the link works once), confirming
an email address given at sign-up, and someone who signs up on their own joining the home
clinic, writing to a specialist, and the clinic's clinician seeing it on /clinic/requests/."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Browser, Page, expect

from piri.accounts.models import CareLink
from piri.accounts.models.clinics import Role
from piri.clinic.models import SpecialistRequest
from tests.e2e.browser_helpers import open_menu, signed_in_context
from tests.factories.clinics import make_clinic
from tests.factories.people import PASSWORD, give_email, make_patient, make_staff
from tests.smtp import Inbox, smtp_server

NEW_PASSWORD = "another-long-passphrase-77"


@pytest.fixture
def inbox(settings: Any) -> Iterator[Inbox]:
    with smtp_server(settings) as handler:
        yield handler


def link_in(inbox: Inbox, to: str, path: str) -> str:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for (rcpt, _message), body in zip(inbox.messages, inbox.bodies(), strict=True):
            found = re.search(rf"http://\S+{re.escape(path)}\S+", body)
            if rcpt == [to] and found:
                return found.group(0)
        time.sleep(0.1)
    raise AssertionError(f"no email to {to} with a link to {path}")


def test_a_forgotten_password_is_reset_by_email_once(
    page: Page, browser: Browser, app_url: str, inbox: Inbox, browser_context_args: dict[str, Any]
) -> None:
    patient = make_patient(username="kim")
    give_email(patient.user, "kim@example.org")
    page.goto(app_url + "/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Your email address").fill("Kim@Example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    link = link_in(inbox, "kim@example.org", "/account/password/reset/key/")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    open_menu(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()  # signed in
    patient.user.refresh_from_db()
    assert patient.user.check_password(NEW_PASSWORD)

    again = browser.new_context(**browser_context_args).new_page()
    again.goto(link)
    expect(again.get_by_role("heading", level=1)).to_have_text("This link does not work any more")
    again.context.close()


def test_an_email_given_at_sign_up_is_confirmed_from_the_link(
    page: Page, app_url: str, inbox: Inbox
) -> None:
    page.goto(app_url + "/signup/")
    page.get_by_label("Username").fill("robin")
    page.get_by_label("Email address (optional)").fill("robin@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("set up your plan")  # not held up

    page.goto(link_in(inbox, "robin@example.org", "/account/confirm-email/"))
    page.get_by_role("button", name="Yes, confirm it").click()
    expect(page.get_by_role("status")).to_contain_text("robin@example.org is confirmed")
    assert EmailAddress.objects.get(email="robin@example.org").verified


def test_someone_who_signs_up_alone_reaches_the_home_clinic(
    page: Page, browser: Browser, app_url: str, browser_context_args: dict[str, Any]
) -> None:
    home = make_clinic(name="Riverside Physio", accepts_self_signup=True)
    clinician = make_staff(home, role=Role.CLINICIAN, username="dana")
    page.goto(app_url + "/signup/")
    expect(page.get_by_text("You will join Riverside Physio")).to_be_visible()
    page.get_by_label("Username").fill("morgan")
    page.get_by_label("What should we call you?").fill("Morgan")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_label("How bad is the pain on a usual day?").fill("5")
    page.get_by_label("Left").check()
    page.get_by_label("Yes, the floor is fine").check()
    page.get_by_role("button", name="Save and see my plan").click()
    for group in page.locator("fieldset").all():
        group.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Morgan")
    assert CareLink.objects.get(patient__user__username="morgan").clinic == home

    open_menu(page)
    page.get_by_role("link", name="Talk to a specialist").click()
    page.locator("#q-topic").get_by_label("My exercises").check()
    page.get_by_label("Your message").fill("Is it fine to stretch twice a day?")
    page.get_by_role("button", name="Send to the clinic").click()
    expect(page.get_by_role("status")).to_contain_text("Sent to Riverside Physio")
    assert SpecialistRequest.objects.get().clinic == home

    context = signed_in_context(browser, clinician, app_url, **browser_context_args)
    clinic_page = context.new_page()
    clinic_page.goto(app_url + "/clinic/requests/")
    expect(clinic_page.get_by_text("Morgan").first).to_be_visible()
    context.close()
