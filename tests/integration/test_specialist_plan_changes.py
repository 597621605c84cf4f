"""What the patient sees of a clinician's program change, and locks the program keeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from piri.accounts.models import Patient
from piri.program.models import DoseChange
from tests.factories.clinics import CareTeam, make_care_team
from tests.factories.program import editor_post, make_plan
from tests.integration.test_adaptation import session_plan, tolerated_day

pytestmark = pytest.mark.django_db

NOTE = '<script>alert("x")</script> Hold <b>longer</b>'


@pytest.fixture
def team() -> CareTeam:
    return make_care_team(sides="right", baseline_pain=4)


def change(team: CareTeam, **fields: object) -> None:
    url = f"/clinic/patients/{team.patient.pk}/program/"
    response = team.client().post(url, editor_post(team.current, **fields))
    assert response.status_code == 302, response.content.decode()[:2000]


def hold_steps(plan: dict, item: str) -> list[dict]:
    return [s for s in plan["steps"] if s["item"] == item and s["kind"] == "hold"]


def test_the_home_page_says_the_specialist_changed_the_plan_with_the_note_as_text(
    team: CareTeam,
):
    change(team, **{"clamshell_hold.hold_s": "20"}, note=NOTE, why="Ready for more")
    page = team.patient_client().get("/").content.decode()
    assert "Your specialist changed your plan" in page
    assert "Dana Reyes" in page
    assert "<script>alert" not in page and "<b>longer</b>" not in page
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Hold &lt;b&gt;longer&lt;/b&gt;" in page
    )
    assert "Side-lying clamshell hold, hold 15 s → 20 s: Ready for more" in page


def test_got_it_marks_the_note_and_its_changes_seen_and_the_message_goes(team: CareTeam):
    change(team, **{"clamshell_hold.hold_s": "20"}, note="Longer holds now.")
    client = team.patient_client()
    response = client.post("/plan/changes/seen/")
    assert response.status_code == 302 and response["Location"] == "/"
    version = team.patient.prescriptions.get(created_by=team.clinician)
    assert version.note_seen_at is not None
    assert not DoseChange.objects.filter(source="clinician", seen_at__isnull=True).exists()
    assert "Your specialist changed your plan" not in client.get("/").content.decode()


def test_the_message_stays_until_ticked_off_even_after_a_newer_version(db: None):
    team = make_care_team(tools=("foam_roller",))
    change(team, note="Try the roller.")
    client = team.patient_client()
    client.post("/massage/", {"massage_option": "foam_roller"})
    assert team.current.created_by is None  # the patient's own choice is the newest version
    assert "Try the roller." in client.get("/").content.decode()


def test_the_dose_history_page_says_which_specialist_and_why(team: CareTeam):
    change(team, **{"glute_isometric.sets": "5"}, note="See you in May.", why="Stronger now")
    page = team.patient_client().get("/plan/changes/").content.decode()
    assert "your specialist, Dana Reyes" in page
    assert "Knee-pull buttock hold, sets 4 → 5: Stronger now" in page
    assert "Your specialist, Dana Reyes" in page and "See you in May." in page


def test_a_dose_locked_in_the_editor_is_never_raised_by_the_program(team: CareTeam):
    change(team, lock=["clamshell_hold.hold_s", "clamshell_hold.sets"], why="Keep it steady")
    client = team.patient_client()
    plan = make_plan(team.patient)
    now = datetime.now(UTC)
    # the program started before the sessions below (earlier ones are refused)
    Patient.objects.filter(pk=team.patient.pk).update(onboarded_at=now - timedelta(days=4))
    for days in (3, 2, 1):  # comfortable sessions with good mornings: a step up is due
        tolerated_day(client, team.patient, plan, now - timedelta(days=days))
    new_plan = session_plan(client)
    holds = hold_steps(new_plan, "clamshell_hold")
    assert {s["duration_s"] for s in holds} == {15} and len(holds) == 4
    assert not DoseChange.objects.filter(item="clamshell_hold", source="program").exists()
    assert DoseChange.objects.filter(item="glute_isometric", source="program").exists()
    assert "clamshell_hold.hold_s" in team.current.locked


def test_the_patients_own_massage_choice_keeps_the_specialists_locks(db: None):
    team = make_care_team(tools=("foam_roller",))
    change(team, **{"clamshell_hold.hold_s": "20"}, lock=["clamshell_hold.hold_s"])
    team.patient_client().post("/massage/", {"massage_option": "foam_roller"})
    current = team.current
    assert current.massage_option == "foam_roller"
    assert current.locked == ["clamshell_hold.hold_s"]
    assert current.dose_overrides == {"clamshell_hold": {"hold_s": 20}}
