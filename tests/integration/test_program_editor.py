"""The clinician's program editor (/clinic/patients/<id>/program/): versions, dose changes,
locks, validation, access and the audit log."""

from __future__ import annotations

import dataclasses

import pytest

from piri.accounts.models import AuditEvent
from piri.clinic.program_form import editor_form, state_of
from piri.program.models import DoseChange, Prescription
from piri.program.services.protocol import active_policy, active_protocol
from tests.factories.clinics import CareTeam, make_care_team
from tests.factories.program import editor_post

pytestmark = pytest.mark.django_db


def url(team: CareTeam) -> str:
    return f"/clinic/patients/{team.patient.pk}/program/"


@pytest.fixture
def team() -> CareTeam:
    return make_care_team(sides="right")


def counts(team: CareTeam) -> tuple[int, int]:
    return (
        Prescription.objects.filter(patient=team.patient).count(),
        DoseChange.objects.filter(patient=team.patient).count(),
    )


def test_the_editor_shows_every_item_with_its_dose_limits_and_locks(team: CareTeam):
    response = team.client().get(url(team))
    assert response.status_code == 200
    page = response.content.decode()
    limits = active_policy().progression.limits
    for name in ("Side-lying clamshell hold", "Knee-pull buttock hold", "Finger massage"):
        assert name in page
    assert 'name="clamshell_hold.hold_s" value="15"' in page
    assert f'max="{limits.hold_cap_s.value}"' in page
    assert f'max="{limits.contract_cap_s.value}"' in page  # the contract-relax press
    assert 'name="lock" value="clamshell_hold.hold_s"' in page
    assert 'name="why"' in page and 'name="note"' in page
    event = AuditEvent.objects.get(patient=team.patient)
    assert (event.action, event.what, event.actor) == ("read", "program editor", team.clinician)


def test_a_change_is_a_new_version_with_who_why_note_locks_and_one_row_per_field(
    team: CareTeam,
):
    before = team.current
    data = editor_post(
        before,
        **{"clamshell_hold.hold_s": "20", "glute_isometric.sets": "5"},
        lock=["clamshell_hold.hold_s"],
        note="Hold the clamshell a little longer.",
        why="Strong enough for longer holds",
    )
    response = team.client().post(url(team), data)
    assert response.status_code == 302
    assert response["Location"] == f"/clinic/patients/{team.patient.pk}/"
    new = team.current
    assert new.pk != before.pk
    assert new.created_by == team.clinician
    assert new.reason == "Strong enough for longer holds"
    assert new.note == "Hold the clamshell a little longer."
    assert new.locked == ["clamshell_hold.hold_s"]
    assert new.dose_overrides == {"clamshell_hold": {"hold_s": 20}, "glute_isometric": {"sets": 5}}
    rows = {(c.item, c.field): c for c in DoseChange.objects.filter(prescription=new)}
    assert set(rows) == {
        ("clamshell_hold", "hold_s"),
        ("glute_isometric", "sets"),
        ("clamshell_hold", "lock.hold_s"),
    }
    hold = rows[("clamshell_hold", "hold_s")]
    assert (hold.old, hold.new, hold.source) == ("15", "20", "clinician")
    assert "15 s → 20 s" in hold.reason and "Strong enough for longer holds" in hold.reason
    event = AuditEvent.objects.filter(patient=team.patient, action="change").get()
    assert event.what == "program editor" and event.actor == team.clinician


def test_saving_without_a_change_stores_nothing_and_says_so(team: CareTeam):
    before = counts(team)
    response = team.client().post(url(team), editor_post(team.current), follow=True)
    assert response.status_code == 200
    assert "Nothing changed" in response.content.decode()
    assert counts(team) == before


def test_a_note_alone_is_a_new_version_for_the_patient(team: CareTeam):
    team.client().post(url(team), editor_post(team.current, note="Keep going as you are."))
    assert team.current.note == "Keep going as you are."
    assert not team.current.dose_changes.exists()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("clamshell_hold.hold_s", "45", "Side-lying clamshell hold, hold (seconds): 45 is outside"),
        ("glute_isometric.sets", "0", "Knee-pull buttock hold, sets: 0 is outside"),
        ("figure4_lying.hold_s", "15", "press (seconds): 15 is outside the limits: 5 to 10"),
        ("clamshell_hold.sets", "four", "clamshell hold, sets: enter a whole number"),
    ],
)
def test_a_dose_outside_the_limits_is_a_400_naming_the_field(
    team: CareTeam, field: str, value: str, words: str
):
    before = counts(team)
    response = team.client().post(url(team), editor_post(team.current, **{field: value}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert words.lower() in page.lower()
    assert counts(team) == before


def test_an_unknown_exercise_is_a_400_naming_it(team: CareTeam):
    before = counts(team)
    client = team.client()
    response = client.post(url(team), editor_post(team.current, **{"hamstring.sets": "3"}))
    assert response.status_code == 400
    assert "hamstring is not an exercise of this program" in response.content.decode()
    on = [*editor_post(team.current)["on"], "hamstring"]
    response = client.post(url(team), editor_post(team.current, on=on))
    assert response.status_code == 400
    assert "hamstring is not an exercise or massage option" in response.content.decode()
    assert counts(team) == before


def test_a_missing_why_is_a_400(team: CareTeam):
    before = counts(team)
    data = editor_post(team.current, **{"clamshell_hold.hold_s": "20"}, why="  ")
    response = team.client().post(url(team), data)
    assert response.status_code == 400
    assert "Why: say why you are changing the program" in response.content.decode()
    assert counts(team) == before


def test_a_form_opened_on_an_older_version_is_a_409_and_changes_nothing(team: CareTeam):
    data = editor_post(team.current, **{"clamshell_hold.hold_s": "20"})
    client = team.client()
    client.post(url(team), editor_post(team.current, note="A first change."))
    before = counts(team)
    response = client.post(url(team), data)
    assert response.status_code == 409
    assert "changed after you opened this page" in response.content.decode()
    assert counts(team) == before


def test_a_form_without_its_version_is_a_400(team: CareTeam):
    before = counts(team)
    data = editor_post(team.current, **{"clamshell_hold.hold_s": "20"}, based_on="")
    response = team.client().post(url(team), data)
    assert response.status_code == 400
    assert "Version: the form does not say which version it was opened on" in (
        response.content.decode()
    )
    assert counts(team) == before


def test_switching_an_exercise_off_leaves_it_out_of_the_next_session(team: CareTeam):
    on = [i for i in editor_post(team.current)["on"] if i != "clamshell_hold"]
    team.client().post(url(team), editor_post(team.current, on=on, why="Irritates the hip"))
    assert "clamshell_hold" in team.current.excluded
    change = DoseChange.objects.get(item="clamshell_hold", field="included")
    assert (change.old, change.new) == ("on", "off")
    plan = team.patient_client().get("/session/").context["plan"].body
    assert "clamshell_hold" not in {s["item"] for s in plan["steps"]}


def test_the_massage_in_use_must_stay_switched_on(team: CareTeam):
    current = team.current.massage_option
    on = [i for i in editor_post(team.current)["on"] if i != current]
    response = team.client().post(url(team), editor_post(team.current, on=on))
    assert response.status_code == 400
    assert "Massage in use now: the massage the patient does now must be switched on" in (
        response.content.decode()
    )


def test_a_massage_switched_off_is_no_longer_offered_to_the_patient(db: None):
    team = make_care_team(tools=("foam_roller",))
    on = [i for i in editor_post(team.current)["on"] if i != "foam_roller"]
    team.client().post(url(team), editor_post(team.current, on=on, why="Too strong for now"))
    home = team.patient_client().get("/")
    offered = [o.id for o in home.context["massage_choices"]]
    assert "foam_roller" not in offered and "fingers" in offered
    response = team.patient_client().post("/massage/", {"massage_option": "foam_roller"})
    assert response.status_code == 302
    assert team.current.massage_option == "fingers"


def test_choosing_the_stretch_variant_and_keeping_it(team: CareTeam):
    data = editor_post(team.current, stretch_variant="figure4_chair", lock_variant="on")
    team.client().post(url(team), data)
    current = team.current
    assert current.stretch_variant == "figure4_chair"
    assert "figure4_chair.variant" in current.locked
    change = DoseChange.objects.get(field="variant")
    assert (change.item, change.old, change.new) == (
        "figure4_lying",
        "figure4_lying",
        "figure4_chair",
    )


def test_the_version_history_says_who_when_and_why(team: CareTeam):
    client = team.client()
    client.post(url(team), editor_post(team.current, note="x", why="After the phone call"))
    page = client.get(url(team)).content.decode()
    assert "Dana Reyes" in page and "After the phone call" in page
    assert "the patient" in page  # the onboarding version


LOCK_ROWS = [
    ("a hold lock: the sets still adapt", "clamshell_hold", {"hold_s"}, False,
     "Hold locked; the sets still adapt."),
    ("a sets lock: the hold still adapts", "clamshell_hold", {"sets"}, False,
     "Sets locked; the hold still adapts."),
    ("both locked: the dose stays", "glute_isometric", {"sets", "hold_s"}, False,
     "Sets and hold locked: the program does not change this dose."),
    ("no lock: nothing to say", "clamshell_hold", set(), False, ""),
    ("a press lock: the rounds still adapt, and the stretch may switch", "figure4_lying",
     {"hold_s"}, False,
     "Press locked; the rounds still adapt. It may still switch to the easier stretch."),
    ("a rounds lock on a kept stretch: nothing moves", "figure4_lying", {"sets"}, True,
     "Rounds locked: the program does not change this dose."),
    ("the chair stretch has no easier one", "figure4_chair", {"sets", "hold_s"}, False,
     "Rounds and press locked: the program does not change this dose."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("item", "fields", "keep_stretch", "words"),
    [r[1:] for r in LOCK_ROWS],
    ids=[f"spec §4 a clinician can lock any dose: {r[0]}" for r in LOCK_ROWS],
)
def test_each_row_says_what_its_locks_keep_and_what_still_adapts(
    team: CareTeam, item: str, fields: set[str], keep_stretch: bool, words: str
):
    state = dataclasses.replace(
        state_of(team.current, active_protocol()),
        locks=frozenset(f"{item}.{f}" for f in fields),
        lock_variant=keep_stretch,
    )
    form = editor_form(state, protocol=active_protocol(), policy=active_policy())
    assert {row.id: row.lock_note for row in form.exercises}[item] == words


def test_the_editor_shows_that_a_locked_hold_leaves_the_sets_adapting(team: CareTeam):
    team.client().post(url(team), editor_post(team.current, lock=["clamshell_hold.hold_s"]))
    page = team.client().get(url(team)).content.decode()
    assert '<p class="help lock-note">Hold locked; the sets still adapt.</p>' in page
    assert page.count('class="help lock-note"') == 1
