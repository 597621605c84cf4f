"""The player on a phone, on the floor (issue 13): focus mode, the phone header, key hints,
the baseline check.

For every kind of step, at four screen sizes, the countdown, the figure, the side and the
instruction lie inside the screen and clear of the controls. Screenshots go to a temporary
folder (``PIRI_SHOTS`` keeps them, e.g. to refresh ``docs/img/player-*.png``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from piri.accounts.models import Patient
from piri.program.models import CheckAnswer
from tests.e2e.browser_helpers import signed_in_context
from tests.e2e.player_helpers import (
    answer_check,
    end_and_save,
    expect_step,
    open_player,
    player,
    skip_until,
    start,
)
from tests.factories.people import make_patient

SIZES = {
    "360x640": {"width": 360, "height": 640},
    "360x740": {"width": 360, "height": 740},
    "390x844": {"width": 390, "height": 844},
    "landscape": {"width": 740, "height": 360},
}
PHONE = {"has_touch": True, "is_mobile": True, "locale": "en-GB"}


def _steps_to_visit(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """The first step of each kind (and phase, for holds and checks), in plan order."""
    seen: set[tuple[str, str]] = set()
    chosen = []
    for step in plan["steps"]:
        key = (step["kind"], step["phase"] if step["kind"] in {"hold", "check"} else "")
        if key not in seen:
            seen.add(key)
            chosen.append(step)
    return chosen


Box = dict[str, float]


def _box(page: Page, selector: str) -> Box:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box


def _inside(box: Box, view: dict[str, int], what: str) -> None:
    assert box["x"] >= -0.5 and box["y"] >= -0.5, f"{what} starts off screen: {box}"
    assert box["x"] + box["width"] <= view["width"] + 0.5, f"{what} runs off the right: {box}"
    assert box["y"] + box["height"] <= view["height"] + 0.5, f"{what} runs off the bottom: {box}"


def _apart(a: Box, b: Box, what: str) -> None:
    overlap_x = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    overlap_y = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    assert overlap_x <= 0.5 or overlap_y <= 0.5, f"{what} overlap: {a} / {b}"


def _must_show(page: Page, kind: str) -> list[str]:
    screen = str(player(page).get_attribute("data-screen"))
    if screen == "check":
        return ["#check-title", "#check-text"]
    if screen == "finish":
        return ["#finish-title", "#finish-text"]
    shown = ["#step-title", "#countdown", "#step-text"]
    for optional in ("#step-figure", "#step-side"):
        if page.locator(optional).is_visible():
            shown.append(optional)
    return shown


def _check_layout(page: Page, view: dict[str, int], label: str) -> None:
    controls = page.locator("#controls")
    bar = controls.bounding_box() if controls.is_visible() else None
    if bar:
        _inside(bar, view, f"{label}: the controls")
    shown = {selector: _box(page, selector) for selector in _must_show(page, label)}
    for selector, box in shown.items():
        _inside(box, view, f"{label}: {selector}")
        if bar:
            _apart(box, bar, f"{label}: {selector}")
    # the figure (its drawing) is not drawn over the title, the countdown or the instruction
    if "#step-figure" in shown:
        drawing = _box(page, "#step-figure svg.figure:not([hidden])")
        for other in ("#step-title", "#countdown", "#step-text", "#step-side"):
            if other in shown:
                _apart(drawing, shown[other], f"{label}: the figure and {other}")
    if page.locator("#step-figure").is_visible():
        assert _box(page, "#step-figure svg.figure:not([hidden])")["height"] >= 80, label


@pytest.mark.parametrize("size", list(SIZES))
def test_focus_mode_keeps_the_step_clear_of_the_controls(
    browser: Browser, app_url: str, tmp_path: Path, size: str
) -> None:
    view = SIZES[size]
    both = make_patient(username="bo", sides="both")  # both sides: a "switch sides" step too
    shots = Path(os.environ.get("PIRI_SHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    context = signed_in_context(browser, both.user, app_url, viewport=view, **PHONE)
    page = context.new_page()
    plan = open_player(page, app_url)
    start(page)
    # focus mode: no site navigation, only the player and its way out
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="End session")).to_be_visible()
    expect(page.locator(".key-hint")).to_be_hidden()

    kinds = {s["kind"] for s in plan["steps"]}
    assert {"instruction", "massage", "switch_sides", "hold", "relax", "rest", "check"} <= kinds
    for step in _steps_to_visit(plan):
        skip_until(page, plan, step["id"])
        label = f"{size} {step['id']} ({step['kind']})"
        _check_layout(page, view, label)
        page.evaluate("document.activeElement && document.activeElement.blur()")  # no focus ring
        page.screenshot(path=str(shots / f"player-{size}-{step['id']}.png"))
        if step["kind"] == "hold":
            # the worst case of the issue: a notice shown over a long title
            page.evaluate(
                """() => {
                  const n = document.getElementById('branch-notice');
                  n.textContent =
                    'Ease off: a smaller stretch today, and stop if the tingling spreads.';
                  n.hidden = false;
                  document.getElementById('step-title').textContent =
                    'Figure-4 stretch on a chair: press your knee down gently';
                }"""
            )
            _check_layout(page, view, f"{label} with a notice")
            page.screenshot(path=str(shots / f"player-{size}-notice.png"))
    expect_step(page, "session.finish")
    context.close()


def test_the_first_check_is_a_baseline_and_later_ones_compare(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    plan = open_player(page, app_url)
    start(page)
    expect_step(page, "session.check.start")
    check = page.locator("#screen-check")
    expect(check.locator("#check-change")).to_be_hidden()
    expect(check.get_by_text("How far down the leg do you feel it now?")).to_be_visible()
    answer_check(page, "same", "thigh", pain=2)
    later = next(s for s in plan["steps"][1:] if s["kind"] == "check")
    skip_until(page, plan, later["id"])
    expect(check.locator("#check-change")).to_be_visible()
    expect(check.get_by_text("How far down does it reach?")).to_be_visible()
    answer_check(page, "less", "buttock")
    end_and_save(page)
    answers = {a.step_id: a for a in CheckAnswer.objects.filter(session__patient=e2e_patient)}
    assert answers["session.check.start"].change == "same"
    assert answers["session.check.start"].extent == "thigh"
    assert answers[later["id"]].change == "less"


def test_phone_header_is_one_row_with_a_menu_and_start_above_the_fold(
    browser: Browser, app_url: str, e2e_patient: Patient
) -> None:
    view = SIZES["360x740"]
    context = signed_in_context(browser, e2e_patient.user, app_url, viewport=view, **PHONE)
    page = context.new_page()
    page.goto(f"{app_url}/")
    header = _box(page, ".site-header")
    assert header["height"] <= 60, header
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="History", exact=True)).to_be_hidden()
    start_button = _box(page, ".start-card .button.big")
    assert start_button["y"] + start_button["height"] <= view["height"], start_button
    page.screenshot(path="/tmp/piri-home-360x740.png")

    # by keyboard: Enter opens, the links follow in tab order, Escape closes and returns
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="History", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Talk to a specialist")).to_be_visible()
    assert page.locator("#site-menu").get_attribute("id") == menu.get_attribute("aria-controls")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Today", exact=True)).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(page.get_by_role("link", name="History", exact=True)).to_be_hidden()
    context.close()


def test_wide_screen_keeps_the_links_and_no_menu(patient_page: Page, app_url: str) -> None:
    page = patient_page
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{app_url}/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="History", exact=True)).to_be_visible()


def test_key_hints_show_with_a_keyboard_and_hide_on_touch(
    browser: Browser, app_url: str, e2e_patient: Patient
) -> None:
    hint = "Keys: Space pauses"
    desktop = signed_in_context(
        browser, e2e_patient.user, app_url, viewport={"width": 1024, "height": 768}
    )
    page = desktop.new_page()
    open_player(page, app_url)
    expect(page.get_by_text(hint)).to_be_visible()
    desktop.close()

    phone = signed_in_context(
        browser, e2e_patient.user, app_url, viewport=SIZES["360x740"], **PHONE
    )
    page = phone.new_page()
    open_player(page, app_url)
    expect(page.get_by_text(hint)).to_be_hidden()
    phone.close()
