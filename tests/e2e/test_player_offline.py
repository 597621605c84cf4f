"""A session finished offline waits in the outbox and is stored exactly once when back online."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from piri.accounts.models import Patient
from piri.program.models import ExerciseSession
from tests.e2e.player_helpers import (
    OUTBOX,
    finish,
    open_player,
    run,
    screenshot,
    skip_until,
    start,
    waiting_reports,
)


def test_offline_session_is_sent_once_when_back_online(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    plan = open_player(page, app_url)
    start(page)
    run(page, 3)
    page.context.set_offline(True)
    skip_until(page, plan, "session.finish")
    finish(page, pain=2, helped=plan["helped_options"][0]["id"])

    state = page.locator("#save-state")
    expect(state).to_have_text("Offline — will send when you are back online")
    expect(state).to_be_visible()
    screenshot(page, "offline")
    waiting = waiting_reports(page)
    assert len(waiting) == 1
    report = waiting[0]
    assert report["body"]["client_id"] == page.locator("#player").get_attribute("data-client-id")
    assert ExerciseSession.objects.count() == 0

    page.context.set_offline(False)  # the `online` event sends it
    expect(state).to_have_text("Saved")
    assert waiting_reports(page) == []
    assert ExerciseSession.objects.filter(patient=e2e_patient).count() == 1

    # A copy sent again (another tab, a retry after a lost answer) is not counted twice.
    page.evaluate(f"async (r) => (await import('{OUTBOX}')).queueReport(r.body, r.url)", report)
    with page.expect_response("**/api/v1/sessions") as response:
        page.reload()
    assert response.value.status == 200
    expect(page.locator("#player[data-ready=true]")).to_have_count(1)
    page.wait_for_function(
        f"async () => (await (await import('{OUTBOX}')).waitingReports()).length === 0"
    )
    assert ExerciseSession.objects.filter(patient=e2e_patient).count() == 1
    stored = ExerciseSession.objects.get(patient=e2e_patient)
    assert str(stored.client_id) == report["body"]["client_id"]


def test_a_rejected_report_is_kept_aside_and_not_resent(patient_page: Page, app_url: str) -> None:
    page = patient_page
    open_player(page, app_url)
    bad = {
        "client_id": "7d0f3c55-3a57-4e44-9b7e-1f3c1f7c0a11",
        "plan_id": page.locator("#player").get_attribute("data-plan-id"),
        "started_at": "2025-01-01T10:00:00+00:00",
        "ended_at": "2025-01-01T10:20:00+00:00",
        "steps": [{"step_id": "no.such.step", "status": "done", "seconds": 1}],
    }
    outcome = page.evaluate(f"async (r) => (await import('{OUTBOX}')).submitReport(r)", bad)
    assert outcome == "rejected"
    assert waiting_reports(page) == []
    rejected = page.evaluate(f"async () => (await import('{OUTBOX}')).rejectedReports()")
    assert [r["client_id"] for r in rejected] == [bad["client_id"]]
    assert rejected[0]["status"] == 422
    assert ExerciseSession.objects.count() == 0
