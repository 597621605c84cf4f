"""Red-flag screening through the app: tiers, locks that only a review lifts, append-only."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from piri.domain.triage import Screening as Kind
from piri.program.models import ClinicalReview, ExerciseSession, Screening
from piri.program.services.protocol import active_policy
from piri.program.services.screening import record_review, safety_state
from tests.factories.people import make_patient, make_user, signed_in
from tests.factories.program import make_plan, screen, session_payload


def test_a_new_patient_answers_the_full_set_before_anything_else(db):
    patient = make_patient(screened=False)
    response = signed_in(patient.user).get("/")
    assert response["Location"] == "/safety/check/?kind=onboarding"
    form = signed_in(patient.user).get(response["Location"]).context["form"]
    blocks = {active_policy().triage.question(q).block for q in form.fields}
    assert blocks == {"E", "U", "D"}


def test_the_e_block_is_asked_before_a_session(db):
    patient = make_patient(screened=False)
    screen(patient, kind=Kind.ONBOARDING)
    Screening.objects.update(created_at="2026-01-01T00:00:00Z")  # long ago
    client = signed_in(patient.user)
    response = client.get("/session/")
    assert response.status_code == 302 and response["Location"].startswith("/safety/check/")
    form = client.get(response["Location"]).context["form"]
    assert {active_policy().triage.question(q).block for q in form.fields} == {"E", "U", "D"}


def test_a_fresh_screening_covers_the_session(patient_client):
    assert patient_client.get("/session/").status_code == 200


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_an_emergency_answer_locks_every_page_and_the_api(patient, patient_client, answer):
    questions = patient_client.get("/safety/check/?kind=before_session").context["form"].fields
    answers = {q: "no" for q in questions}
    answers["E2"] = answer
    response = patient_client.post("/safety/check/", {"kind": "before_session", **answers})
    assert response["Location"] == "/safety/emergency/"
    for url in ("/", "/session/", "/history/", "/learn/", "/onboarding/", "/safety/history/"):
        assert patient_client.get(url)["Location"] == "/safety/emergency/", url
    page = patient_client.get("/safety/emergency/")
    assert page.status_code == 200 and b"999, 112 or 911" in page.content
    api = patient_client.get("/api/v1/sessions")
    assert api.status_code == 423
    plan = patient_client.post("/api/v1/plans", "{}", content_type="application/json")
    assert plan.status_code == 423


def test_a_locked_patient_can_still_record_a_session_done_before(patient, patient_client):
    plan = make_plan(patient)
    screen(patient, yes=("E1",))
    body = json.dumps(session_payload(plan))
    response = patient_client.post("/api/v1/sessions", body, content_type="application/json")
    assert response.status_code == 201
    assert ExerciseSession.objects.filter(patient=patient).count() == 1


def test_e10_alone_is_urgent_and_with_e1_is_emergency(patient):
    assert Screening.objects.get(pk=screen(patient, yes=("E10",)).pk).tier == "U"
    assert screen(patient, yes=("E10", "E1")).tier == "E"


def test_urgent_pauses_sessions_but_not_the_rest(patient, patient_client):
    screen(patient, kind=Kind.WEEKLY, yes=("U1",))
    assert patient_client.get("/session/")["Location"] == "/safety/urgent/"
    assert patient_client.get("/history/").status_code == 200
    home = patient_client.get("/").content.decode()
    assert "Sessions are paused" in home and "Start session" not in home


def test_doctor_tier_advises_and_lets_the_session_go_on(patient, patient_client):
    questions = patient_client.get("/safety/check/?kind=weekly").context["form"].fields
    answers = {q: "no" for q in questions} | {"D3": "yes"}
    response = patient_client.post(
        "/safety/check/", {"kind": "weekly", "next": "/session/", **answers}
    )
    assert response["Location"].startswith("/safety/advice/")
    assert patient_client.get(response["Location"]).status_code == 200
    assert patient_client.get("/session/").status_code == 200


def test_a_later_all_clear_does_not_lift_a_lock_but_a_review_does(patient, patient_client):
    screen(patient, yes=("E5",))
    screen(patient)  # all "no" afterwards
    policy = active_policy()
    assert safety_state(patient, policy=policy).locked
    record_review(
        patient,
        reviewer=make_user(is_staff=True),
        note="Seen in clinic, no CES.",
        now=timezone.now(),
    )
    assert not safety_state(patient, policy=policy).locked
    assert patient_client.get("/").status_code == 200


def test_missing_answers_are_refused_and_nothing_is_stored(patient, patient_client):
    before = Screening.objects.count()
    response = patient_client.post("/safety/check/", {"kind": "before_session", "E1": "no"})
    assert response.status_code == 400
    assert b"Please answer this question." in response.content
    assert Screening.objects.count() == before


def test_api_screening_with_missing_or_bad_answers_is_422(patient_client):
    body = {"kind": "before_session", "answers": {"E1": "maybe"}}
    response = patient_client.post(
        "/api/v1/screenings", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-2:] == ["answers", "E1"]
    body = {"kind": "before_session", "answers": {"Z9": "no"}}
    response = patient_client.post(
        "/api/v1/screenings", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422


def test_api_screening_returns_the_tier_in_force(patient, patient_client):
    questions = patient_client.get("/api/v1/screenings/questions?kind=before_session").json()
    answers = {q["id"]: "no" for q in questions} | {"E7": "not_sure"}
    body = {"kind": "before_session", "answers": answers}
    response = patient_client.post(
        "/api/v1/screenings", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["tier"] == "E"


def test_screenings_are_append_only_and_the_patient_sees_them(patient, patient_client):
    first = screen(patient, yes=("D1",), kind=Kind.WEEKLY)
    screen(patient, kind=Kind.WEEKLY)
    first.refresh_from_db()
    assert first.answers["D1"] == "yes"  # not overwritten by the later answers
    page = patient_client.get("/safety/history/").content.decode()
    assert page.count("<details") == Screening.objects.filter(patient=patient).count()


def test_review_command_lifts_the_lock(patient):
    screen(patient, yes=("E3",))
    make_user(username="dr_lee", is_staff=True)
    call_command("review", patient.user.username, "--by", "dr_lee", "--note", "Scan normal.")
    assert ClinicalReview.objects.filter(patient=patient).count() == 1
    assert not safety_state(patient, policy=active_policy()).locked


def test_review_command_refuses_a_non_clinician(patient):
    from django.core.management.base import CommandError

    screen(patient, yes=("E3",))
    make_user(username="neighbour")
    with pytest.raises(CommandError, match="--by"):
        call_command("review", patient.user.username, "--by", "neighbour", "--note", "ok")
    assert safety_state(patient, policy=active_policy()).locked


def test_emergency_page_is_not_shown_when_nothing_is_locked(patient_client):
    assert patient_client.get("/safety/emergency/")["Location"] == "/"


def test_a_spreading_prompt_asks_the_u_and_d_questions_before_the_next_session(patient):
    from django.utils import timezone

    Screening.objects.create(
        patient=patient,
        kind="program",
        answers={"ask": "spreading"},
        tier="C",
        reasons=["spreading:2026-11-20"],
        policy_version="1",
        created_at=timezone.now(),
    )
    client = signed_in(patient.user)
    response = client.get("/session/")
    assert response["Location"].startswith("/safety/check/")
    form = client.get(response["Location"]).context["form"]
    blocks = {active_policy().triage.question(q).block for q in form.fields}
    assert blocks == {"U", "D"}
    answers = dict.fromkeys(form.fields, "no")
    client.post("/safety/check/", {"kind": "spreading", "next": "/session/", **answers})
    assert client.get("/session/").status_code == 200
