"""The clinician's patient page and program editor in a browser, on a phone (360 x 740) and a
laptop (1280 x 800): nothing wider than the screen, every control big enough to tap, the
editor usable from the keyboard, and the patient seeing the change as text."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from piri.accounts.models import User
from piri.domain.triage import Screening as Kind
from tests.e2e.browser_helpers import signed_in_context
from tests.factories.clinics import CareTeam, make_care_team
from tests.factories.program import record_twelve_weeks, screen

NOTE = "<b>Hold</b> the clamshell for 20 s."


@pytest.fixture
def team(transactional_db: None) -> CareTeam:
    team = make_care_team(sides="right", baseline_pain=6)
    record_twelve_weeks(team.patient)
    screen(team.patient, kind=Kind.WEEKLY, yes=("D1",))
    return team


@contextmanager
def browser_page(
    browser: Browser, app_url: str, user: User, args: dict[str, Any], width: int, height: int
) -> Iterator[Page]:
    """A browser page of ``width`` x ``height`` signed in as ``user``."""
    viewport = {"width": width, "height": height}
    context = signed_in_context(browser, user, app_url, **{**args, "viewport": viewport})
    page = context.new_page()
    yield page
    context.close()


def small_targets(page: Page, selector: str) -> list[Any]:
    boxes = [el.bounding_box() for el in page.locator(selector).all()]
    return [b for b in boxes if b is not None and (b["width"] < 44 or b["height"] < 44)]


def test_the_patient_page_reads_on_a_phone_and_a_laptop(
    browser: Browser, app_url: str, team: CareTeam, browser_context_args: dict[str, Any]
) -> None:
    url = f"{app_url}/clinic/patients/{team.patient.pk}/"
    problems: list[str] = []
    for width, height in ((360, 740), (1280, 800)):
        with browser_page(
            browser, app_url, team.clinician, browser_context_args, width, height
        ) as page:
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.goto(url)
            expect(page.get_by_role("heading", name="Robin Hart")).to_be_visible()
            expect(page.get_by_role("img", name="Average pain, 0 to 10")).to_be_visible()
            expect(page.get_by_label("Record a clinical review")).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert not small_targets(page, "main .button, .span-switch a, textarea")
            page.screenshot(path=f"/tmp/clinic-patient-{width}.png", full_page=True)
            assert not [p for p in problems if "Content Security Policy" in p], problems


def test_a_dose_is_changed_and_locked_from_the_keyboard_and_the_patient_sees_it(
    browser: Browser, app_url: str, team: CareTeam, browser_context_args: dict[str, Any]
) -> None:
    url = f"{app_url}/clinic/patients/{team.patient.pk}/program/"
    with browser_page(browser, app_url, team.clinician, browser_context_args, 360, 740) as page:
        page.goto(url)
        expect(page.get_by_role("heading", name="Program of Robin Hart")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert not small_targets(page, ".editor input[type=number], .editor .choice, .check")
        page.screenshot(path="/tmp/clinic-program-360.png", full_page=True)

        hold = page.get_by_label("Side-lying clamshell hold, Hold (s)", exact=True)
        hold.fill("45")
        page.get_by_label("Why (required)").fill("Ready for longer holds")
        page.get_by_role("button", name="Save as a new version").click()
        expect(page.get_by_role("alert")).to_contain_text("45 is outside the limits: 5 to 30")
        page.screenshot(path="/tmp/clinic-program-error-360.png", full_page=True)

        hold = page.get_by_label("Side-lying clamshell hold, Hold (s)", exact=True)
        hold.fill("20")
        lock = page.get_by_label("Lock Side-lying clamshell hold, Hold (s)")
        lock.focus()
        page.keyboard.press("Space")
        expect(lock).to_be_checked()
        page.get_by_label("Note to the patient (optional)").fill(NOTE)
        page.get_by_label("Why (required)").focus()
        page.keyboard.press("Enter")  # submits the form
        expect(page.get_by_role("heading", name="Robin Hart")).to_be_visible()
        expect(page.locator(".messages")).to_contain_text("2 changes")
        expect(page.get_by_text("locked").first).to_be_visible()

    with browser_page(browser, app_url, team.clinician, browser_context_args, 1280, 800) as page:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        page.screenshot(path="/tmp/clinic-program-1280.png", full_page=True)

    with browser_page(browser, app_url, team.patient.user, browser_context_args, 360, 740) as page:
        page.goto(f"{app_url}/")
        card = page.locator(".specialist-note")
        expect(card).to_contain_text("Your specialist changed your plan")
        expect(card).to_contain_text(NOTE)  # shown as text, tags and all
        expect(card).to_contain_text("hold 15 s → 20 s: Ready for longer holds")
        page.screenshot(path="/tmp/clinic-patient-home-360.png", full_page=True)
        page.get_by_role("button", name="Got it").click()
        expect(page.locator(".specialist-note")).to_have_count(0)
