"""The report page on a phone (360 px): the PDF button says it is preparing the file, then the
file is saved under its dated name; the page fits the screen."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import Page, expect

from piri.accounts.models import Patient
from piri.program.services.history import local_today


def test_the_pdf_button_shows_it_is_busy_then_saves_the_file(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    page.goto(f"{app_url}/report/")
    expect(page.get_by_role("heading", name="Your report and your data")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    button = page.get_by_role("link", name="Download report (PDF)")
    with page.expect_download() as download_info:
        button.click()
        busy = page.locator("a[aria-busy='true']")
        expect(busy).to_have_text("Preparing the report…")
    download = download_info.value
    today = local_today(e2e_patient, now=timezone.now()).isoformat()
    assert download.suggested_filename == f"piri-report-sam-{today}.pdf"
    expect(page.get_by_role("status")).to_have_text("Your report is ready and has been saved.")
    expect(button).not_to_have_attribute("aria-busy", "true")
    expect(button).to_have_text("Download report (PDF)")
