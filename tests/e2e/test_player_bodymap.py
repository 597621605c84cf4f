"""The body picture for "how far down does it reach?": taps, keyboard, None, sizes, names."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from piri.accounts.models import Patient
from piri.program.models import CheckAnswer, ExerciseSession
from tests.e2e.player_helpers import (
    answer_check,
    end_and_save,
    expect_step,
    open_player,
    player,
    region_name,
    screenshot,
    skip_until,
    start,
    step_id,
)

LEGS = ("left", "right")
EXTENTS = ("buttock", "thigh", "below_knee", "foot")


def _answers(patient: Patient) -> dict[str, CheckAnswer]:
    session = ExerciseSession.objects.get(patient=patient)
    return {a.step_id: a for a in CheckAnswer.objects.filter(session=session)}


def _massage_check(plan: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in plan["steps"] if s["id"].endswith(".check.during"))


def test_tapping_a_region_records_its_extent_and_none_works(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    plan = open_player(page, app_url)
    start(page)
    screen = page.locator("#screen-check")

    # The opening check: both legs highlighted, no side sentence; "None at all".
    expect(screen.locator(".bodymap-leg.is-affected")).to_have_count(2)
    expect(screen.locator(".bodymap-side")).to_be_hidden()
    expect(screen.locator(".bodymap-selected")).to_contain_text("Nothing selected yet")
    screen.get_by_role("button", name="Below the knee, left leg").click()
    expect(screen.locator(".bodymap-selected")).to_have_text("Selected: below the knee")
    answer_check(page, "less", "none", pain=2)

    # The mid-massage check of the right side: the right leg is highlighted and named.
    check = _massage_check(plan)
    skip_until(page, plan, check["id"])
    expect(screen.locator(".bodymap-leg.is-affected")).to_have_count(1)
    expect(screen.locator(".bodymap-leg.is-affected")).to_have_attribute("data-leg", "right")
    expect(screen.locator(".bodymap-side")).to_contain_text("right leg")
    screen.locator("#check-change [data-value=same]").click()
    region = screen.get_by_role("button", name="Below the knee, right leg", exact=True)
    region.click()
    expect(region).to_have_attribute("aria-pressed", "true")
    expect(screen.locator(".bodymap-region[aria-pressed=true]")).to_have_count(1)
    expect(screen.get_by_role("button", name="None at all")).to_have_attribute(
        "aria-pressed", "false"
    )
    expect(screen.locator(".bodymap-selected")).to_have_text("Selected: below the knee")
    # selected is shown by a hatch and a thick outline, not by colour alone
    hatch = region.locator(".bodymap-hatch")
    assert hatch.evaluate("(el) => getComputedStyle(el).display") != "none"
    width = region.locator(".bodymap-shape").evaluate("(el) => getComputedStyle(el).strokeWidth")
    assert float(width.replace("px", "")) >= 4
    region.scroll_into_view_if_needed()
    screenshot(page, "bodymap-check")
    page.screenshot(path="/tmp/piri-player-bodymap-check-full.png", full_page=True)
    before = step_id(page)
    screen.get_by_role("button", name="Next").click()
    expect(player(page)).not_to_have_attribute("data-step-id", before)

    end_and_save(page)
    answers = _answers(e2e_patient)
    assert answers["session.check.start"].extent == "none"
    assert answers["session.check.start"].change == "same"  # a baseline: nothing to compare with
    assert answers[check["id"]].extent == "below_knee"
    # none -> below the knee spread: the mid-massage check's on_spread
    assert answers[check["id"]].action == check["on_spread"]["action"]


def _focused_name(page: Page) -> str:
    return str(
        page.evaluate(
            """() => { const el = document.activeElement;
                       return (el.getAttribute('aria-label') || el.textContent || '').trim(); }"""
        )
    )


def _tab_to(page: Page, name: str, *, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _focused_name(page) == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_the_picture_works_with_the_keyboard_only(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    open_player(page, app_url)
    start(page)
    screen = page.locator("#screen-check")
    expect_step(page, "session.check.start")

    # the opening check is a baseline: no less / same / more, straight to the picture
    _tab_to(page, region_name("thigh", "left"))
    # the focused region shows a focus ring
    ring = page.evaluate(
        "() => getComputedStyle(document.activeElement.querySelector('.bodymap-hit')).strokeWidth"
    )
    assert float(str(ring).replace("px", "")) >= 3
    page.keyboard.press("Enter")
    expect(screen.locator(".bodymap-selected")).to_have_text("Selected: back of thigh")
    _tab_to(page, region_name("foot", "left"))
    page.keyboard.press(" ")  # Space chooses it; it does not pause or scroll
    expect(screen.locator(".bodymap-selected")).to_have_text("Selected: foot")
    expect(screen.get_by_role("button", name=region_name("foot", "left"))).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(screen.get_by_role("button", name=region_name("thigh", "left"))).to_have_attribute(
        "aria-pressed", "false"
    )
    # arrows inside the picture do not skip the check
    page.keyboard.press("ArrowRight")
    expect_step(page, "session.check.start")
    _tab_to(page, "3")
    page.keyboard.press(" ")
    _tab_to(page, "Next")
    page.keyboard.press("Enter")
    expect(player(page)).not_to_have_attribute("data-step-id", "session.check.start")

    end_and_save(page)
    answer = _answers(e2e_patient)["session.check.start"]
    assert (answer.change, answer.extent, answer.pain) == ("same", "foot", 3)


def test_every_region_is_named_and_big_enough(patient_page: Page, app_url: str) -> None:
    page = patient_page
    open_player(page, app_url)
    start(page)
    regions = page.locator("#screen-check .bodymap-region")
    names = [r.get_attribute("aria-label") for r in regions.all()]
    assert names == [region_name(e, leg) for leg in LEGS for e in EXTENTS]
    for region in regions.all():
        assert region.get_attribute("role") == "button"
        assert region.get_attribute("tabindex") == "0"
        box = region.bounding_box()
        assert box is not None
        assert box["width"] >= 44 and box["height"] >= 44, (region.get_attribute("aria-label"), box)
    none = page.locator("#screen-check").get_by_role("button", name="None at all").bounding_box()
    assert none is not None and none["height"] >= 44
