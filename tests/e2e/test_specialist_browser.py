"""Talk to a specialist in a real browser: the button on a phone, sending a request with the
keyboard, the clinician's reply, and the patient seeing it on the home page. Screenshots go to
/tmp/piri-specialist-*.png (phone 360 x 740 and laptop 1280 x 800)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from piri.accounts.models import Patient
from piri.clinic.models import SpecialistRequest
from piri.domain.triage import Screening as Kind
from piri.program.services.history import local_today
from tests.e2e.browser_helpers import open_menu, signed_in_context
from tests.factories.clinics import make_care_team
from tests.factories.program import make_checkin, screen

LAPTOP = {"width": 1280, "height": 800}


def assert_touch_target(page: Page, selector: str) -> None:
    for element in page.locator(selector).all():
        box = element.bounding_box()
        assert box is not None and box["width"] >= 44 and box["height"] >= 44, (selector, box)


def test_a_patient_writes_and_reads_the_reply(
    browser: Browser,
    patient_page: Page,
    app_url: str,
    e2e_patient: Patient,
    browser_context_args: dict[str, Any],
) -> None:
    team = make_care_team(patient=e2e_patient)
    make_checkin(
        e2e_patient, local_today(e2e_patient, now=timezone.now()), pain_average=5, extent="thigh"
    )
    screen(e2e_patient, kind=Kind.WEEKLY, yes=("D1",))
    page = patient_page
    page.goto(f"{app_url}/history/")
    open_menu(page)  # on a phone the button is behind "Menu"
    button = page.get_by_role("link", name="Talk to a specialist")
    expect(button).to_be_visible()
    assert_touch_target(page, ".specialist-link .button")
    page.screenshot(path="/tmp/piri-specialist-button-360.png")
    button.click()
    expect(page.get_by_role("heading", name="Write to your clinic")).to_be_visible()
    expect(page.get_by_text("This request will be marked urgent")).to_be_visible()
    page.screenshot(path="/tmp/piri-specialist-form-360.png", full_page=True)

    page.locator("#q-topic").get_by_label("My symptoms").check()
    page.get_by_label("Your message").fill("<script>alert(1)</script> It spreads to my knee.")
    page.get_by_label("Your message").press("Tab")
    expect(page.get_by_role("button", name="Send to the clinic")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Sent to Riverside Physio")
    expect(page.locator(".thread-body")).to_have_text(
        "<script>alert(1)</script> It spreads to my knee."
    )
    req = SpecialistRequest.objects.get()
    assert req.urgent and req.status == "new"

    args = {**browser_context_args, "viewport": LAPTOP}
    clinic = signed_in_context(browser, team.clinician, app_url, **args)
    desk = clinic.new_page()
    desk.goto(f"{app_url}/clinic/requests/")
    expect(desk.locator(".tag-urgent")).to_be_visible()
    desk.screenshot(path="/tmp/piri-specialist-clinic-list-1280.png", full_page=True)
    desk.get_by_role("link", name=f"{e2e_patient} — My symptoms").click()
    expect(desk.get_by_text("Back of thigh")).to_be_visible()
    desk.get_by_label("Your reply").fill("Please book a visit this week.\nStop the stretch.")
    desk.screenshot(path="/tmp/piri-specialist-clinic-thread-1280.png", full_page=True)
    desk.get_by_role("button", name="Send reply").click()
    expect(desk.get_by_role("status")).to_contain_text("Your reply is sent")
    clinic.close()

    page.goto(f"{app_url}/")
    replies = page.locator(".replies-card")
    expect(replies).to_contain_text("Your clinic has replied")
    page.screenshot(path="/tmp/piri-specialist-home-360.png")
    replies.get_by_role("link", name="My symptoms").click()
    expect(page.locator(".thread-message.from-clinic .thread-body")).to_have_text(
        "Please book a visit this week.\nStop the stretch."
    )
    assert_touch_target(page, ".request-form .button")
    page.screenshot(path="/tmp/piri-specialist-thread-360.png", full_page=True)
    page.set_viewport_size(LAPTOP)
    page.screenshot(path="/tmp/piri-specialist-thread-1280.png", full_page=True)
