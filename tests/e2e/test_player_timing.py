"""Holds keep clock time: late or frozen timers never stretch or shrink a step."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from piri.accounts.models import Patient
from piri.program.models import ExerciseSession
from tests.e2e.player_helpers import (
    countdown,
    end_and_save,
    expect_step,
    first,
    open_player,
    player,
    run,
    skip_until,
    start,
    step_starts,
)

TOLERANCE_MS = 100


def test_hold_ends_on_time_with_late_and_frozen_timers(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    # every setTimeout callback runs 60 ms late
    plan = open_player(page, app_url, timer_delay_ms=60)
    hold = first(plan, kind="hold")
    length_ms = hold["duration_s"] * 1000
    start(page)
    skip_until(page, plan, hold["id"])
    began = step_starts(page)[-1]
    assert began["id"] == hold["id"]

    run(page, 3)
    # the phone freezes for 2.5 s (a blocked main thread, a locked screen): due timers fire
    # once, late, when it wakes
    page.clock.fast_forward(2500)
    run(page, 0.2)
    held_so_far = page.evaluate("performance.now()") - began["at"]
    expect(countdown(page)).to_have_text(str(round((length_ms - held_so_far) / 1000 + 0.5)))
    run(page, (length_ms - held_so_far) / 1000 - 0.15)
    expect_step(page, hold["id"])
    run(page, 0.3)
    expect(player(page)).not_to_have_attribute("data-step-id", hold["id"])

    after = step_starts(page)[-1]
    assert after["id"] != hold["id"]
    late = after["at"] - began["at"] - length_ms
    assert 0 <= late <= TOLERANCE_MS, f"the next step began {late:.0f} ms after the hold's end"

    end_and_save(page)
    result = ExerciseSession.objects.get(patient=e2e_patient).steps.get(step_id=hold["id"])
    assert result.status == "done"
    assert abs(result.seconds * 1000 - length_ms) <= TOLERANCE_MS


def test_hold_keeps_real_time_when_the_main_thread_is_blocked(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    """No fake clock: a real 10 s hold with the page's main thread busy for 1.5 s of it."""
    page = patient_page
    plan = open_player(page, app_url, fake_clock=False)
    hold = first(plan, kind="hold")
    length_ms = hold["duration_s"] * 1000
    start(page)
    skip_until(page, plan, hold["id"])
    began = step_starts(page)[-1]
    page.wait_for_timeout(2000)
    page.evaluate("() => { const t = performance.now(); while (performance.now() - t < 1500) {} }")
    page.wait_for_function(
        "(id) => window.__steps.at(-1).id !== id", arg=hold["id"], timeout=length_ms + 5000
    )
    after = step_starts(page)[-1]
    late = after["at"] - began["at"] - length_ms
    assert 0 <= late <= TOLERANCE_MS, f"the next step began {late:.0f} ms after the hold's end"
    end_and_save(page)
    result = ExerciseSession.objects.get(patient=e2e_patient).steps.get(step_id=hold["id"])
    assert abs(result.seconds * 1000 - length_ms) <= TOLERANCE_MS
