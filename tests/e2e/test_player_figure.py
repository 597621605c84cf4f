"""The demonstration figure in the player moves with the timer's phases (Playwright's clock):
in position on the countdown, pressing during a press, easing further in across "relax and
draw in", still while resting; mirrored for the left side; still key poses only for people
who ask for reduced motion; the setup step's "How to do it" link pauses the timer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from piri.accounts.models import Patient, User
from piri.charts.figure import shapes
from piri.program.services.onboarding import onboard
from piri.program.services.protocol import active_protocol
from tests.e2e.browser_helpers import signed_in_context
from tests.e2e.player_helpers import (
    expect_step,
    first,
    open_player,
    run,
    screenshot,
    skip_until,
    start,
)

STRETCH = "figure4_lying"


def _left_patient() -> Patient:
    """An onboarded patient whose left side is worked (no safety answers yet: the session
    page asks them first)."""
    user = User.objects.create_user(username="lee", password="a-long-test-passphrase-42")
    patient = Patient.objects.create(user=user, time_zone="Europe/London")
    onboard(
        patient,
        protocol=active_protocol(),
        sides="left",
        floor_ok=True,
        tools=(),
        weekly_target=4,
        time_zone="Europe/London",
        baseline_pain=4,
        now=timezone.now(),
    )
    return patient


@pytest.fixture
def reduced_left_page(
    browser: Browser, app_url: str, browser_context_args: dict[str, Any]
) -> Iterator[Page]:
    """A left-sided patient's browser that asks for reduced motion."""
    context = signed_in_context(
        browser, _left_patient().user, app_url, **browser_context_args, reduced_motion="reduce"
    )
    yield context.new_page()
    context.close()


def _figure(page: Page) -> Any:
    return page.locator("#step-figure svg.figure:not([hidden])")


def _knee_x(page: Page) -> float:
    """Where the worked thigh ends (the knee), as drawn now."""
    return float(_figure(page).locator("[data-part=thigh]").get_attribute("x2") or "nan")


def _drawn_knee_x(pose: str) -> float:
    figure = active_protocol().exercise(STRETCH).figure
    assert figure is not None
    thigh = next(s for s in shapes(figure, figure.pose(pose)) if s.part == "thigh")
    return thigh.x2


def test_the_figure_moves_with_the_timers_phases(patient_page: Page, app_url: str) -> None:
    page = patient_page
    plan = open_player(page, app_url)
    start(page)
    ready = first(plan, kind="get_ready", item=STRETCH)
    hold = first(plan, kind="hold", item=STRETCH)
    relax = first(plan, kind="relax", item=STRETCH)
    rest = first(plan, kind="rest", item=STRETCH)
    skip_until(page, plan, ready["id"])
    figure = _figure(page)
    expect(figure).to_have_count(1)
    expect(figure).to_have_attribute("data-item", STRETCH)
    expect(figure).to_have_attribute("data-pose", "start")
    expect(figure).to_have_attribute("data-side", "right")
    expect(figure).to_have_attribute("role", "img")
    expect(figure.locator("title")).to_contain_text("right knee")
    assert not figure.locator(".figure-scene").evaluate("el => el.hasAttribute('transform')")

    run(page, ready["duration_s"])  # the countdown ends: the press
    expect_step(page, hold["id"])
    expect(figure).to_have_attribute("data-pose", "press")
    expect(figure).to_have_attribute("data-motion", "still")
    expect(figure).to_have_attribute("data-working", "")  # the buttock pulses
    run(page, 1)
    press_x = _knee_x(page)
    assert press_x == pytest.approx(_drawn_knee_x("press"), abs=0.05)
    screenshot(page, "figure-press")

    run(page, hold["duration_s"] - 1)  # the press ends: relax and draw in
    expect_step(page, relax["id"])
    expect(figure).to_have_attribute("data-pose", "relax")
    expect(figure).to_have_attribute("data-motion", "ease")
    expect(figure).not_to_have_attribute("data-working", "")
    run(page, 0.1)
    early = _knee_x(page)
    run(page, relax["duration_s"] / 2 - 0.1)
    # paused, the figure stays where it is
    page.keyboard.press("Space")
    halfway = _knee_x(page)
    run(page, 3)
    assert _knee_x(page) == halfway
    page.keyboard.press("Space")
    run(page, relax["duration_s"] / 2 - 0.2)
    late = _knee_x(page)
    deeper = _drawn_knee_x("relax")
    assert abs(early - press_x) < 0.5
    assert min(press_x, deeper) < halfway < max(press_x, deeper)
    assert abs(late - deeper) < abs(halfway - deeper)
    screenshot(page, "figure-relax")

    run(page, 0.3)  # resting: still, in the deeper position
    expect_step(page, rest["id"])
    expect(figure).to_have_attribute("data-pose", "relax")
    expect(figure).to_have_attribute("data-motion", "still")
    run(page, 1)
    assert _knee_x(page) == pytest.approx(deeper, abs=0.05)

    # a symptom check has no figure; the next item's setup shows its own
    check = first(plan, kind="check", item=STRETCH)
    skip_until(page, plan, check["id"])
    expect(page.locator("#step-figure")).to_be_hidden()
    strengthen = first(plan, kind="instruction", phase="strengthen")
    skip_until(page, plan, strengthen["id"])
    expect(_figure(page)).to_have_attribute("data-item", strengthen["item"])
    expect(_figure(page)).to_have_attribute("data-pose", "start")


def test_left_side_mirrored_and_still_poses_with_reduced_motion(
    reduced_left_page: Page, app_url: str
) -> None:
    page = reduced_left_page
    plan = open_player(page, app_url)
    start(page)
    relax = first(plan, kind="relax", item=STRETCH)
    skip_until(page, plan, relax["id"])
    figure = _figure(page)
    expect(figure).to_have_attribute("data-side", "left")
    scene = figure.locator(".figure-scene")
    expect(scene).to_have_attribute("transform", _mirror())
    expect(figure.locator("title")).to_contain_text("left knee")
    expect(figure.locator(".figure-label").last).to_have_attribute("text-anchor", "end")
    expect(page.locator("#step-side")).to_have_text("Left side")
    # no movement: the deeper pose at once, and it stays
    run(page, 0.2)
    assert _knee_x(page) == pytest.approx(_drawn_knee_x("relax"), abs=0.05)
    run(page, 5)
    assert _knee_x(page) == pytest.approx(_drawn_knee_x("relax"), abs=0.05)
    screenshot(page, "figure-left")


def _mirror() -> str:
    from piri.charts.figure import view_box

    figure = active_protocol().exercise(STRETCH).figure
    assert figure is not None
    return view_box(figure).mirror


def test_the_setup_step_links_to_the_how_to_page_and_pauses(
    patient_page: Page, app_url: str
) -> None:
    page = patient_page
    plan = open_player(page, app_url)
    start(page)
    setup = first(plan, kind="instruction", item=STRETCH)
    skip_until(page, plan, setup["id"])
    link = page.get_by_role("link", name="How to do it")
    expect(link).to_have_attribute("href", f"/learn/{STRETCH}/")
    with page.expect_popup() as opened:
        link.click()
    howto = opened.value
    howto.wait_for_load_state()
    expect(howto.get_by_role("heading", level=1)).to_have_text(
        active_protocol().exercise(STRETCH).name
    )
    expect(howto.locator("svg.figure[role=img]").first).to_be_visible()
    expect(page.locator("#paused-flag")).to_be_visible()  # the session waits
    hold = first(plan, kind="hold", item=STRETCH)
    skip_until(page, plan, hold["id"])
    expect(page.get_by_role("link", name="How to do it")).to_be_hidden()  # setup steps only
