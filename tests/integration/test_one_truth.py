"""One truth (issue 11): every page, the report, the exports, the API, the clinician's pages
and the 14-day summary tell one patient's story the same way: the same doses and why they
changed, the same adherence, the same latest reach of numbness or tingling, the same safety
stops. Each fact is worked out once, by the one function every surface calls, and looked for
in the text of every surface that states it."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import zipfile

import pytest
from django.test import Client
from django.utils import timezone

from piri.clinic.services.summary14 import summary_for
from piri.clinic.summary_words import summary_words
from piri.domain.adherence_span import planned_sessions
from piri.program.fact_words import adherence_words, reading_words
from piri.program.services.history import adherence_of
from piri.program.services.symptoms import latest_extent_of
from tests.consistency_world import TARGET, World, build_first_day, build_world

pytestmark = pytest.mark.django_db

SPREAD = (
    "Finger massage, right side: numbness or tingling spread from the back of the thigh to"
    " below the knee"
)
RED_PAIN = "Side-lying clamshell hold, right side: pain 7/10, stopped"
LEFT_OUT = (
    "Finger massage is left out of your next session, because the numbness or tingling spread"
    " further down your leg."
)
PROGRAM_CHANGE = "Side-lying clamshell hold, hold 20 s → 15 s: the pain got too strong last time"
CLINICIAN_CHANGE = "Side-lying clamshell hold, hold 15 s → 20 s: Holds were easy at today's"


def words(markup: str) -> str:
    """A page's text as a reader sees it: tags out, entities read, spaces collapsed."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return words(response.content.decode())


def pdf_words(pdf: bytes) -> str:
    found = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return re.sub(r"\s+", " ", found.stdout.decode()).strip()


def surfaces(world: World) -> dict[str, str]:
    """Every surface's text (the JSON and CSV exports as their raw text)."""
    patient, clinician = world.client(), world.client(world.clinician)
    pk = world.patient.pk
    found = {
        "home": page(patient, "/"),
        "history": page(patient, "/history/"),
        "progress": page(patient, "/progress/"),
        "insights": page(patient, "/insights/"),
        "plan changes": page(patient, "/plan/changes/"),
        "clinician's patient page": page(clinician, f"/clinic/patients/{pk}/"),
        "dashboard": page(clinician, f"/clinic/?clinic={world.clinic.pk}&show=all"),
    }
    pdf = patient.get("/report/pdf/")
    assert pdf.status_code == 200
    found["PDF"] = pdf_words(pdf.content)
    summary = summary_for(world.patient, now=timezone.now())
    found["14-day summary"] = " ".join(
        f"{line.label}: {line.text}" for line in summary_words(summary).lines
    )
    return found


def test_every_surface_tells_the_same_story():
    world = build_world()
    texts = surfaces(world)
    now = timezone.now()
    patient, clinician = world.client(), world.client(world.clinician)

    # --- adherence: one definition, the days since the start only ------------------------
    adherence = adherence_of(world.patient, now=now)
    week = adherence.last(7)
    assert week is not None and (week.done, week.planned, week.percent) == (2, TARGET, 50)
    since_start = adherence.since_start()
    days = (adherence.today - world.started_at.astimezone(world.patient.zone).date()).days + 1
    assert since_start is not None and since_start.planned == planned_sessions(TARGET, days)
    last_7 = "Last 7 days " + adherence_words(week)
    for surface in ("home", "history", "progress", "clinician's patient page", "PDF"):
        assert last_7 in texts[surface], (surface, last_7)
    assert "Since the start " + adherence_words(since_start) in texts["PDF"]
    fortnight = adherence.last(14)
    assert fortnight is not None and fortnight.from_start  # signed up ten days ago
    assert "Last 14 days " + adherence_words(fortnight) in texts["14-day summary"]
    assert "From your own records: 3 sessions" in texts["insights"]

    # --- the latest reach: the evening check-in, not the massage's "below the knee" --------
    latest = latest_extent_of(world.patient)
    assert latest is not None and latest.extent.value == "thigh"
    assert latest.source.value == "checkin"
    reach = reading_words(latest)
    for surface in ("history", "progress", "clinician's patient page", "PDF"):
        assert reach in texts[surface], (surface, reach)
    assert f"most recently: {reach}" in texts["14-day summary"]

    # --- the plan and why it changed -----------------------------------------------------
    for surface in ("plan changes", "clinician's patient page", "PDF"):
        for reason in (LEFT_OUT, PROGRAM_CHANGE, CLINICIAN_CHANGE):
            assert reason in texts[surface], (surface, reason)
        assert "Finger massage 2 min per side left out" in texts[surface], surface
        assert "Side-lying clamshell hold 4 x 15 s" in texts[surface], surface
    assert "No dose changes" not in texts["plan changes"] + texts["PDF"]

    # --- the safety stops, in every session log ------------------------------------------
    for surface in ("history", "clinician's patient page", "PDF"):
        for event in (SPREAD, RED_PAIN):
            assert f"Safety stop: {event}" in texts[surface], (surface, event)

    # --- the clinic's side: the flag and the spreading, as the session log says it -------
    row = texts["dashboard"]
    assert "See a doctor within days (tier D)" in row and "unexplained weight loss (D2)" in row
    assert "back of the thigh → below the knee" in row
    assert "unexplained weight loss (D2)" in texts["PDF"]

    # --- the exports and the API read the same rows --------------------------------------
    data = json.loads(patient.get("/report/data.json").content)
    assert data["now"]["adherence"]["last_7_days"]["percent"] == week.percent
    assert data["now"]["adherence"]["last_7_days"]["planned"] == week.planned
    assert data["now"]["latest_extent"]["extent"] == "thigh"
    fingers = next(d for d in data["now"]["doses"] if d["name"] == "Finger massage")
    assert fingers["next_session"] == "left out" and fingers["why"] == LEFT_OUT
    reasons = {d["reason"]: d["kind"] for d in data["dose_changes"]}
    assert reasons[LEFT_OUT] == "next_session"
    assert any(r.startswith(PROGRAM_CHANGE) for r in reasons)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(patient.get("/report/data.csv.zip"))))
    changes = list(csv.DictReader(io.StringIO(archive.read("dose_changes.csv").decode())))
    assert {(c["reason"], c["kind"]) for c in changes} >= {(LEFT_OUT, "next_session")}
    assert len(changes) == len(data["dose_changes"])
    sessions = patient.get("/api/v1/sessions").json()
    assert len(sessions) == since_start.done == 3
    in_week = [s for s in sessions if s["local_date"] >= week.first.isoformat()]
    assert len(in_week) == week.done
    checkins = patient.get("/api/v1/checkins").json()
    assert checkins[0]["extent"] == latest.extent.value
    assert clinician.get(f"/report/pdf/?patient={world.patient.pk}").status_code == 200


def test_day_one_is_not_a_failure():
    """The walk of issue 11: signed up today, one session in which the tingling spread below
    the knee during the massage, a check-in. Nothing before today is a missed week, the day
    plans one session and it is done, every surface says the massage is left out of the next
    session and why, and the latest reach is the check-in's thigh."""
    world = build_first_day()
    texts = surfaces(world)
    adherence = adherence_of(world.patient, now=timezone.now())
    [week] = adherence.weeks(12)  # only the week of the start
    assert week.first_day == adherence.today or week.first_day is None  # a Monday start
    day = adherence.last(7)
    assert day is not None and (day.done, day.planned, day.percent, day.extra) == (1, 1, 100, 0)
    said = adherence_words(day)
    for surface in ("home", "history", "progress", "clinician's patient page", "PDF"):
        assert "Last 7 days " + said in texts[surface], surface
    assert "Last 4 weeks " + adherence_words(adherence.last(28)) in texts["PDF"]
    assert "175 %" not in texts["PDF"] and "25 %" not in texts["history"]

    assert "Today’s session is done." in texts["home"] and "Do another session" in texts["home"]
    weeks = texts["history"].split("Sessions per week Week of", 1)[1].split("Your records")[0]
    assert weeks.count(" 2026 ") + weeks.count(" 2027 ") <= 1 and " No " not in weeks
    calendar = texts["progress"].split("Sessions per week against your aim Week of", 1)[1]
    assert " No " not in calendar.split("Sitting", 1)[0]

    for surface in ("plan changes", "clinician's patient page", "PDF"):
        assert LEFT_OUT in texts[surface], surface
        assert "Finger massage 2 min per side left out" in texts[surface], surface
    assert "No dose changes" not in texts["plan changes"] + texts["PDF"]
    reach = reading_words(latest_extent_of(world.patient))
    assert reach.startswith("Back of thigh (daily check-in")
    for surface in ("history", "progress", "clinician's patient page", "PDF"):
        assert reach in texts[surface], surface
    assert f"most recently: {reach}" in texts["14-day summary"]
    for surface in ("history", "PDF"):
        assert f"Safety stop: {SPREAD}" in texts[surface], surface
