"""A new patient signs up and onboards on a phone-sized screen, in a real browser."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from piri.accounts.models import Patient
from piri.program.models import Prescription
from tests.e2e.browser_helpers import open_menu
from tests.factories.people import PASSWORD


def test_sign_up_and_onboard_on_a_phone(page: Page, app_url: str) -> None:
    page.goto(app_url + "/")
    page.get_by_role("link", name="Create your account").click()
    page.get_by_label("Username").fill("morgan")
    page.get_by_label("What should we call you?").fill("Morgan")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("set up your plan")
    page.get_by_label("How bad is the pain on a usual day?").fill("6")
    page.get_by_label("Both sides").check()
    page.get_by_label("No, I will stay on a chair").check()
    page.get_by_label("Massage gun").check()
    page.get_by_label("How many sessions a week will you aim for?").fill("5")
    page.get_by_label("Your time zone").select_option("Asia/Tokyo")
    page.get_by_role("button", name="Save and see my plan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Some safety questions")
    for group in page.locator("fieldset").all():
        group.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Morgan")
    expect(page.get_by_text("Both sides.")).to_be_visible()
    expect(page.get_by_role("link", name="Start session")).to_be_visible()
    patient = Patient.objects.get(user__username="morgan")
    assert patient.time_zone == "Asia/Tokyo" and patient.weekly_target == 5
    prescription = Prescription.objects.get(patient=patient)
    assert (prescription.sides, prescription.stretch_variant) == ("both", "figure4_chair")


def test_the_time_zone_defaults_to_the_browsers_own(browser, app_url: str) -> None:
    context = browser.new_context(
        timezone_id="America/Sao_Paulo", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.goto(app_url + "/signup/")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_label("Your time zone")).to_have_value("America/Sao_Paulo")
    context.close()


TARGETS = (
    "main button, main a.button, main label.choice, main input[type=text], "
    "main input[type=password], main input[type=number], main select, header a, header button"
)


def small_targets(page: Page) -> list[tuple[str, int]]:
    sizes = page.eval_on_selector_all(
        TARGETS,
        "els => els.map(e => { const r = e.getBoundingClientRect(); "
        "return [e.outerHTML.slice(0, 60), Math.round(Math.min(r.height, r.width))]; })",
    )
    return [(html, size) for html, size in sizes if size < 44]


def test_touch_targets_are_at_least_44px(page: Page, patient_page: Page, app_url: str) -> None:
    page.goto(app_url + "/signup/")
    open_menu(page)  # on a phone the header's links are behind "Menu": measure them open
    assert not small_targets(page)
    for path in ("/", "/history/", "/onboarding/"):
        patient_page.goto(app_url + path)
        open_menu(patient_page)
        assert not small_targets(patient_page), path
