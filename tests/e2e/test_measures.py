"""The weekly questions on a phone (360 x 740): every answer a pill or a tick box big enough for a
finger, nothing wider than the screen, saved in one go; "worse" goes on to the safety questions.
The RMDQ text is a test-only placeholder (the real wording is never part of Piri)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from piri.accounts.models import Patient
from piri.program.services.activities import name_activities
from tests.e2e.browser_helpers import tap
from tests.integration.test_measures import RMDQ_TEXT


def rmdq_text(settings: Any, tmp_path: Path) -> None:
    folder = tmp_path / "measures-text"
    folder.mkdir()
    (folder / "rmdq.yaml").write_text(RMDQ_TEXT, encoding="utf-8")
    settings.PIRI_MEASURES_TEXT_DIR = folder


def test_the_weekly_questions_fit_a_phone_and_save_in_one_go(
    patient_page: Page, app_url: str, e2e_patient: Patient, settings: Any, tmp_path: Path
) -> None:
    rmdq_text(settings, tmp_path)
    name_activities(
        e2e_patient, ["Sitting through a film", "Walking the dog", "Driving"], now=timezone.now()
    )
    page = patient_page
    page.goto(f"{app_url}/")
    page.get_by_role("link", name="Answer this week’s questions").click()
    expect(page).to_have_url(f"{app_url}/measures/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for selector in ("#q-pain_now .choice", "#q-activity_1 .choice", "#q-rmdq .choice"):
        for pill in page.locator(selector).all()[:3]:
            box = pill.bounding_box()
            assert box is not None and box["width"] >= 44 and box["height"] >= 44, selector

    tap(page, "change", "Better")
    tap(page, "pain_now", "3")
    tap(page, "pain_average_24h", "4")
    tap(page, "activity_1", "5")
    tap(page, "activity_2", "7")
    tap(page, "activity_3", "2")
    tap(page, "rmdq", "[placeholder statement 4, test only]")
    tap(page, "grc_rating", "Slightly better")
    page.screenshot(path="/tmp/piri-measures-full.png", full_page=True)
    page.get_by_role("button", name="Save this week’s answers").click()

    expect(page).to_have_url(f"{app_url}/")
    expect(page.get_by_role("status")).to_contain_text("this week’s answers are saved")
    scores = {r.instrument: r.scores for r in e2e_patient.measures.all()}
    assert scores["psfs"] == {"mean": 14 / 3} and scores["rmdq"] == {"total": 1.0}
    assert scores["grc"] == {"rating": 1.0} and scores["nprs"]["pain_now"] == 3
    expect(page.get_by_role("link", name="Done this week — edit")).to_be_visible()


def test_worse_than_last_week_asks_the_safety_questions(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    page.goto(f"{app_url}/measures/")
    expect(page.get_by_text("Not asked: your clinic has not supplied the words")).to_be_visible()
    tap(page, "change", "Worse")
    tap(page, "pain_now", "6")
    tap(page, "pain_average_24h", "6")
    tap(page, "grc_rating", "Slightly worse")
    page.get_by_role("button", name="Save this week’s answers").click()
    expect(page).to_have_url(f"{app_url}/safety/check/?kind=after_worse")
    expect(page.get_by_role("status")).to_contain_text("Because you feel worse")
    assert e2e_patient.weekly_checks.get().change == "worse"
