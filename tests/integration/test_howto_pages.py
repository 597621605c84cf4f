"""The "How to do it" pages (/learn/<item>/): the figure, the steps, what to feel and stop for,
the patient's own doses; and the figures the session page gives the player."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from piri.accounts.models import Patient, User
from piri.domain.triage import Screening as Kind
from piri.domain.triage import questions_for
from piri.program.models import Prescription
from piri.program.services.onboarding import onboard
from piri.program.services.plans import current_prescription
from piri.program.services.protocol import active_policy, active_protocol
from piri.program.services.screening import record_screening

pytestmark = pytest.mark.django_db


def _patient(
    username: str = "ash", *, sides: str = "right", tools: tuple[str, ...] = ()
) -> Patient:
    """An onboarded patient who has answered "no" to every safety question."""
    user = User.objects.create_user(username=username, password="a-long-test-passphrase-42")
    patient = Patient.objects.create(user=user, time_zone="Europe/London")
    now = timezone.now()
    onboard(
        patient,
        protocol=active_protocol(),
        sides=sides,
        floor_ok=True,
        tools=tools,
        weekly_target=4,
        time_zone="Europe/London",
        baseline_pain=4,
        now=now,
    )
    policy = active_policy()
    answers = {q.id: "no" for q in questions_for(Kind.ONBOARDING, policy=policy)}
    record_screening(patient, kind=Kind.ONBOARDING, answers=answers, policy=policy, now=now)
    return patient


def _client(patient: Patient) -> Client:
    client = Client()
    client.force_login(patient.user)
    return client


def _changed(patient: Patient, **fields: object) -> None:
    """A new prescription version with ``fields`` changed."""
    current = current_prescription(patient)
    assert current is not None
    values = {
        f: getattr(current, f)
        for f in ("protocol_id", "sides", "stretch_variant", "massage_option", "excluded")
    }
    Prescription.objects.create(patient=patient, **(values | fields))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_an_exercise_page_shows_the_figure_steps_feel_stop_and_dose() -> None:
    response = _client(_patient()).get("/learn/figure4_lying/")
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(html)
    protocol = active_protocol()
    exercise = protocol.exercise("figure4_lying")
    assert f"<h1>{exercise.name}</h1>" in html
    # the moving figure and one still figure per key pose, each saying what it shows
    assert html.count('role="img"') == 4
    assert '<title id="howto-figure4_lying-start-title">Someone lies face up' in html
    assert "across the left knee, both hands around the right knee" in html
    assert 'data-pose="press"' in html and 'data-pose="relax"' in html
    assert "Shown for your right side." in text
    # the steps, what to feel, when to stop
    assert "1. " not in text  # numbered by the list itself
    for words in ("Get into position", "Press", "Relax and draw in", "What you should feel:"):
        assert words in text
    assert "Cross your right ankle over your left knee." in text
    assert "If numbness or tingling reaches further down your leg:" in text
    assert "Stop this stretch now." in text
    assert "If the pain goes above 5 out of 10:" in text
    # the doses in force
    assert "5 rounds on each side you work." in text
    assert "press for 10 seconds, relax and draw in for 10 seconds" in text
    # figure.js gets the poses
    data = json.loads(re.search(r'id="piri-figures"[^>]*>(.*?)</script>', html, re.S)[1])
    assert list(data["figures"]) == ["figure4_lying"]
    assert "howto.js" in html


def test_the_page_shows_the_patients_own_doses_and_side() -> None:
    patient = _patient("bo", sides="left")
    _changed(patient, dose_overrides={"clamshell_hold": {"sets": 5, "hold_s": 20}})
    text = _text(_client(patient).get("/learn/clamshell_hold/").content.decode())
    assert "5 holds on each side you work." in text
    assert "Hold for 20 seconds" in text
    assert "changed this from the usual amount" in text
    assert "Shown for your left side." in text
    html = _client(patient).get("/learn/clamshell_hold/").content.decode()
    assert 'data-side="left"' in html and 'transform="translate(' in html  # mirrored


def test_an_item_out_of_the_patients_sessions_says_so() -> None:
    patient = _patient("cy", sides="both")
    _changed(patient, excluded=["glute_isometric"])
    client = _client(patient)
    assert "leaves this out for now" in _text(
        client.get("/learn/glute_isometric/").content.decode()
    )
    chair = _text(client.get("/learn/figure4_chair/").content.decode())
    assert "Your sessions use Figure-4 stretch, lying down at the moment" in chair
    gun = _text(client.get("/learn/massage_gun/").content.decode())
    assert "Your sessions use Finger massage at the moment" in gun
    assert "90 seconds of massage on each side you work." in gun
    assert "Both sides: first the left, then the right." in gun


def test_an_unknown_item_is_not_found_and_people_who_are_not_patients_neither() -> None:
    client = _client(_patient())
    assert client.get("/learn/no_such_thing/").status_code == 404
    assert client.get("/learn/session/").status_code == 404
    assert Client().get("/learn/figure4_lying/").status_code == 302  # sign in first
    staff = User.objects.create_user(username="doc", password="a-long-test-passphrase-42")
    other = Client()
    other.force_login(staff)
    assert other.get("/learn/figure4_lying/").status_code == 404


def test_the_about_page_links_each_how_to_page_for_patients() -> None:
    html = _client(_patient()).get("/learn/").content.decode()
    protocol = active_protocol()
    for item in (*protocol.massage_options, *protocol.exercises):
        assert f'href="/learn/{item.id}/"' in html
    assert "/learn/figure4_lying/" not in Client().get("/learn/").content.decode()


def test_the_session_page_draws_the_plans_figures_for_the_player() -> None:
    response = _client(_patient()).get("/session/")
    assert response.status_code == 200
    html = response.content.decode()
    plan = json.loads(re.search(r'id="piri-plan"[^>]*>(.*?)</script>', html, re.S)[1])
    shown = {s["figure"] for s in plan["steps"] if s["figure"]}
    assert shown == {"fingers", "figure4_lying", "glute_isometric", "clamshell_hold"}
    data = json.loads(re.search(r'id="piri-figures"[^>]*>(.*?)</script>', html, re.S)[1])
    assert set(data["figures"]) == shown
    assert set(data["body"]) >= {"thigh", "shin", "trunk"}
    drawn = set(re.findall(r'<svg class="figure"[^>]*data-item="([a-z0-9_]+)"', html))
    assert drawn == shown
    assert 'data-alt-left="' in html and 'data-howto-url="/learn/ITEM/"' in html
    assert "style=" not in html
