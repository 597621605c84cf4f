"""POST/GET /api/v1/sessions on the real database, through the app's own client."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from piri.program.models import CheckAnswer, ExerciseSession, StepResult
from tests.factories.people import make_patient, signed_in
from tests.factories.program import make_plan, session_payload


def post(client: Client, body: dict) -> tuple[int, dict]:
    response = client.post("/api/v1/sessions", json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_a_session_is_stored_with_its_steps_and_checks(patient, patient_client):
    plan = make_plan(patient)
    body = session_payload(plan)
    status, data = post(patient_client, body)
    assert status == 201
    session = ExerciseSession.objects.get(pk=data["id"])
    assert session.patient == patient
    assert StepResult.objects.filter(session=session).count() == len(plan.body["steps"])
    checks = [s for s in plan.body["steps"] if s["kind"] == "check"]
    assert CheckAnswer.objects.filter(session=session).count() == len(checks)
    assert data["steps_done"] == data["steps_total"] == len(plan.body["steps"])


def test_posting_the_same_session_twice_stores_it_once(patient, patient_client):
    body = session_payload(make_plan(patient))
    first, data1 = post(patient_client, body)
    second, data2 = post(patient_client, body)
    assert (first, second) == (201, 200)
    assert data1["id"] == data2["id"]
    assert ExerciseSession.objects.filter(patient=patient).count() == 1


def test_local_date_is_the_patients_own_day(db):
    # onboarded days ago: yesterday's 20:30 UTC lies inside the program's window at any hour
    # (a report from before the day before the start is refused)
    patient = make_patient(time_zone="Pacific/Auckland", now=timezone.now() - timedelta(days=3))
    client = signed_in(patient.user)
    started = timezone.now().replace(hour=20, minute=30) - timedelta(days=1)  # UTC evening
    status, data = post(client, session_payload(make_plan(patient), started_at=started))
    assert status == 201
    auckland_day = started.astimezone(patient.zone).date()
    assert data["local_date"] == auckland_day.isoformat()
    assert auckland_day != started.date()


def field_of(data: dict) -> list:
    return [e["loc"][-1] for e in data["detail"]]


def test_negative_seconds_are_refused_naming_the_field(patient, patient_client):
    body = session_payload(make_plan(patient))
    body["steps"][0]["seconds"] = -3
    status, data = post(patient_client, body)
    assert status == 422
    assert "seconds" in field_of(data)
    assert ExerciseSession.objects.count() == 0


def test_wrong_types_are_refused(patient, patient_client):
    body = session_payload(make_plan(patient), end_pain="a lot")
    status, data = post(patient_client, body)
    assert status == 422 and "end_pain" in field_of(data)


def test_unknown_step_is_refused_and_nothing_is_half_saved(patient, patient_client):
    body = session_payload(make_plan(patient))
    body["steps"][3]["step_id"] = "moonwalk.left.hold.1"
    status, data = post(patient_client, body)
    assert status == 422
    assert data["detail"][0]["loc"][-3:] == ["steps", 3, "step_id"]
    assert ExerciseSession.objects.count() == 0
    assert StepResult.objects.count() == 0


def test_unknown_plan_is_refused(patient, patient_client):
    body = session_payload(make_plan(patient), plan_id=str(uuid.uuid4()))
    status, data = post(patient_client, body)
    assert status == 422 and field_of(data) == ["plan_id"]


def test_another_patients_plan_is_unknown_to_me(patient, patient_client):
    other = make_patient(username="other")
    status, data = post(patient_client, session_payload(make_plan(other)))
    assert status == 422 and field_of(data) == ["plan_id"]


def test_a_check_answer_outside_its_options_is_refused(patient, patient_client):
    body = session_payload(make_plan(patient))
    body["checks"][0]["extent"] = "elbow"
    status, data = post(patient_client, body)
    assert status == 422 and "extent" in field_of(data)


def test_helped_most_must_be_in_the_plan(patient, patient_client):
    status, data = post(patient_client, session_payload(make_plan(patient), helped_most="yoga"))
    assert status == 422 and field_of(data) == ["helped_most"]


def test_end_before_start_is_refused(patient, patient_client):
    now = timezone.now()
    body = session_payload(make_plan(patient), started_at=now - timedelta(minutes=5))
    body["ended_at"] = (now - timedelta(minutes=10)).isoformat()
    status, data = post(patient_client, body)
    assert status == 422 and field_of(data) == ["ended_at"]


def test_sessions_are_listed_for_their_owner_only(patient, patient_client):
    post(patient_client, session_payload(make_plan(patient)))
    other = make_patient(username="other")
    other_client = signed_in(other.user)
    post(other_client, session_payload(make_plan(other)))
    mine = patient_client.get("/api/v1/sessions").json()
    assert len(mine) == 1
    theirs_id = other_client.get("/api/v1/sessions").json()[0]["id"]
    assert patient_client.get(f"/api/v1/sessions/{theirs_id}").status_code == 404
    assert other_client.get(f"/api/v1/sessions/{theirs_id}").status_code == 200


def test_anonymous_requests_are_refused(db):
    assert Client().get("/api/v1/sessions").status_code == 401
    response = Client().post("/api/v1/sessions", "{}", content_type="application/json")
    assert response.status_code in (401, 403)


def test_csrf_is_required_for_browser_sessions(patient):
    client = Client(enforce_csrf_checks=True)
    client.force_login(patient.user)
    body = session_payload(make_plan(patient))
    response = client.post("/api/v1/sessions", json.dumps(body), content_type="application/json")
    assert response.status_code == 403
    assert ExerciseSession.objects.count() == 0


def test_a_session_without_its_check_answers_is_refused(patient, patient_client):
    body = session_payload(make_plan(patient))
    body["checks"] = body["checks"][1:]
    status, data = post(patient_client, body)
    assert status == 422
    assert data["detail"][0]["loc"][-2] == "steps"
    assert "no answer" in data["detail"][0]["msg"]
    assert ExerciseSession.objects.count() == 0
