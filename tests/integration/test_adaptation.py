"""The dosing rules applied to what patients record, through the app (spec §3-§4)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from django.test import Client
from django.utils import timezone

from piri.accounts.models import Patient
from piri.domain.triage import Screening as Kind
from piri.program.models import CheckIn, DoseChange
from piri.program.services.adaptation import todays_plan
from piri.program.services.history import local_today
from piri.program.services.onboarding import change_massage
from piri.program.services.protocol import active_policy, active_protocol
from tests.factories.people import make_patient, signed_in
from tests.factories.program import make_plan, screen, session_payload


def joined_days_ago(days: int) -> Patient:
    """A patient whose program started ``days`` ago (sessions before it are refused), who has
    answered the safety questions just now."""
    started = datetime.now(UTC) - timedelta(days=days)
    patient = make_patient(sides="right", baseline_pain=4, now=started)
    screen(patient, kind=Kind.ONBOARDING)
    return patient


def post_session(client: Client, body: dict) -> None:
    response = client.post("/api/v1/sessions", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content


def with_check(plan: dict, body: dict, block: str, **answer: object) -> dict:
    """Replace the answer to ``block``'s last check (the one after the exercise)."""
    check_id = [s["id"] for s in plan["steps"] if s["block"] == block and s["kind"] == "check"][-1]
    for check in body["checks"]:
        if check["step_id"] == check_id:
            check.update(answer)
    return body


def session_plan(client: Client) -> dict:
    response = client.get("/session/")
    assert response.status_code == 200
    return response.context["plan"].body


def items(plan: dict) -> set[str]:
    return {s["item"] for s in plan["steps"] if s["item"]}


def test_spreading_at_the_clamshell_leaves_it_out_next_time_with_the_reason(db):
    patient = make_patient(sides="right")
    client = signed_in(patient.user)
    plan = make_plan(patient)
    body = session_payload(plan, started_at=datetime.now(UTC) - timedelta(hours=2))
    with_check(plan.body, body, "clamshell_hold.right", change="more", extent="below_knee")
    post_session(client, body)

    next_plan = session_plan(client)
    assert "clamshell_hold" not in items(next_plan)
    assert "glute_isometric" in items(next_plan)
    reasons = " ".join(c["reason"] for c in client.get("/session/").context["plan_changes"])
    assert "clamshell" in reasons.lower()


def tolerated_day(client: Client, patient, plan, day: datetime) -> None:
    post_session(client, session_payload(plan, started_at=day))
    CheckIn.objects.update_or_create(
        patient=patient,
        day=(day + timedelta(days=1)).astimezone(patient.zone).date(),
        defaults={"next_morning": 3, "new_stiffness": False},
    )


def test_two_comfortable_sessions_step_the_clamshell_hold_up_and_say_why(db):
    patient = joined_days_ago(4)
    client = signed_in(patient.user)
    plan = todays_plan(
        patient, protocol=active_protocol(), policy=active_policy(), now=timezone.now()
    ).plan
    now = datetime.now(UTC)
    tolerated_day(client, patient, plan, now - timedelta(days=3))
    tolerated_day(client, patient, plan, now - timedelta(days=2))
    tolerated_day(client, patient, plan, now - timedelta(days=1))

    new_plan = session_plan(client)
    holds = [
        s["duration_s"]
        for s in new_plan["steps"]
        if s["item"] == "clamshell_hold" and s["kind"] == "hold"
    ]
    assert set(holds) == {20}
    change = DoseChange.objects.get(patient=patient, item="clamshell_hold")
    assert (change.old, change.new) == ("15", "20")
    assert "15" in change.reason and "20" in change.reason
    page = client.get("/plan/changes/").content.decode()
    assert change.reason in page


def test_running_the_rules_again_changes_nothing_more(db):
    patient = joined_days_ago(4)
    client = signed_in(patient.user)
    plan = make_plan(patient)
    now = datetime.now(UTC)
    for days in (3, 2, 1):
        tolerated_day(client, patient, plan, now - timedelta(days=days))
    client.get("/session/")
    count = DoseChange.objects.count()
    client.get("/session/")
    client.get("/")
    assert DoseChange.objects.count() == count


def test_a_clinician_locked_dose_never_changes(db):
    patient = joined_days_ago(4)
    prescription = patient.prescriptions.get()
    prescription.locked = ["clamshell_hold.hold_s", "clamshell_hold.sets"]
    prescription.save()
    client = signed_in(patient.user)
    plan = make_plan(patient)
    now = datetime.now(UTC)
    for days in (3, 2, 1):
        tolerated_day(client, patient, plan, now - timedelta(days=days))
    new_plan = session_plan(client)
    holds = [s for s in new_plan["steps"] if s["item"] == "clamshell_hold" and s["kind"] == "hold"]
    assert {s["duration_s"] for s in holds} == {15} and len(holds) == 4
    assert not DoseChange.objects.filter(item="clamshell_hold").exists()


def test_missing_morning_answers_never_progress(db):
    patient = joined_days_ago(4)
    client = signed_in(patient.user)
    plan = make_plan(patient)
    now = datetime.now(UTC)
    for days in (3, 2, 1):
        post_session(client, session_payload(plan, started_at=now - timedelta(days=days)))
    client.get("/session/")
    assert not DoseChange.objects.exists()


def holds(plan: dict, item: str) -> list[int]:
    return [s["duration_s"] for s in plan["steps"] if s["item"] == item and s["kind"] == "hold"]


def test_pain_above_5_at_an_eased_dose_stores_a_standing_dose_below_it(db):
    patient = make_patient(sides="right", baseline_pain=4)
    client = Client()
    client.force_login(patient.user)
    now = datetime.now(UTC)
    CheckIn.objects.create(patient=patient, day=local_today(patient, now=now), next_morning=7)
    rules = {"protocol": active_protocol(), "policy": active_policy()}
    eased = todays_plan(patient, now=now, **rules).plan  # clamshell 4 x 15 s eased to 4 x 10 s
    assert set(holds(eased.body, "clamshell_hold")) == {10}
    body = session_payload(eased, started_at=now - timedelta(minutes=30))
    post_session(client, with_check(eased.body, body, "clamshell_hold.right", pain=7))

    todays_plan(patient, now=now, **rules)
    change = DoseChange.objects.get(patient=patient, item="clamshell_hold")
    assert (change.field, change.old, change.new) == ("hold_s", "15", "5")
    assert change.reason.endswith("the pain got too strong last time")
    assert patient.prescriptions.order_by("-id").first().dose_overrides == {
        "clamshell_hold": {"hold_s": 5}
    }
    after = todays_plan(patient, now=now + timedelta(days=2), **rules).plan  # easing over
    assert set(holds(after.body, "clamshell_hold")) == {5}
    # running again: nothing more (the easing is kept once, as a next-session change)
    assert DoseChange.objects.filter(patient=patient, kind="standing").count() == 1
    [eased_row] = DoseChange.objects.filter(patient=patient, kind="next_session")
    assert eased_row.field == "easing" and eased_row.reason.startswith("Your pain was up")


def test_after_the_crossed_foam_roller_spreads_the_next_plan_has_the_finger_massage(db):
    patient = make_patient(sides="right", baseline_pain=4, tools=("foam_roller",))
    protocol = active_protocol()
    change_massage(
        patient,
        patient.prescriptions.get(),
        protocol=protocol,
        option_id="foam_roller_crossed",
    )
    client = Client()
    client.force_login(patient.user)
    plan = make_plan(patient)
    body = session_payload(plan, started_at=datetime.now(UTC) - timedelta(hours=1))
    block = "foam_roller_crossed.right"
    post_session(client, with_check(plan.body, body, block, change="more", extent="below_knee"))

    next_plan = session_plan(client)
    assert "fingers" in items(next_plan)
    assert not {"foam_roller", "foam_roller_crossed"} & items(next_plan)
    assert patient.prescriptions.order_by("-id").first().massage_option == "foam_roller"


def test_after_the_lying_stretch_spreads_the_next_plan_has_no_stretch(db):
    patient = make_patient(sides="right", baseline_pain=4)
    client = Client()
    client.force_login(patient.user)
    plan = make_plan(patient)
    body = session_payload(plan, started_at=datetime.now(UTC) - timedelta(hours=1))
    block = "figure4_lying.right"
    post_session(client, with_check(plan.body, body, block, change="more", extent="below_knee"))

    next_plan = session_plan(client)
    assert not {"figure4_lying", "figure4_chair"} & items(next_plan)
    assert patient.prescriptions.order_by("-id").first().stretch_variant == "figure4_chair"
