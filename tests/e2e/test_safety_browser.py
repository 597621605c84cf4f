"""Safety in a real browser: the emergency screen cannot be left, and spreading symptoms
during an exercise stop it now and leave it out of the next plan, saying why."""

from __future__ import annotations

import json
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from piri.accounts.models import Patient
from piri.program.models import Screening
from tests.e2e.player_helpers import (
    answer_check,
    finish,
    first,
    open_player,
    pick_extent,
    run,
    skip_until,
    start,
)


def test_the_emergency_screen_cannot_be_left(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    Screening.objects.update(created_at=timezone.now() - timedelta(hours=2))
    page.goto(f"{app_url}/")
    page.get_by_role("link", name="Start session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you start")
    groups = page.locator("fieldset").all()
    assert groups, "the E block was not asked"
    for group in groups:
        group.get_by_label("No", exact=True).check()
    groups[0].get_by_label("Not sure", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()

    alarm = page.get_by_role("alert").filter(has_text="Call 999, 112 or 911 now")
    expect(alarm).to_be_visible()
    expect(page.get_by_role("link", name="Today")).to_have_count(0)
    expect(page.get_by_role("button", name="Start session")).to_have_count(0)

    page.go_back()
    expect(page).to_have_url(f"{app_url}/safety/emergency/")
    for path in ("/", "/session/", "/history/", "/plan/changes/", "/safety/check/"):
        page.goto(f"{app_url}{path}")
        expect(page).to_have_url(f"{app_url}/safety/emergency/")
        expect(alarm).to_be_visible()

    assert page.request.get(f"{app_url}/api/v1/sessions").status == 423
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    body = {"sides": "right", "stretch_variant": "figure4_lying", "massage_option": "fingers"}
    response = page.request.post(
        f"{app_url}/api/v1/plans",
        data=json.dumps(body),
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )
    assert response.status == 423


def test_spreading_during_the_clamshell_stops_it_and_the_next_plan_leaves_it_out(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    plan = open_player(page, app_url)
    hold = first(plan, item="clamshell_hold", kind="hold")
    start(page)
    answer_check(page, "same", "thigh", pain=2)
    skip_until(page, plan, hold["id"])
    run(page, 3)
    page.get_by_role("button", name="Tingling worse?").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("#worse-change [data-value=more]").click()
    pick_extent(dialog, "below_knee")
    dialog.get_by_role("button", name="Done").click()
    skip_until(page, plan, "session.finish")
    finish(page, pain=3, helped=None)
    expect(page.locator("#save-state")).to_have_text("Saved")

    page.goto(f"{app_url}/session/")
    changed = page.locator("#screen-start").get_by_role("region", name="Your plan changed")
    expect(changed).to_be_visible()
    expect(changed).to_contain_text("clamshell")
    next_plan = page.evaluate("JSON.parse(document.getElementById('piri-plan').textContent)")
    assert not [s for s in next_plan["steps"] if s["item"] == "clamshell_hold"]
    assert [s for s in next_plan["steps"] if s["item"] == "glute_isometric"]
