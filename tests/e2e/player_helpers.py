"""Driving the session player in tests: stubbed speech, Playwright's clock, answering checks."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

# Headless Chromium has no voices: record what would be said instead, and every step change
# (the player fires a `piri:step` event with the performance.now() time it began).
SPEECH_STUB = """
(() => {
  window.__spoken = [];
  window.__spokenAt = [];
  window.__cancels = 0;
  window.__steps = [];
  if (window.speechSynthesis) {
    window.speechSynthesis.speak = (utterance) => {
      window.__spoken.push(utterance.text);
      window.__spokenAt.push(performance.now());
    };
    window.speechSynthesis.cancel = () => { window.__cancels += 1; };
  }
  document.addEventListener('piri:step', (event) => window.__steps.push(event.detail));
})();
"""

# Every timer callback runs late, as on a busy or throttled phone.
LATE_TIMERS = """
(() => {
  const original = window.setTimeout;
  window.setTimeout = (fn, ms, ...args) => original(fn, (ms || 0) + %d, ...args);
})();
"""

OUTBOX = "/static/piri/outbox.js"
# pause_at cannot go back in time: pause a little ahead of "now", even on a busy machine
PAUSE_AHEAD_S = 0.5


def open_player(
    page: Page, app_url: str, *, fake_clock: bool = True, timer_delay_ms: int = 0
) -> dict[str, Any]:
    """Open the session page with speech stubbed (and, by default, a paused fake clock).

    Returns the plan the page received.
    """
    page.add_init_script(SPEECH_STUB)
    if fake_clock:
        page.clock.install()
    if timer_delay_ms:
        page.add_init_script(LATE_TIMERS % timer_delay_ms)
    page.goto(f"{app_url}/session/")
    answer_safety_questions(page)
    expect(page.locator("#player[data-ready=true]")).to_have_count(1)
    if fake_clock:
        # pause_at takes seconds since the epoch when given a number
        page.clock.pause_at(page.evaluate("Date.now()") / 1000 + PAUSE_AHEAD_S)
    plan: dict[str, Any] = page.evaluate(
        "JSON.parse(document.getElementById('piri-plan').textContent)"
    )
    return plan


def answer_safety_questions(page: Page) -> None:
    """When the session page first asks the red-flag questions, answer "No" to each of them."""
    if "/safety/check" not in page.url:
        return
    for radio in page.locator("form.screening input[type=radio][value=no]").all():
        radio.check()
    page.locator("form.screening [type=submit]").click()
    page.wait_for_url("**/session/")


def reload_player(page: Page, app_url: str | None = None) -> None:
    """Reload the session page, or open it again from another page when given ``app_url``.

    The fake clock stays installed and is paused again.
    """
    if app_url is None:
        page.reload()
    else:
        page.goto(f"{app_url}/session/")
    answer_safety_questions(page)
    expect(page.locator("#player[data-ready=true]")).to_have_count(1)
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + PAUSE_AHEAD_S)


def player(page: Page) -> Any:
    return page.locator("#player")


def step_id(page: Page) -> str:
    return str(player(page).get_attribute("data-step-id"))


def expect_step(page: Page, step: str) -> None:
    expect(player(page)).to_have_attribute("data-step-id", step)


def run(page: Page, seconds: float) -> None:
    page.clock.run_for(round(seconds * 1000))


def start(page: Page) -> None:
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.locator("#screen-start")).to_be_hidden()


def skip_until(page: Page, plan: dict[str, Any], target: str) -> None:
    """Press the right arrow until the player is at step ``target``."""
    ids = [s["id"] for s in plan["steps"]]
    for _ in range(len(ids)):
        if step_id(page) == target:
            return
        before = step_id(page)
        page.keyboard.press("ArrowRight")
        expect(player(page)).not_to_have_attribute("data-step-id", before)
    expect_step(page, target)


# The body picture's regions are named "<region>, <left|right> leg" (templates/piri/bodymap.html).
REGION_NAMES = {
    "buttock": "Buttock",
    "thigh": "Back of thigh",
    "below_knee": "Below the knee",
    "foot": "Foot",
}


def region_name(extent: str, leg: str = "right") -> str:
    return f"{REGION_NAMES[extent]}, {leg} leg"


def pick_extent(scope: Any, extent: str, leg: str = "right") -> None:
    """Tap a region of the body picture inside ``scope`` (or "None at all")."""
    if extent == "none":
        scope.get_by_role("button", name="None at all", exact=True).click()
    else:
        scope.get_by_role("button", name=region_name(extent, leg), exact=True).click()


def answer_check(
    page: Page, change: str, extent: str, pain: int | None = None, leg: str = "right"
) -> None:
    screen = page.locator("#screen-check")
    expect(screen).to_be_visible()
    if screen.locator("#check-change").is_visible():  # the opening check is a baseline: no change
        screen.locator(f"#check-change [data-value={change}]").click()
    pick_extent(screen, extent, leg)
    if pain is not None:
        screen.locator(f"#check-pain [data-value='{pain}']").click()
    before = step_id(page)
    screen.get_by_role("button", name="Next").click()
    expect(player(page)).not_to_have_attribute("data-step-id", before)


def finish(page: Page, pain: int, helped: str | None) -> None:
    screen = page.locator("#screen-finish")
    expect(screen).to_be_visible()
    screen.locator(f"#finish-pain [data-value='{pain}']").click()
    if helped is not None:
        screen.locator(f"#finish-helped [data-value='{helped}']").click()
    screen.get_by_role("button", name="Save session").click()
    expect(page.locator("#screen-done")).to_be_visible()


def end_and_save(page: Page) -> None:
    """End the session early ("End session", "Yes, end now"), finish it, and wait until saved."""
    page.get_by_role("button", name="End session").click()
    page.get_by_role("button", name="Yes, end now").click()
    finish(page, pain=1, helped=None)
    expect(page.locator("#save-state")).to_have_text("Saved")


def spoken(page: Page) -> list[str]:
    return list(page.evaluate("window.__spoken"))


def step_starts(page: Page) -> list[dict[str, Any]]:
    return list(page.evaluate("window.__steps"))


def countdown(page: Page) -> Any:
    return page.locator("#countdown")


def waiting_reports(page: Page) -> list[dict[str, Any]]:
    return list(page.evaluate(f"async () => (await import('{OUTBOX}')).waitingReports()"))


def step_index(plan: dict[str, Any], step: str) -> int:
    return next(i for i, s in enumerate(plan["steps"]) if s["id"] == step)


def first(plan: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """The first step whose fields match, e.g. ``first(plan, kind="hold")``."""
    return next(s for s in plan["steps"] if all(s.get(k) == v for k, v in fields.items()))


def screenshot(page: Page, name: str) -> None:
    page.screenshot(path=f"/tmp/piri-player-{name}.png")
