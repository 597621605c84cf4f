"""Never lose a session on reload: carry on, save what was done, or start again."""

from __future__ import annotations

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from piri.accounts.models import Patient
from piri.program.models import CheckAnswer, ExerciseSession
from tests.e2e.player_helpers import (
    answer_check,
    countdown,
    end_and_save,
    expect_step,
    first,
    open_player,
    player,
    reload_player,
    run,
    screenshot,
    skip_until,
    start,
    step_index,
    waiting_reports,
)
from tests.factories.program import make_plan

PROGRESS = "piri.session-in-progress"


def _client_id(page: Page) -> str:
    return str(player(page).get_attribute("data-client-id"))


def _play_a_little(page: Page, app_url: str) -> tuple[dict, dict]:
    """Start, answer the opening check (thigh), skip to the first hold and hold it 3 s."""
    plan = open_player(page, app_url)
    hold = first(plan, kind="hold")
    start(page)
    answer_check(page, "same", "thigh", pain=2)
    skip_until(page, plan, hold["id"])
    run(page, 3)
    return plan, hold


def _stored_progress(page: Page) -> list[str]:
    return list(
        page.evaluate(f"() => Object.keys(localStorage).filter((k) => k.startsWith('{PROGRESS}'))")
    )


def _edit_progress(page: Page, app_url: str, script: str) -> None:
    """Leave the session page (it keeps its progress as it goes), edit the record, come back."""
    page.goto(f"{app_url}/history/")
    [key] = _stored_progress(page)
    page.evaluate(
        f"""(key) => {{ const r = JSON.parse(localStorage.getItem(key)); {script};
                       localStorage.setItem(key, JSON.stringify(r)); }}""",
        key,
    )
    reload_player(page, app_url)


def test_carry_on_resumes_at_the_same_step(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    plan, hold = _play_a_little(page, app_url)
    client_id = _client_id(page)

    reload_player(page)
    offer = page.locator("#resume-offer")
    expect(offer).to_be_visible()
    n = step_index(plan, hold["id"]) + 1
    expect(offer).to_contain_text(f"got to step {n} of {len(plan['steps'])}")
    expect(page.get_by_role("button", name="Start", exact=True)).to_be_hidden()
    expect(page.get_by_role("button", name="Discard it")).to_be_hidden()
    screenshot(page, "resume-offer")
    page.get_by_role("button", name="Carry on where you left off").click()

    expect_step(page, hold["id"])
    expect(countdown(page)).to_have_text(str(round(hold["duration_s"])))  # the step starts again
    assert _client_id(page) == client_id
    run(page, hold["duration_s"])
    expect(player(page)).not_to_have_attribute("data-step-id", hold["id"])
    end_and_save(page)

    session = ExerciseSession.objects.get(patient=e2e_patient)
    assert str(session.client_id) == client_id
    assert session.completed is False
    assert session.steps.get(step_id=hold["id"]).status == "done"
    assert session.steps.get(step_id=plan["steps"][1]["id"]).status == "skipped"
    start_answer = CheckAnswer.objects.get(session=session, step_id="session.check.start")
    assert (start_answer.extent, start_answer.pain) == ("thigh", 2)
    assert _stored_progress(page) == []


def test_save_what_i_did_stores_one_unfinished_session(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    plan, hold = _play_a_little(page, app_url)
    client_id = _client_id(page)

    reload_player(page)
    page.get_by_role("button", name="Save what I did and stop").click()
    expect(page.locator("#screen-done")).to_be_visible()
    expect(page.locator("#save-state")).to_have_text("Saved")

    sessions = list(ExerciseSession.objects.filter(patient=e2e_patient))
    assert len(sessions) == 1
    session = sessions[0]
    assert str(session.client_id) == client_id
    assert session.completed is False
    assert session.end_pain is None
    held = session.steps.get(step_id=hold["id"])
    assert held.status == "skipped"
    assert abs(held.seconds - 3) < 0.1  # kept when the page went away
    later = plan["steps"][step_index(plan, hold["id"]) + 1]["id"]
    assert session.steps.get(step_id=later).status == "not_reached"
    assert CheckAnswer.objects.filter(session=session, step_id="session.check.start").count() == 1

    # nothing left to offer, nothing waiting
    reload_player(page)
    expect(page.locator("#resume-offer")).to_be_hidden()
    expect(page.get_by_role("button", name="Start", exact=True)).to_be_visible()
    assert waiting_reports(page) == []
    assert ExerciseSession.objects.filter(patient=e2e_patient).count() == 1


def test_start_again_saves_nothing_of_the_first(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    plan, _ = _play_a_little(page, app_url)
    first_id = _client_id(page)

    reload_player(page)
    page.get_by_role("button", name="Start again").click()
    expect_step(page, plan["steps"][0]["id"])
    assert _client_id(page) not in ("", "None", first_id)
    second_id = _client_id(page)
    answer_check(page, "less", "none", pain=1)
    end_and_save(page)

    sessions = list(ExerciseSession.objects.filter(patient=e2e_patient))
    assert [str(s.client_id) for s in sessions] == [second_id]
    assert waiting_reports(page) == []


def test_another_plan_or_an_old_session_can_only_be_saved_or_discarded(
    patient_page: Page, app_url: str, e2e_patient: Patient
) -> None:
    page = patient_page
    _play_a_little(page, app_url)
    first_id = _client_id(page)

    # a session of another plan: save or discard, never carry on
    _edit_progress(page, app_url, "r.plan_id = '00000000-0000-4000-8000-000000000000'")
    offer = page.locator("#resume-offer")
    expect(offer).to_contain_text("Your plan has changed since")
    expect(page.get_by_role("button", name="Carry on where you left off")).to_be_hidden()
    expect(page.get_by_role("button", name="Start again")).to_be_hidden()
    expect(page.get_by_role("button", name="Save what I did and stop")).to_be_visible()
    page.get_by_role("button", name="Discard it").click()
    expect(offer).to_be_hidden()
    expect(page.locator("#resume-result")).to_have_text("The unfinished session was discarded.")
    expect(page.get_by_role("button", name="Start", exact=True)).to_be_visible()
    assert _stored_progress(page) == []

    # the same plan, started more than 3 hours ago: save it, then today's session can start
    start(page)
    answer_check(page, "same", "buttock", pain=2)
    run(page, 2)
    second_id = _client_id(page)
    _edit_progress(page, app_url, "r.started_ms -= 4 * 3600 * 1000")
    expect(offer).to_contain_text("too long ago to carry on")
    expect(page.get_by_role("button", name="Carry on where you left off")).to_be_hidden()
    page.get_by_role("button", name="Save what I did and stop").click()
    expect(page.locator("#resume-result")).to_have_text(
        "What you did in your earlier session is saved."
    )
    expect(page.get_by_role("button", name="Start", exact=True)).to_be_visible()
    stored = ExerciseSession.objects.get(patient=e2e_patient)
    assert str(stored.client_id) == second_id != first_id
    assert stored.completed is False


def _render_session_page(patient: Patient, **extra: object) -> str:
    plan = make_plan(patient)
    request = RequestFactory().get("/session/")
    request.user = patient.user
    context = {
        "patient": patient,
        "plan": plan,
        "minutes": 11,
        "api_sessions_url": "/api/v1/sessions",
        **extra,
    }
    return render_to_string("piri/session.html", context, request=request)


def test_plan_changes_are_listed_above_start(e2e_patient: Patient) -> None:
    html = _render_session_page(e2e_patient)
    assert "Your plan changed" not in html
    assert 'data-pain-stop-above="5"' in html
    assert 'data-pain-stop-above="4"' in _render_session_page(e2e_patient, pain_stop_above=4)
    changes_url = reverse("dose-history")
    reason = "Your clamshell hold is now 20 seconds, because it went well three times."
    change = SimpleNamespace(reason=reason, created_at=timezone.now())
    html = _render_session_page(e2e_patient, plan_changes=[change])
    assert "Your plan changed" in html
    assert reason in html
    assert f'href="{changes_url}"' in html
    assert html.index("Your plan changed") < html.index('id="start-button"')
