"""The "Tingling worse?" button: a quick check at any moment of a block, judged like its check."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from piri.accounts.models import Patient
from piri.program.models import CheckAnswer, ExerciseSession, StepResult
from tests.e2e.player_helpers import (
    answer_check,
    countdown,
    expect_step,
    finish,
    first,
    open_player,
    pick_extent,
    player,
    run,
    screenshot,
    skip_until,
    spoken,
    start,
    step_index,
)


def _block_check(plan: dict[str, Any], block: str) -> dict[str, Any]:
    return [s for s in plan["steps"] if s["block"] == block and s["kind"] == "check"][-1]


def _start_with_baseline(page: Page, plan: dict[str, Any], extent: str = "thigh") -> None:
    start(page)
    answer_check(page, "same", extent, pain=2)


def _ask(page: Page, change: str, extent: str, shot: str = "") -> None:
    page.get_by_role("button", name="Tingling worse?").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    if shot:
        screenshot(page, shot)
    dialog.locator(f"#worse-change [data-value={change}]").click()
    pick_extent(dialog, extent)


def _done(page: Page) -> None:
    page.get_by_role("dialog").get_by_role("button", name="Done").click()
    expect(page.locator("#worse-dialog")).not_to_be_visible()


def test_more_below_the_knee_stops_the_clamshell_now(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    plan = open_player(page, app_url)
    steps = plan["steps"]
    hold = first(plan, item="clamshell_hold", kind="hold")
    check = _block_check(plan, hold["block"])
    _start_with_baseline(page, plan, "thigh")
    skip_until(page, plan, hold["id"])
    run(page, 4)
    expect(page.get_by_role("button", name="Tingling worse?")).to_be_visible()

    _ask(page, "more", "below_knee", shot="worse-dialog")
    expect(page.locator("#paused-flag")).to_be_visible()  # the timer waits while answering
    expect(page.get_by_role("dialog").locator(".bodymap-side")).to_contain_text("right leg")
    screenshot(page, "worse-dialog-answered")
    _done(page)

    # the rest of the clamshell is skipped: the session goes on with what follows the block
    after = next(s for s in steps[step_index(plan, hold["id"]) :] if s["block"] != hold["block"])
    expect_step(page, after["id"])
    cue = check["on_spread"]["cue"]
    assert cue in spoken(page)
    notice = page.locator("#finish-notice" if after["kind"] == "finish" else "#branch-notice")
    expect(notice).to_have_text(cue)
    screenshot(page, "worse-stopped")

    finish(page, pain=2, helped=None)
    expect(page.locator("#save-state")).to_have_text("Saved")
    session = ExerciseSession.objects.get(patient=e2e_patient)
    assert session.completed is True
    status = {r.step_id: r for r in StepResult.objects.filter(session=session)}
    assert status[hold["id"]].status == "stopped"
    assert abs(status[hold["id"]].seconds - 4) < 0.05
    rest = [s for s in steps[step_index(plan, hold["id"]) + 1 :] if s["block"] == hold["block"]]
    assert rest and {status[s["id"]].status for s in rest} == {"stopped"}
    answers = list(CheckAnswer.objects.filter(session=session, step_id=check["id"]))
    assert len(answers) == 1
    assert (answers[0].change, answers[0].extent) == ("more", "below_knee")
    assert answers[0].action == "stop_block"
    assert answers[0].pain is None


def test_same_resumes_the_hold_with_its_time_intact(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    plan = open_player(page, app_url)
    hold = first(plan, item="clamshell_hold", kind="hold")
    check = _block_check(plan, hold["block"])
    length = round(hold["duration_s"])
    _start_with_baseline(page, plan, "thigh")
    skip_until(page, plan, hold["id"])
    run(page, 5)
    expect(countdown(page)).to_have_text(str(length - 5))

    _ask(page, "same", "thigh")
    run(page, 30)  # answering takes a while: the hold does not count it
    expect_step(page, hold["id"])
    expect(countdown(page)).to_have_text(str(length - 5))
    _done(page)
    expect(page.locator("#paused-flag")).to_be_hidden()
    expect(page.locator("#branch-notice")).to_be_hidden()
    run(page, length - 5 - 0.5)
    expect_step(page, hold["id"])
    expect(countdown(page)).to_have_text("1")
    run(page, 0.5)
    expect(player(page)).not_to_have_attribute("data-step-id", hold["id"])

    # "Back to the exercise" without answering: nothing recorded, the timer runs again
    _ask(page, "more", "foot")
    page.get_by_role("button", name="Back to the exercise").click()
    expect(page.locator("#worse-dialog")).not_to_be_visible()
    expect(page.locator("#paused-flag")).to_be_hidden()

    page.get_by_role("button", name="End session").click()
    page.get_by_role("button", name="Yes, end now").click()
    finish(page, pain=1, helped=None)
    expect(page.locator("#save-state")).to_have_text("Saved")
    session = ExerciseSession.objects.get(patient=e2e_patient)
    assert session.steps.get(step_id=hold["id"]).status == "done"
    answers = list(CheckAnswer.objects.filter(session=session, step_id=check["id"]))
    assert [(a.change, a.extent, a.action) for a in answers] == [("same", "thigh", "")]


def test_worse_during_a_stretch_eases_without_stopping(patient_page: Page, app_url: str) -> None:
    """A branch that does not stop (stretch: reduce_range) is said and shown; the hold goes on."""
    page = patient_page
    plan = open_player(page, app_url)
    hold = first(plan, phase="stretch", kind="hold")
    check = _block_check(plan, hold["block"])
    assert not (check["on_worse"] or {}).get("stop")
    _start_with_baseline(page, plan, "thigh")
    skip_until(page, plan, hold["id"])
    run(page, 2)
    _ask(page, "more", "thigh")
    _done(page)
    expect_step(page, hold["id"])
    expect(page.locator("#branch-notice")).to_have_text(check["on_worse"]["cue"])
    assert spoken(page)[-1] == check["on_worse"]["cue"]
    expect(countdown(page)).to_have_text(str(round(hold["duration_s"]) - 2))
    expect(page.locator("#paused-flag")).to_be_hidden()


def test_no_worse_button_outside_exercises(patient_page: Page, app_url: str) -> None:
    page = patient_page
    plan = open_player(page, app_url)
    start(page)
    expect(page.get_by_role("button", name="Tingling worse?")).to_be_hidden()  # a check
    skip_until(page, plan, plan["steps"][1]["id"])  # the first massage's setup: it has checks
    expect(page.get_by_role("button", name="Tingling worse?")).to_be_visible()
