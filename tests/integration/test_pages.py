"""The patient's pages, through the app's own client on the real database."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from piri.accounts.models import Patient
from piri.domain.adherence_span import planned_sessions
from piri.program.models import Prescription
from piri.program.services.history import history_for, local_today
from tests.factories.people import PASSWORD, make_patient, signed_in
from tests.factories.program import make_plan, session_payload


def test_welcome_page_for_visitors(db):
    response = Client().get("/")
    assert response.status_code == 200
    assert b"Create your account" in response.content


def test_sign_up_then_onboarding_gives_a_first_plan(db):
    client = Client()
    response = client.post(
        "/signup/",
        {"username": "jo", "first_name": "Jo", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/onboarding/"
    assert client.get("/").status_code == 302  # not onboarded yet: sent to onboarding
    response = client.post(
        "/onboarding/",
        {
            "baseline_pain": "6",
            "sides": "left",
            "floor_ok": "no",
            "tools": ["tennis_ball"],
            "weekly_target": "3",
            "time_zone": "America/Chicago",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/safety/check/?kind=onboarding"
    questions = client.get(response["Location"]).context["form"].fields
    answers = {qid: "no" for qid in questions}
    response = client.post("/safety/check/", {"kind": "onboarding", "next": "/", **answers})
    assert response.status_code == 302 and response["Location"] == "/"
    patient = Patient.objects.get(user__username="jo")
    assert patient.time_zone == "America/Chicago" and patient.weekly_target == 3
    prescription = Prescription.objects.get(patient=patient)
    assert prescription.sides == "left"
    assert prescription.stretch_variant == "figure4_chair"
    home = client.get("/")
    assert b"Start session" in home.content and b"Hello, Jo" in home.content


def test_signup_with_mismatched_passwords_says_so(db):
    response = Client().post(
        "/signup/",
        {"username": "jo", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    assert response.status_code == 400
    assert "The two passwords are not the same." in response.content.decode()
    assert not Patient.objects.exists()


def test_onboarding_with_bad_answers_keeps_them_and_says_what(patient_client, patient):
    response = patient_client.post(
        "/onboarding/",
        {"sides": "middle", "floor_ok": "yes", "weekly_target": "40", "time_zone": "Mars/Base"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Select a valid choice" in content
    assert "less than or equal to 14" in content
    assert Prescription.objects.filter(patient=patient).count() == 1  # the old one is kept


def test_chair_only_patients_are_not_offered_floor_massage(db):
    patient = make_patient(floor_ok=False, tools=("foam_roller", "tennis_ball"))
    client = signed_in(patient.user)
    content = client.get("/").content.decode()
    assert "fingers" in content
    assert 'value="foam_roller"' not in content


def test_choosing_another_massage_makes_a_new_prescription(patient, patient_client):
    patient.massage_tools = ["massage_gun"]
    patient.save()
    response = patient_client.post("/massage/", {"massage_option": "massage_gun"})
    assert response.status_code == 302
    assert Prescription.objects.filter(patient=patient).count() == 2
    assert make_plan(patient).body["helped_options"][0]["id"] == "massage_gun"


def test_choosing_a_massage_you_have_no_tool_for_is_refused(patient, patient_client):
    response = patient_client.post("/massage/", {"massage_option": "massage_gun"}, follow=True)
    assert b"Please pick one of the massage options" in response.content
    assert Prescription.objects.filter(patient=patient).count() == 1


def test_session_page_embeds_the_plan(patient, patient_client):
    response = patient_client.get("/session/")
    assert response.status_code == 200
    plan = make_plan(patient)
    assert str(plan.id) in response.content.decode()
    assert 'id="piri-plan"' in response.content.decode()


def test_session_page_offers_the_plan_s_items_as_what_helped_most(patient, patient_client):
    content = patient_client.get("/session/").content.decode()
    options = make_plan(patient).body["helped_options"]
    assert options and 'id="finish-helped"' in content
    for option in options:
        assert f'data-value="{option["id"]}"' in content


def test_pages_need_sign_in(db):
    for url in ("/session/", "/history/", "/onboarding/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_history_counts_sessions_in_the_week_against_the_target(patient, patient_client):
    plan = make_plan(patient)
    for _ in range(2):
        body = session_payload(plan)
        patient_client.post("/api/v1/sessions", json.dumps(body), content_type="application/json")
    history = history_for(patient, now=timezone.now())
    today = local_today(patient, now=timezone.now())
    # signed up today: this week plans only the days from today on
    assert history.this_week.done == 2
    assert history.this_week.target == planned_sessions(4, 7 - today.weekday())
    content = patient_client.get("/history/").content.decode()
    assert 'data-done="2"' in content
    assert "Sessions per week" in content  # the table alternative to the chart


@pytest.mark.parametrize(
    ("zone", "expected"),
    [("Pacific/Auckland", "2026-11-24"), ("America/Los_Angeles", "2026-11-23")],
)
def test_today_is_in_the_patients_time_zone(db, zone, expected):
    patient = make_patient(time_zone=zone)
    now = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
    assert local_today(patient, now=now).isoformat() == expected


def test_a_session_late_sunday_counts_in_that_week_for_the_patient(db):
    patient = make_patient(time_zone="America/New_York", now=datetime(2026, 11, 16, tzinfo=UTC))
    client = signed_in(patient.user)
    sunday_late = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)  # Sunday 22:30 in New York
    body = session_payload(make_plan(patient), started_at=sunday_late)
    client.post("/api/v1/sessions", json.dumps(body), content_type="application/json")
    history = history_for(patient, now=sunday_late + timedelta(days=1), weeks=2)
    assert [w.done for w in history.weeks] == [1, 0]


def test_learn_page_explains_the_program(db):
    response = Client().get("/learn/")
    assert response.status_code == 200
    assert b"<h2>" in response.content


def test_login_page_signs_in(db):
    patient = make_patient(username="kim")
    client = Client()
    response = client.post("/login/", {"username": "kim", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert patient.user.is_authenticated


def test_pages_carry_a_content_security_policy_without_inline_scripts(patient_client):
    policy = patient_client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_changing_settings_keeps_the_massage_choice_and_prefills_the_form(db):
    patient = make_patient(sides="left", tools=("massage_gun",))
    client = signed_in(patient.user)
    client.post("/massage/", {"massage_option": "massage_gun"})
    page = client.get("/onboarding/").content.decode()
    assert "Your plan settings" in page
    assert re.search(r'<input[^>]*value="left"[^>]*checked', page)
    assert "timezone.js" not in page  # the saved zone is kept, not replaced by the browser's
    client.post(
        "/onboarding/",
        {
            "baseline_pain": "4",
            "sides": "both",
            "floor_ok": "yes",
            "tools": ["massage_gun"],
            "weekly_target": "4",
            "time_zone": "Europe/London",
        },
    )
    latest = Prescription.objects.filter(patient=patient).order_by("-id").first()
    assert latest is not None
    assert (latest.sides, latest.massage_option) == ("both", "massage_gun")


def test_history_links_to_the_dose_and_safety_records(patient_client):
    page = patient_client.get("/history/").content.decode()
    assert 'href="/plan/changes/"' in page and 'href="/safety/history/"' in page
    assert patient_client.get("/plan/changes/").status_code == 200
    assert patient_client.get("/safety/history/").status_code == 200
