"""The triage dashboard in a real browser, on a phone and on a laptop: nothing wider than the
screen, touch targets of 44 px, the lists and the search usable from the keyboard, and no
console errors (the content security policy allows no inline script or style)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from piri.accounts.models import Clinic, User
from piri.clinic.services.triage_rows import refresh_all
from tests.e2e.browser_helpers import open_menu, signed_in_context
from tests.factories.clinics import clinic_patient, make_clinic
from tests.factories.people import make_staff
from tests.factories.program import flag, make_sessions, prompt, session_with_reach
from tests.factories.requests import ask

SHOTS = os.environ.get("DASHBOARD_SHOTS", "")  # a folder to keep screenshots in, if set


def busy_clinic() -> tuple[Clinic, User]:
    clinic = make_clinic(name="Riverside Physio", quiet_days=7)
    today = timezone.localdate()
    cast = [
        ("Erin", "Walsh", lambda p: flag(p, "E")),
        ("Sam", "Okafor", lambda p: flag(p, "U")),
        ("Alex", "Novak", lambda p: (flag(p, "D"), ask(p, clinic, urgent=True))),
        ("Priya", "Raman", lambda p: session_with_reach(p, today, ("thigh", "below_knee"))),
        ("Morgan", "Hale", lambda p: prompt(p, key="weekly_rising:2026-11-09")),
        ("Lee", "Tanaka", lambda p: ask(p, clinic)),
        ("Jo", "Lindqvist", lambda p: None),
    ]
    for first, last, give in cast:
        patient = clinic_patient(clinic, first_name=first, last_name=last)
        quiet = first == "Jo"
        make_sessions(patient, [today - timedelta(days=12 if quiet else 1)])
        refresh_all([patient], now=timezone.now())
        give(patient)
    return clinic, make_staff(clinic, username="dana", first_name="Dana")


@pytest.fixture
def clinician_page(
    browser: Browser, app_url: str, browser_context_args: dict[str, Any]
) -> Iterator[Page]:
    _clinic, clinician = busy_clinic()
    context = signed_in_context(browser, clinician, app_url, **browser_context_args)
    yield context.new_page()
    context.close()


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def test_the_dashboard_on_a_phone_and_a_laptop(clinician_page: Page, app_url: str) -> None:
    page = clinician_page
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    page.goto(f"{app_url}/")  # the clinician's home is the dashboard
    expect(page.get_by_role("heading", name="Patients to see", level=1)).to_be_visible()
    names = page.locator(".triage-name a").all_inner_texts()
    assert names[:6] == [
        "Erin Walsh",
        "Sam Okafor",
        "Alex Novak",
        "Priya Raman",
        "Morgan Hale",
        "Lee Tanaka",
    ]
    assert names[-1] == "Jo Lindqvist"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(page, "dashboard-phone.png")
    open_menu(page)  # on a phone the header's links are behind "Menu"
    for link in page.locator(".triage-tabs a, .triage-name a, .site-header a").all():
        box = link.bounding_box()
        assert box is not None and box["height"] >= 44, (link.inner_text(), box)

    page.get_by_label("Name").fill("okafor")
    page.keyboard.press("Enter")
    expect(page.locator(".triage-name a")).to_have_text(["Sam Okafor"])
    page.get_by_role("link", name="Clear").click()

    tab = page.get_by_role("link", name="Red flags (3)")
    tab.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".triage-tabs [aria-current=page]")).to_contain_text("Red flags")
    expect(page.locator(".triage-name a")).to_have_count(3)

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/clinic/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    _shot(page, "dashboard-laptop.png")
    assert [p for p in problems if "Failed to load resource" not in p] == []  # (favicon)
