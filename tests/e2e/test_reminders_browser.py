"""The reminders page on a phone (360 px) and a desktop: choose days and a time, save, and
see the next reminder in the patient's own time; every control at least 44 px tall."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from piri.accounts.models import Patient
from piri.reminders.models import ReminderSchedule
from tests.e2e.browser_helpers import signed_in_context
from tests.factories.people import give_email


def _choose_and_save(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/reminders/")
    expect(page.get_by_role("heading", name="Reminders", exact=True)).to_be_visible()
    expect(page.locator("#next-reminder")).to_have_text("Reminders are off.")
    page.get_by_label("Send me reminders").check()
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        page.get_by_label(day, exact=True).check()
    page.get_by_label("Time (your time zone)").fill("08:15")
    page.get_by_label("Email", exact=True).check()
    # offered, with the button that turns notifications on for this device first
    expect(page.get_by_label("On this device (notifications)")).to_be_enabled()
    expect(page.get_by_text("Allow notifications on this device first.")).to_be_visible()
    for control in page.locator("main .choice, main .button, main input[type=time]").all():
        if not control.is_visible():
            continue  # the notifications button shows once the service worker is ready
        box = control.bounding_box()
        assert box is not None and box["height"] >= 44, (control.inner_text(), box)
    page.get_by_role("button", name="Save reminders").click()
    expect(page.get_by_role("status")).to_contain_text("Reminders saved.")


def test_a_patient_sets_days_and_a_time_and_sees_the_next_reminder_in_local_time(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    e2e_patient.time_zone = "Pacific/Auckland"
    e2e_patient.save(update_fields=["time_zone"])
    give_email(e2e_patient.user, "sam@example.org")
    page = patient_page
    _choose_and_save(page, app_url)
    row = ReminderSchedule.objects.get(patient=e2e_patient)
    assert row.next_due_at is not None
    local = row.next_due_at.astimezone(e2e_patient.zone)
    assert local.strftime("%H:%M") == "08:15"
    assert timezone.now() < row.next_due_at <= timezone.now() + timedelta(days=1)
    expected = f"Next reminder: {local:%A} {local.day} {local:%B}, 08:15 (Pacific/Auckland)."
    expect(page.locator("#next-reminder")).to_have_text(expected)
    page.screenshot(path="/tmp/piri-reminders-360.png", full_page=True)


def test_the_reminders_page_on_a_desktop_names_bad_input(
    browser: Browser, app_url: str, e2e_patient: Patient, browser_context_args: dict[str, Any]
) -> None:
    args = {**browser_context_args, "viewport": {"width": 1280, "height": 900}}
    context = signed_in_context(browser, e2e_patient.user, app_url, **args)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/reminders/")
        expect(page.get_by_text("Confirm your address on the Account page")).to_be_visible()
        page.get_by_label("Send me reminders").check()
        for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):  # the defaults
            page.get_by_label(day, exact=True).uncheck()
        page.get_by_role("button", name="Save reminders").click()
        summary = page.locator(".error-summary")
        expect(summary).to_contain_text("Choose at least one day.")
        expect(summary).to_contain_text("Choose how to be reminded.")
        assert not ReminderSchedule.objects.filter(patient=e2e_patient).exists()
        page.get_by_role("button", name="Make my calendar address").click()
        expect(page.get_by_label("Your calendar address")).to_be_visible()
        assert ".ics" in page.get_by_label("Your calendar address").input_value()
        page.screenshot(path="/tmp/piri-reminders-desktop.png", full_page=True)
    finally:
        context.close()
