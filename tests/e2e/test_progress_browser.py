"""The progress page on a phone (360 x 740): nothing wider than the screen, charts drawn
without breaking the content security policy, periods and tables reachable by keyboard."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from piri.accounts.models import Patient
from tests.factories.program import record_twelve_weeks


def test_progress_reads_on_a_phone(patient_page: Page, app_url: str, e2e_patient: Patient) -> None:
    e2e_patient.baseline_pain = 6
    e2e_patient.save()
    record_twelve_weeks(e2e_patient)
    page = patient_page
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    page.goto(f"{app_url}/progress/")
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    for name in ("Average pain, 0 to 10", "Days with a session, week by week"):
        expect(page.get_by_role("img", name=name)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    tops = set()
    for link in page.locator(".span-switch a").all():
        box = link.bounding_box()
        assert box is not None and box["width"] >= 44 and box["height"] >= 44, box
        tops.add(round(box["y"]))
    assert len(tops) == 1  # the four periods fit on one row
    chart = page.locator(".chart-svg").first.bounding_box()
    assert chart is not None and chart["width"] >= 280  # the chart uses the phone's width
    page.screenshot(path="/tmp/progress.png")
    page.screenshot(path="/tmp/progress-full.png", full_page=True)

    summary = page.locator(".chart-data summary").first
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("table", name="Average pain (0–10) by day")).to_be_visible()

    page.get_by_role("link", name="1 year").click()
    expect(page).to_have_url(f"{app_url}/progress/?span=1y")
    expect(page.get_by_role("link", name="1 year")).to_have_attribute("aria-current", "page")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="/tmp/progress-year.png", full_page=True)
    assert not [p for p in problems if "Content Security Policy" in p], problems


def test_a_new_patient_is_told_what_will_appear(patient_page: Page, app_url: str) -> None:
    page = patient_page
    page.goto(f"{app_url}/progress/")
    welcome = page.get_by_role("heading", name="Your charts start with your first check-in")
    expect(welcome).to_be_visible()
    expect(page.get_by_role("img")).to_have_count(0)
    expect(page.get_by_role("link", name="Check in now")).to_be_visible()
    page.screenshot(path="/tmp/progress-empty.png", full_page=True)
