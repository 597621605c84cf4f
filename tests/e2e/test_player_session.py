"""The session player end to end: a whole session on Playwright's clock, stored through the API."""

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
    player,
    run,
    screenshot,
    skip_until,
    spoken,
    start,
    step_id,
    step_index,
)


def _massage_check(plan: dict[str, Any]) -> dict[str, Any]:
    """The mid-massage check: its on_spread branch stops the rest of the massage block."""
    return next(
        s
        for s in plan["steps"]
        if s["kind"] == "check" and s["phase"] == "rest" and (s["on_spread"] or {}).get("stop")
    )


def test_a_whole_session_is_played_spoken_branched_and_stored(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    plan = open_player(page, app_url)
    steps = plan["steps"]
    minutes = round(plan["total_s"] / 60)
    expect(page.locator("#screen-start")).to_contain_text(f"About {minutes} minutes")
    screenshot(page, "start")
    start(page)

    dial_back = _massage_check(plan)
    stopped = {
        s["id"]
        for s in steps[step_index(plan, dial_back["id"]) + 1 :]
        if s["block"] == dial_back["block"]
    }
    first_hold = first(plan, kind="hold")
    expected_speech: list[str] = []
    visited: list[str] = []
    for _ in range(len(steps)):
        step = steps[step_index(plan, step_id(page))]
        visited.append(step["id"])
        expected_speech += [cue["text"] for cue in step["cues"]]
        if step["kind"] == "check":
            if step is steps[0]:
                answer_check(page, "same", "buttock", pain=2)
            elif step["id"] == dial_back["id"]:
                screenshot(page, "check")
                answer_check(page, "more", "below_knee", pain=None)
                expected_speech.append(dial_back["on_spread"]["cue"])
                expect(page.locator("#branch-notice")).to_have_text(dial_back["on_spread"]["cue"])
                screenshot(page, "branch")
            else:
                answer_check(page, "same", "buttock", pain=1 if step["ask_pain"] else None)
        elif step["kind"] == "finish":
            break
        elif step["id"] == first_hold["id"]:
            expect(countdown(page)).to_have_text(str(round(step["duration_s"])))
            expect(page.locator("#step-title")).to_have_text(step["title"])
            expect(page.locator("#step-side")).to_have_text("Right side")
            expect(page.locator("#step-set")).to_contain_text(f"1 of {step['set_count']}")
            screenshot(page, "hold")
            run(page, 5)
            expect(countdown(page)).to_have_text(str(round(step["duration_s"]) - 5))
            run(page, step["duration_s"] - 5)
            expect(player(page)).not_to_have_attribute("data-step-id", step["id"])
        else:
            run(page, step["duration_s"])
            expect(player(page)).not_to_have_attribute("data-step-id", step["id"])

    assert visited[-1] == "session.finish"
    assert not stopped & set(visited), "the stopped steps were played"
    assert spoken(page) == expected_speech

    helped = plan["helped_options"][1]["id"]
    screenshot(page, "finish")
    finish(page, pain=3, helped=helped)
    expect(page.locator("#save-state")).to_have_text("Saved")
    screenshot(page, "done")

    page.get_by_role("link", name="See your history").click()
    expect(page.locator(".session-row")).to_have_count(1)
    expect(page.locator(".session-row")).to_contain_text("finished")

    session = ExerciseSession.objects.get(patient=e2e_patient)
    assert session.completed is True
    assert session.end_pain == 3
    assert session.helped_most == helped
    results = {r.step_id: r for r in StepResult.objects.filter(session=session)}
    assert len(results) == len(steps)
    for step in steps:
        want = "stopped" if step["id"] in stopped else "done"
        assert results[step["id"]].status == want, step["id"]
    hold = results[first_hold["id"]]
    assert abs(hold.seconds - first_hold["duration_s"]) < 0.01
    answers = {a.step_id: a for a in CheckAnswer.objects.filter(session=session)}
    assert answers[dial_back["id"]].action == dial_back["on_spread"]["action"]
    assert answers[dial_back["id"]].change == "more"
    assert answers[dial_back["id"]].extent == "below_knee"
    assert answers[steps[0]["id"]].action == ""
    assert answers[steps[0]["id"]].pain == 2


def test_pause_keeps_the_remaining_time(patient_page: Page, app_url: str) -> None:
    page = patient_page
    plan = open_player(page, app_url)
    hold = first(plan, kind="hold")
    start(page)
    skip_until(page, plan, hold["id"])
    length = round(hold["duration_s"])
    run(page, 3)
    expect(countdown(page)).to_have_text(str(length - 3))
    page.keyboard.press("Space")
    expect(page.locator("#paused-flag")).to_be_visible()
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    run(page, 20)
    expect_step(page, hold["id"])
    expect(countdown(page)).to_have_text(str(length - 3))
    page.get_by_role("button", name="Resume").click()
    expect(page.locator("#paused-flag")).to_be_hidden()
    run(page, length - 3 - 0.5)
    expect_step(page, hold["id"])
    expect(countdown(page)).to_have_text("1")
    run(page, 0.5)
    expect(player(page)).not_to_have_attribute("data-step-id", hold["id"])


def test_skip_back_and_keyboard(patient_page: Page, app_url: str, e2e_patient: Patient) -> None:
    page = patient_page
    plan = open_player(page, app_url)
    ids = [s["id"] for s in plan["steps"]]
    start(page)
    expect_step(page, ids[0])
    # the first step is a check: skipping it records no answer
    page.get_by_role("button", name="Skip").click()
    expect_step(page, ids[1])
    page.get_by_role("button", name="Back").click()
    expect_step(page, ids[0])
    page.keyboard.press("ArrowRight")
    expect_step(page, ids[1])
    run(page, 2)
    page.keyboard.press("ArrowRight")
    expect_step(page, ids[2])
    page.keyboard.press("ArrowLeft")
    expect_step(page, ids[1])
    expect(countdown(page)).to_have_text(str(round(plan["steps"][1]["duration_s"])))
    run(page, 4)
    page.get_by_role("button", name="I’m ready").click()
    expect_step(page, ids[2])

    # End early: the finish questions, then the rest is "not reached".
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    page.get_by_role("button", name="No, keep going").click()
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(page.locator("#paused-flag")).to_be_hidden()
    run(page, 1)
    page.get_by_role("button", name="End session").click()
    page.get_by_role("button", name="Yes, end now").click()
    finish(page, pain=4, helped=None)
    expect(page.locator("#save-state")).to_have_text("Saved")

    session = ExerciseSession.objects.get(patient=e2e_patient)
    assert session.completed is False
    assert session.helped_most == ""
    status = {r.step_id: (r.status, r.seconds) for r in session.steps.all()}
    assert status[ids[0]] == ("skipped", 0)
    assert status[ids[1]] == ("done", 4)
    assert status[ids[2]] == ("skipped", 1)
    assert {status[i][0] for i in ids[3:-1]} == {"not_reached"}
    assert status["session.finish"][0] == "done"
    assert not session.checks.exists()


def _small_targets(page: Page) -> list[str]:
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('#player button, #player a')]
                .filter((el) => el.offsetParent !== null)
                .filter((el) => { const r = el.getBoundingClientRect();
                                  return r.width < 44 || r.height < 44; })
                .map((el) => el.id || el.textContent.trim())"""
        )
    )


def test_touch_targets_are_big_enough(patient_page: Page, app_url: str) -> None:
    page = patient_page
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    plan = open_player(page, app_url)
    assert _small_targets(page) == []
    start(page)
    assert _small_targets(page) == []  # the opening check
    skip_until(page, plan, first(plan, kind="hold")["id"])
    assert _small_targets(page) == []
    for box in page.locator(".control-row button:visible").all():
        assert (box.bounding_box() or {}).get("height", 0) >= 48
    skip_until(page, plan, "session.finish")
    assert _small_targets(page) == []
    # no script errors, nothing blocked by the Content-Security-Policy (404s are the favicon)
    assert [e for e in errors if "404" not in e] == []


def test_pain_above_the_threshold_stops_the_exercise_with_a_notice(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    plan = open_player(page, app_url)
    assert page.locator("#player").get_attribute("data-pain-stop-above") == "5"
    check = first(plan, kind="check", phase="stretch")
    assert check["ask_pain"]
    start(page)
    answer_check(page, "same", "buttock", pain=5)  # the opening check never stops anything
    skip_until(page, plan, check["id"])
    answer_check(page, "same", "buttock", pain=7)
    name = next(o["name"] for o in plan["helped_options"] if o["id"] == check["item"])
    notice = f"Your pain is above 5 out of 10, so {name} stops for today."
    expect(page.locator("#branch-notice")).to_contain_text(notice)
    expect(page.locator("#branch-notice")).to_contain_text("Next time it will be made easier.")
    assert any(text.startswith(notice) for text in spoken(page))
    screenshot(page, "pain-stop")

    # pain 5 (not above the threshold) says nothing
    said = len(spoken(page))
    skip_until(page, plan, first(plan, kind="check", phase="strengthen")["id"])
    answer_check(page, "same", "buttock", pain=5)
    assert not any("pain is above" in text for text in spoken(page)[said:])
    expect(page.locator("#branch-notice")).to_be_hidden()

    page.get_by_role("button", name="End session").click()
    page.get_by_role("button", name="Yes, end now").click()
    finish(page, pain=4, helped=None)
    expect(page.locator("#save-state")).to_have_text("Saved")
    answer = CheckAnswer.objects.get(session__patient=e2e_patient, step_id=check["id"])
    assert answer.pain == 7
