"""The whole loop between a patient and their clinic, in real browsers over HTTP, each person
signing in through the sign-in page: the patient asks for help → the clinician sees it on the
dashboard → replies, and changes and locks a dose → the patient reads the reply and sees the
changed plan. A clinician of another clinic gets "not found" for the patient's pages and for
the request through the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from piri.accounts.models import AuditEvent, User
from piri.clinic.models import SpecialistRequest
from piri.program.services.plans import current_prescription
from tests.e2e.browser_helpers import open_menu
from tests.factories.clinics import CareTeam, make_care_team
from tests.factories.people import PASSWORD
from tests.factories.program import record_twelve_weeks

LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def team(transactional_db: None) -> CareTeam:
    team = make_care_team(sides="right", baseline_pain=6)
    record_twelve_weeks(team.patient)
    return team


def signed_in_by_form(
    browser: Browser, app_url: str, user: User, args: dict[str, Any]
) -> BrowserContext:
    context = browser.new_context(**args)
    page = context.new_page()
    page.goto(f"{app_url}/login/")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()
    page.close()
    return context


def ask_the_clinic(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/")
    open_menu(page)
    page.get_by_role("link", name="Talk to a specialist").click()
    page.locator("#q-topic").get_by_label("My exercises").check()
    page.get_by_label("Your message").fill("The clamshell feels too easy now. Longer holds?")
    page.get_by_role("button", name="Send to the clinic").click()
    expect(page.get_by_role("status")).to_contain_text("Sent to Riverside Physio")


def answer_and_lock(desk: Page, app_url: str, team: CareTeam) -> None:
    desk.goto(f"{app_url}/")  # staff land on their dashboard
    row = desk.locator("main li", has_text="Robin Hart").first
    expect(row).to_contain_text("Question waiting for an answer")
    desk.goto(f"{app_url}/clinic/requests/")
    desk.get_by_role("link", name="Robin Hart — My exercises").click()
    desk.get_by_label("Your reply").fill("Yes: 20 seconds from now on. I have set it for you.")
    desk.get_by_role("button", name="Send reply").click()
    expect(desk.get_by_role("status")).to_contain_text("Your reply is sent")

    desk.goto(f"{app_url}/clinic/patients/{team.patient.pk}/program/")
    desk.get_by_label("Side-lying clamshell hold, Hold (s)", exact=True).fill("20")
    desk.get_by_label("Lock Side-lying clamshell hold, Hold (s)").check()
    desk.get_by_label("Note to the patient (optional)").fill("Hold each clamshell for 20 s.")
    desk.get_by_label("Why (required)").fill("Asked for longer holds; pain settled")
    desk.get_by_role("button", name="Save as a new version").click()
    expect(desk.get_by_role("heading", name="Robin Hart")).to_be_visible()


def test_request_reply_and_locked_dose_reach_the_patient(
    browser: Browser, app_url: str, team: CareTeam, browser_context_args: dict[str, Any]
) -> None:
    patient = signed_in_by_form(browser, app_url, team.patient.user, browser_context_args)
    page = patient.new_page()
    ask_the_clinic(page, app_url)

    clinic = signed_in_by_form(
        browser, app_url, team.clinician, {**browser_context_args, "viewport": LAPTOP}
    )
    answer_and_lock(clinic.new_page(), app_url, team)
    clinic.close()

    prescription = current_prescription(team.patient)
    assert prescription is not None and "clamshell_hold.hold_s" in prescription.locked
    assert prescription.created_by == team.clinician
    assert SpecialistRequest.objects.get().status == "answered"

    page.goto(f"{app_url}/")
    expect(page.locator(".replies-card")).to_contain_text("Your clinic has replied")
    card = page.locator(".specialist-note")
    expect(card).to_contain_text("Your specialist changed your plan")
    expect(card).to_contain_text("Hold each clamshell for 20 s.")
    page.screenshot(path="/tmp/piri-loop-home-360.png", full_page=True)
    page.locator(".replies-card").get_by_role("link", name="My exercises").click()
    expect(page.locator(".thread-message.from-clinic .thread-body")).to_have_text(
        "Yes: 20 seconds from now on. I have set it for you."
    )
    patient.close()


def test_a_clinician_of_another_clinic_finds_nothing(
    browser: Browser, app_url: str, team: CareTeam, browser_context_args: dict[str, Any]
) -> None:
    from piri.clinic.services.requests import open_request

    req = open_request(team.patient, topic="exercises", message="A question.", now=timezone.now())
    outsider = signed_in_by_form(browser, app_url, team.outsider, browser_context_args)
    page = outsider.new_page()
    denied_before = AuditEvent.objects.filter(action="denied").count()
    pages = (
        f"/clinic/patients/{team.patient.pk}/",
        f"/clinic/patients/{team.patient.pk}/program/",
        f"/clinic/requests/{req.pk}/",
        f"/report/?patient={team.patient.pk}",
    )
    for path in pages:
        response = page.goto(f"{app_url}{path}")
        assert response is not None and response.status == 404, path
    api = page.request.get(f"{app_url}/api/v1/requests/{req.pk}")
    assert api.status == 404
    assert "A question." not in api.text()
    assert AuditEvent.objects.filter(action="denied").count() >= denied_before + len(pages)
    outsider.close()
