from __future__ import annotations

import json

from django.test import Client


def post_plan(client: Client, body: dict):
    return client.post("/api/v1/plans", json.dumps(body), content_type="application/json")


def prescription(**overrides):
    body = {"sides": "both", "stretch_variant": "figure4_lying", "massage_option": "fingers"}
    body.update(overrides)
    return body


def holds(plan: dict) -> list[dict]:
    return [s for s in plan["steps"] if s["kind"] == "hold" and s["phase"] != "rest"]


def test_a_prescription_compiles_to_a_plan(patient_client):
    response = post_plan(patient_client, prescription())
    assert response.status_code == 201
    data = response.json()
    assert data["protocol_id"] == "rss"
    sides = {s["side"] for s in data["plan"]["steps"] if s["side"]}
    assert sides == {"left", "right"}
    clamshell = [s for s in holds(data["plan"]) if s["item"] == "clamshell_hold"]
    assert [s["duration_s"] for s in clamshell] == [15] * 8


def test_the_same_prescription_gives_the_same_plan_id(patient_client):
    first = post_plan(patient_client, prescription()).json()["id"]
    assert post_plan(patient_client, prescription()).json()["id"] == first


def test_dose_overrides_change_the_plan(patient_client):
    body = prescription(sides="left", dose_overrides={"clamshell_hold": {"hold_s": 20}})
    plan = post_plan(patient_client, body).json()["plan"]
    clamshell = [s for s in holds(plan) if s["item"] == "clamshell_hold"]
    assert {s["duration_s"] for s in clamshell} == {20}


def test_unknown_massage_option_is_422_naming_the_field(patient_client):
    response = post_plan(patient_client, prescription(massage_option="hot_stones"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "massage_option"


def test_negative_hold_is_422(patient_client):
    body = prescription(dose_overrides={"clamshell_hold": {"hold_s": -5}})
    response = post_plan(patient_client, body)
    assert response.status_code == 422
    assert "hold_s" in response.json()["detail"][0]["loc"]


def test_wrong_side_is_422(patient_client):
    response = post_plan(patient_client, prescription(sides="middle"))
    assert response.status_code == 422


def test_protocol_is_served_and_unknown_protocol_is_404(patient_client):
    data = patient_client.get("/api/v1/protocols/rss").json()
    assert {e["id"] for e in data["exercises"]} >= {"figure4_lying", "clamshell_hold"}
    assert patient_client.get("/api/v1/protocols/nope").status_code == 404


def test_openapi_lists_the_routes(db):
    spec = Client().get("/api/v1/openapi.json").json()
    assert {"/api/v1/sessions", "/api/v1/plans", "/api/v1/protocols/{protocol_id}"} <= set(
        spec["paths"]
    )


def test_healthz(db):
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_plans_for_anonymous_are_refused(db):
    assert post_plan(Client(), prescription()).status_code in (401, 403)


def test_a_user_without_patient_profile_gets_404(db):
    from tests.factories.people import make_user, signed_in

    client = signed_in(make_user())
    assert post_plan(client, prescription()).status_code == 404


def test_a_patient_without_a_prescription_gets_a_first_one_from_the_plan_asked_for(db):
    from tests.factories.people import make_patient

    patient = make_patient(onboarded=False)
    client = Client()
    client.force_login(patient.user)
    body = prescription(sides="left", stretch_variant="figure4_chair", massage_option="fingers")
    assert post_plan(client, body).status_code == 201
    first = patient.prescriptions.get()
    assert (first.sides, first.stretch_variant, first.massage_option) == (
        "left",
        "figure4_chair",
        "fingers",
    )
    assert post_plan(client, prescription()).status_code == 201
    assert patient.prescriptions.count() == 1  # later plans are kept under it


def test_a_prescription_that_does_not_compile_stores_nothing(db):
    from tests.factories.people import make_patient

    patient = make_patient(onboarded=False)
    client = Client()
    client.force_login(patient.user)
    response = post_plan(client, prescription(massage_option="hot_stones"))
    assert response.status_code == 422
    assert not patient.prescriptions.exists() and not patient.plans.exists()
