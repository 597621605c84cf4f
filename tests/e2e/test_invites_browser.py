"""Invites in a real browser: a clinic admin makes one in the admin and copies the link; the
first person to open it joins; an invite used twice fails the second time."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from piri.accounts.invites import current_clinics
from piri.accounts.models import Patient, User
from piri.accounts.models.clinics import Role
from tests.e2e.browser_helpers import signed_in_context
from tests.factories.clinics import make_clinic
from tests.factories.people import PASSWORD, make_staff

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "en-GB"}
DESKTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "en-GB"}


def make_invite_link(browser: Browser, app_url: str) -> str:
    clinic = make_clinic()
    admin = make_staff(clinic, role=Role.ADMIN, first_name="Ada", last_name="Admin")
    context = signed_in_context(browser, admin, app_url, **DESKTOP)
    page = context.new_page()
    page.goto(app_url + "/admin/accounts/invite/add/")
    page.get_by_label("Role").select_option(Role.PATIENT.value)
    page.get_by_label("Days it can be used").fill("7")
    page.get_by_label("Who it is for").fill("Jordan")
    page.get_by_role("button", name="Save", exact=True).click()
    message = page.locator(".messagelist")
    expect(message).to_contain_text("Invite code:")
    link = message.get_by_role("link").first.get_attribute("href")
    assert link and "/clinics/join/?code=" in link
    page.reload()  # shown once: the code is gone after that
    expect(page.locator(".messagelist")).to_have_count(0)
    context.close()
    return link


def test_an_invite_used_twice_fails_the_second_time(browser: Browser, app_url: str) -> None:
    link = make_invite_link(browser, app_url)

    first = browser.new_context(**PHONE)
    page = first.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Riverside Physio")
    page.get_by_label("Username").fill("jordan")
    page.get_by_label("What should we call you?").fill("Jordan")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account and join").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("set up your plan")
    jordan = Patient.objects.get(user__username="jordan")
    assert [c.name for c in current_clinics(jordan)] == ["Riverside Physio"]
    first.close()

    people = User.objects.count()
    second = browser.new_context(**PHONE)
    page = second.new_page()
    response = page.goto(link)
    assert response is not None and response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("already been used")
    expect(page.get_by_role("button", name="Create account and join")).to_have_count(0)
    # typing the code again changes nothing either
    page.get_by_role("button", name="Check the code").click()
    expect(page.get_by_role("alert")).to_contain_text("already been used")
    assert User.objects.count() == people
    second.close()
