"""The daily check-in on a phone (360 x 740): done in a handful of taps, then edited the same
day; and the same page without JavaScript."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from piri.accounts.models import Patient
from piri.program.services.history import local_today
from tests.e2e.browser_helpers import signed_in_context, tap


def test_a_patient_checks_in_in_a_few_taps_then_edits_it(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    page.goto(f"{app_url}/")
    card = page.locator(".checkin-card")
    expect(card.get_by_role("heading", name="Today’s check-in")).to_be_visible()
    card.get_by_role("link", name="Check in now").click()  # tap 1
    expect(page).to_have_url(f"{app_url}/checkin/")
    expect(page.locator(".bodymap-picture")).to_be_visible()  # the picture, not the radios
    expect(page.locator(".bodymap-fallback")).to_be_hidden()

    for pill in page.locator("#q-pain_now .choice").all():
        box = pill.bounding_box()
        assert box is not None and box["width"] >= 44 and box["height"] >= 44, box

    tap(page, "pain_now", "3")
    tap(page, "pain_average", "4")
    page.get_by_role("button", name="Back of thigh, right leg", exact=True).click()
    expect(page.locator("#checkin-map .bodymap-selected")).to_have_text("Selected: back of thigh")
    tap(page, "sitting_minutes", "10–30 min")
    tap(page, "triggers", "Driving")
    tap(page, "change", "Same")
    page.screenshot(path="/tmp/piri-checkin-filled.png")  # the viewport, scrolled to Save
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path="/tmp/piri-checkin-top.png")
    page.screenshot(path="/tmp/piri-checkin-full.png", full_page=True)
    page.get_by_role("button", name="Save check-in").click()  # tap 8

    expect(page).to_have_url(f"{app_url}/")
    expect(page.get_by_role("status")).to_contain_text("today’s check-in is saved")
    row = e2e_patient.checkins.get()
    assert row.day == local_today(e2e_patient, now=timezone.now())
    assert (row.pain_now, row.pain_average, row.extent, row.sitting_minutes) == (3, 4, "thigh", 20)
    assert (row.triggers, row.change, row.worse) == (["driving"], "same", False)

    page.get_by_role("link", name="Done today — edit").click()
    expect(page.locator("#q-pain_now").get_by_label("3", exact=True)).to_be_checked()
    expect(page.locator("#checkin-map .bodymap-selected")).to_have_text("Selected: back of thigh")
    expect(page.get_by_role("button", name="Back of thigh, right leg")).to_have_attribute(
        "aria-pressed", "true"
    )
    tap(page, "pain_now", "2")
    page.get_by_role("button", name="None at all", exact=True).click()
    tap(page, "triggers", "Driving")  # untick
    tap(page, "triggers", "Soft or uneven seats")
    page.get_by_role("button", name="Save changes").click()

    expect(page).to_have_url(f"{app_url}/")
    row = e2e_patient.checkins.get()  # still the one row
    assert (row.pain_now, row.pain_average, row.extent, row.sitting_minutes) == (2, 4, "none", 20)
    assert row.triggers == ["soft_seat"]


def test_own_trigger_added_on_the_phone_keeps_the_answers(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    page.goto(f"{app_url}/checkin/")
    tap(page, "pain_now", "5")
    page.get_by_role("button", name="Below the knee, right leg", exact=True).click()
    page.get_by_label("Add a trigger of your own").fill("Gardening")
    page.get_by_label("Add a trigger of your own").press("Enter")  # Enter adds, as Add does
    expect(page.locator("#q-triggers").get_by_label("Gardening", exact=True)).to_be_checked()
    expect(page.locator("#q-pain_now").get_by_label("5", exact=True)).to_be_checked()
    expect(page.locator("#checkin-map .bodymap-selected")).to_have_text("Selected: below the knee")
    assert not e2e_patient.checkins.exists()
    tap(page, "pain_average", "5")
    tap(page, "change", "Worse")
    page.get_by_role("button", name="Save check-in").click()
    expect(page).to_have_url(f"{app_url}/safety/check/?kind=after_worse")
    row = e2e_patient.checkins.get()
    assert (row.extent, row.triggers, row.worse) == ("below_knee", ["own:Gardening"], True)


def test_the_page_works_without_javascript(
    browser: Browser,
    app_url: str,
    e2e_patient: Patient,
    browser_context_args: dict[str, Any],
) -> None:
    context = signed_in_context(
        browser, e2e_patient.user, app_url, **browser_context_args, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{app_url}/checkin/")
    expect(page.locator(".bodymap-picture")).to_be_hidden()
    tap(page, "pain_now", "6")
    tap(page, "pain_average", "5")
    tap(page, "extent", "Foot")
    tap(page, "change", "Better")
    page.screenshot(path="/tmp/piri-checkin-nojs.png", full_page=True)
    page.get_by_role("button", name="Save check-in").click()
    expect(page).to_have_url(f"{app_url}/")
    row = e2e_patient.checkins.get()
    assert (row.pain_now, row.extent, row.change, row.triggers) == (6, "foot", "better", [])
    context.close()
