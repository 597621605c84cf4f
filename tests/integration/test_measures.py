"""Weekly outcome measures: the service, the /measures/ pages, the home reminder, the API and
what reaches the progression engine, on the real database through the app's own client.

The RMDQ and plug-in texts here are test-only placeholders written into a temporary folder;
the real RMDQ wording is never part of Piri (docs/measures.md).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.checks import run_checks
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from piri.accounts.models import Patient
from piri.domain.errors import FieldError
from piri.domain.history import GlobalRating
from piri.domain.measures import ChangeVerdict
from piri.domain.review import worse_in_a_row
from piri.domain.triage import Screening as Kind
from piri.program.models import Activity, MeasureResponse, WeeklyCheck
from piri.program.services.activities import current_activities, name_activities
from piri.program.services.measures import (
    measures_due,
    record_measure,
    record_week,
    record_weekly_check,
    this_week,
    week_start,
)
from piri.program.services.measures_progress import progress_summary
from piri.program.services.outcomes import history_of
from piri.program.services.protocol import active_policy
from piri.program.services.screening import screening_due
from tests.factories.people import make_patient, make_user, signed_in
from tests.factories.program import make_plan, session_payload

# Monday 3 March 2025, 10:00 in London (GMT): the week runs 3-9 March.
MONDAY = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
THIS_WEEK = date(2025, 3, 3)

RMDQ_TEXT = (
    "schema_version: 1\ninstrument: rmdq\n"
    'licence: "TEST ONLY: no licence, not the real form"\n'
    'copyright: "[test copyright notice]"\n'
    'instructions: "[Tick the placeholder statements that apply today]"\n'
    'labels: {0: "[not ticked]", 1: "[ticked]"}\nitems:\n'
    + "".join(
        f'  rmdq_{n:02d}: {{text: "[placeholder statement {n}, test only]"}}\n'
        for n in range(1, 25)
    )
)
ODI_TEXT = (
    "schema_version: 1\ninstrument: odi\n"
    'licence: "TEST ONLY"\ncopyright: "[test odi notice]"\n'
    'instructions: "[placeholder odi instructions]"\n'
    'labels: {0: "[a0]", 1: "[a1]", 2: "[a2]", 3: "[a3]", 4: "[a4]", 5: "[a5]"}\nitems:\n'
    + "".join(f'  odi_{n:02d}: {{text: "[odi section {n}]"}}\n' for n in range(1, 11))
)

WEEKLY = {
    "change": "same",
    "pain_now": "4",
    "pain_average_24h": "5",
    "grc_rating": "1",
}


@pytest.fixture(autouse=True)
def text_dir(settings: Any, tmp_path: Path) -> Path:
    """An empty clinic text folder: no licensed text unless a test writes one."""
    folder = tmp_path / "measures-text"
    folder.mkdir()
    settings.PIRI_MEASURES_TEXT_DIR = folder
    return folder


@pytest.fixture
def rmdq_text(text_dir: Path) -> Path:
    path = text_dir / "rmdq.yaml"
    path.write_text(RMDQ_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(timezone, "now", lambda: MONDAY)
    return MONDAY


def field_error(call: Any) -> FieldError:
    with pytest.raises(FieldError) as info:
        call()
    return info.value


def checked(html: str, name: str, value: str) -> bool:
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return " checked" in tag
    raise AssertionError(f"no input {name}={value}")


def post_json(client: Client, url: str, body: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


# --- weeks ----------------------------------------------------------------------------------


def test_a_week_starts_on_monday() -> None:
    assert {week_start(THIS_WEEK + timedelta(days=n)) for n in range(7)} == {THIS_WEEK}
    assert week_start(date(2025, 3, 2)) == date(2025, 2, 24)  # a Sunday: the week before


def test_the_week_is_the_patients_own(db: None) -> None:
    # Sunday 2 March 13:00 UTC is already Monday 3 March 02:00 in Auckland.
    patient = make_patient(time_zone="Pacific/Auckland")
    row, _ = record_measure(
        patient, "grc", {"rating": 0}, now=datetime(2025, 3, 2, 13, 0, tzinfo=UTC)
    )
    assert (row.week_start, row.day) == (THIS_WEEK, THIS_WEEK)


# --- scoring each instrument ----------------------------------------------------------------


def test_pain_scores_each_context_and_takes_0_and_10(patient: Patient) -> None:
    row, _ = record_measure(patient, "nprs", {"pain_now": 0, "pain_average_24h": 10}, now=MONDAY)
    assert row.scores == {
        "pain_now": 0.0,
        "pain_average_24h": 10.0,
        "pain_worst_exercise": None,  # not asked: one item, no answer, no score
        "pain_next_morning": None,
    }
    assert "How much pain do you have right now?" in row.labels["pain_now"]


@pytest.mark.parametrize("bad", [11, -1, 3.5, "3", True])
def test_a_bad_pain_answer_names_the_item_and_saves_nothing(patient: Patient, bad: Any) -> None:
    error = field_error(
        lambda: record_measure(
            patient, "nprs", {"pain_now": bad, "pain_average_24h": 2}, now=timezone.now()
        )
    )
    assert error.field == "answers.pain_now"
    assert error.message == "Give a whole number from 0 to 10."
    assert not MeasureResponse.objects.exists()


def test_unknown_items_and_instruments_are_named(patient: Patient) -> None:
    error = field_error(
        lambda: record_measure(patient, "nprs", {"pain_tomorrow": 3}, now=timezone.now())
    )
    assert error.field == "answers.pain_tomorrow"
    assert (
        field_error(lambda: record_measure(patient, "sf36", {}, now=timezone.now())).field
        == "instrument"
    )
    assert (
        field_error(lambda: record_measure(patient, "nprs", [3], now=timezone.now())).field
        == "answers"
    )


def test_without_the_clinic_text_the_rmdq_is_not_asked(patient: Patient) -> None:
    error = field_error(lambda: record_measure(patient, "rmdq", {"rmdq_01": 1}, now=timezone.now()))
    assert error.field == "instrument" and "has not supplied the words" in error.message
    week = this_week(patient, now=timezone.now())
    assert week.rmdq_missing
    assert [o.instrument.id for o in week.offered] == ["nprs", "grc"]


def test_the_rmdq_counts_ticks_and_an_unticked_statement_is_0(
    patient: Patient, rmdq_text: Path
) -> None:
    ticked = {"rmdq_01": 1, "rmdq_05": 1, "rmdq_24": 1, "rmdq_02": 0}
    assert record_measure(patient, "rmdq", ticked, now=MONDAY)[0].scores == {"total": 3.0}
    assert record_measure(patient, "rmdq", {}, now=MONDAY)[0].scores == {"total": 0.0}
    every = {f"rmdq_{n:02d}": 1 for n in range(1, 25)}
    assert record_measure(patient, "rmdq", every, now=MONDAY)[0].scores == {"total": 24.0}
    error = field_error(lambda: record_measure(patient, "rmdq", {"rmdq_03": 2}, now=timezone.now()))
    assert error.field == "answers.rmdq_03" and "ticked" in error.message


def test_activities_are_rated_only_once_named_and_every_one_must_be_rated(
    patient: Patient,
) -> None:
    error = field_error(
        lambda: record_measure(patient, "psfs", {"activity_1": 5}, now=timezone.now())
    )
    assert error.field == "instrument" and "Name three to five activities" in error.message
    name_activities(
        patient, ["Sitting at my desk", "Driving to work", "Tying shoes"], now=timezone.now()
    )
    row, _ = record_measure(
        patient, "psfs", {"activity_1": 2, "activity_2": 4, "activity_3": 9}, now=MONDAY
    )
    assert row.scores == {"mean": 5.0}
    assert row.labels == {
        "activity_1": "Sitting at my desk",
        "activity_2": "Driving to work",
        "activity_3": "Tying shoes",
    }
    partly, _ = record_measure(patient, "psfs", {"activity_1": 2, "activity_2": 4}, now=MONDAY)
    assert partly.scores == {"mean": None}  # POLICY: every named activity must be rated
    assert partly.answers == {"activity_1": 2, "activity_2": 4, "activity_3": None}
    error = field_error(
        lambda: record_measure(patient, "psfs", {"activity_4": 5}, now=timezone.now())
    )
    assert error.field == "answers.activity_4" and "No activity is named" in error.message


def test_the_global_rating_runs_from_minus_3_to_3(patient: Patient) -> None:
    assert record_measure(patient, "grc", {"rating": -3}, now=MONDAY)[0].scores == {"rating": -3.0}
    assert record_measure(patient, "grc", {"rating": 3}, now=MONDAY)[0].scores == {"rating": 3.0}
    row, _ = record_measure(patient, "grc", {"rating": None}, now=MONDAY)
    assert row.scores == {"rating": None}
    assert field_error(
        lambda: record_measure(patient, "grc", {"rating": 4}, now=timezone.now())
    ).field == ("answers.rating")


def test_a_plug_in_is_asked_only_with_its_text_and_follows_its_own_rule(
    patient: Patient, text_dir: Path
) -> None:
    assert (
        field_error(lambda: record_measure(patient, "odi", {}, now=timezone.now())).field
        == "instrument"
    )
    (text_dir / "odi.yaml").write_text(ODI_TEXT, encoding="utf-8")
    answers: dict[str, int | None] = {f"odi_{n:02d}": 2 for n in range(1, 11)}
    assert record_measure(patient, "odi", answers, now=MONDAY)[0].scores == {"percent": 40.0}
    answers["odi_10"] = None  # one section unanswered: 18 of 45
    assert record_measure(patient, "odi", answers, now=MONDAY)[0].scores == {"percent": 40.0}
    answers["odi_01"] = 5  # 21 / 45
    row, _ = record_measure(patient, "odi", answers, now=MONDAY)
    assert row.scores["percent"] == pytest.approx(46.666666)
    answers["odi_09"] = None  # two unanswered: no score
    assert record_measure(patient, "odi", answers, now=MONDAY)[0].scores == {"percent": None}


# --- weeks: replace, never the past, never the future ---------------------------------------


def test_answering_again_this_week_replaces_and_next_week_adds(patient: Patient) -> None:
    record_measure(patient, "nprs", {"pain_now": 6}, now=MONDAY)
    record_measure(patient, "nprs", {"pain_now": 4}, now=MONDAY + timedelta(days=6))
    row = MeasureResponse.objects.get(patient=patient)
    assert (row.answers["pain_now"], row.day) == (4, date(2025, 3, 9))
    record_measure(patient, "nprs", {"pain_now": 3}, now=MONDAY + timedelta(days=7))
    weeks = list(patient.measures.values_list("week_start", flat=True))
    assert weeks == [date(2025, 3, 10), THIS_WEEK]


def test_another_week_cannot_be_answered(patient: Patient) -> None:
    past = field_error(
        lambda: record_measure(
            patient, "nprs", {"pain_now": 2}, now=MONDAY, week=THIS_WEEK - timedelta(days=1)
        )
    )
    assert past.field == "week_start" and "Only this week" in past.message
    future = field_error(
        lambda: record_weekly_check(patient, "same", now=MONDAY, week=THIS_WEEK + timedelta(days=7))
    )
    assert future.field == "week_start" and "not yet begun" in future.message
    assert record_weekly_check(patient, "same", now=MONDAY, week=date(2025, 3, 9)).week_start == (
        THIS_WEEK
    )  # any day of this week will do
    assert not MeasureResponse.objects.exists()


def test_the_week_saves_whole_or_not_at_all(patient: Patient) -> None:
    error = field_error(
        lambda: record_week(
            patient,
            change="worse",
            answers={"nprs": {"pain_now": 3}, "grc": {"rating": 9}},
            now=MONDAY,
        )
    )
    assert error.field == "grc.answers.rating"
    assert not WeeklyCheck.objects.exists() and not MeasureResponse.objects.exists()
    assert (
        field_error(lambda: record_weekly_check(patient, "awful", now=timezone.now())).field
        == "change"
    )


# --- activities -----------------------------------------------------------------------------


def test_naming_activities_takes_three_to_five_and_says_what_is_wrong(patient: Patient) -> None:
    error = field_error(
        lambda: name_activities(patient, ["Sitting", "Walking"], now=timezone.now())
    )
    assert error.field == "activities" and "between 3 and 5" in error.message
    error = field_error(lambda: name_activities(patient, ["a", "b", "x" * 81], now=timezone.now()))
    assert error.field == "activities.2" and "80 characters" in error.message
    error = field_error(
        lambda: name_activities(patient, ["Walking", "Sitting", "walking"], now=timezone.now())
    )
    assert error.field == "activities.2" and "named twice" in error.message
    assert not Activity.objects.exists()


def test_renaming_keeps_unchanged_activities_and_retires_the_rest(patient: Patient) -> None:
    first = name_activities(
        patient, ["Sitting", "Walking", "Driving", "Gardening"], now=timezone.now()
    )
    second = name_activities(
        patient, ["Sitting", "  Climbing   stairs ", "Driving"], now=timezone.now()
    )
    assert [a.name for a in second] == ["Sitting", "Climbing stairs", "Driving"]
    assert second[0].pk == first[0].pk and second[2].pk == first[2].pk
    retired = Activity.objects.filter(patient=patient, retired_at__isnull=False)
    assert sorted(a.name for a in retired) == ["Gardening", "Walking"]
    assert [a.slot for a in current_activities(patient)] == [1, 2, 3]


# --- progress: baseline against latest ------------------------------------------------------


def test_progress_compares_the_first_week_with_the_latest_against_the_mcid(
    patient: Patient, rmdq_text: Path
) -> None:
    name_activities(patient, ["Sitting", "Walking", "Driving"], now=timezone.now())
    first, later = MONDAY, MONDAY + timedelta(weeks=4)
    record_measure(patient, "nprs", {"pain_now": 6, "pain_average_24h": 7}, now=first)
    record_measure(patient, "nprs", {"pain_now": 5, "pain_average_24h": 4}, now=later)
    record_measure(patient, "rmdq", {f"rmdq_{n:02d}": 1 for n in range(1, 13)}, now=first)
    record_measure(patient, "rmdq", {f"rmdq_{n:02d}": 1 for n in range(1, 11)}, now=later)
    record_measure(patient, "psfs", {"activity_1": 2, "activity_2": 3, "activity_3": 4}, now=first)
    name_activities(patient, ["Sitting", "Walking", "Cycling"], now=later)  # driving replaced
    record_measure(patient, "psfs", {"activity_1": 6, "activity_2": 5, "activity_3": 9}, now=later)
    record_measure(patient, "grc", {"rating": 2}, now=later)

    progress = progress_summary(patient)
    now = progress.get("nprs", "pain_now")
    assert now is not None and (now.baseline, now.latest, now.weeks) == (6, 5, 2)
    assert now.verdict is ChangeVerdict.NO_MEANINGFUL_CHANGE  # 1 point, 17 %
    average = progress.get("nprs", "pain_average_24h")
    assert average is not None and average.verdict is ChangeVerdict.IMPROVED  # 3 points
    rmdq = progress.get("rmdq")
    assert rmdq is not None and (rmdq.baseline, rmdq.latest) == (12, 10)
    assert rmdq.verdict is ChangeVerdict.NO_MEANINGFUL_CHANGE  # 2 points, 17 %: under 5 / 30 %
    psfs = progress.get("psfs")
    assert psfs is not None and (psfs.baseline, psfs.latest) == (2.5, 5.5)  # sitting, walking
    assert psfs.verdict is ChangeVerdict.IMPROVED
    assert [(a.name, a.baseline, a.latest, a.change.verdict) for a in psfs.activities] == [
        ("Sitting", 2, 6, ChangeVerdict.IMPROVED),
        ("Walking", 3, 5, ChangeVerdict.NO_MEANINGFUL_CHANGE),  # 2 < 3 for one activity
    ]
    grc = progress.get("grc")
    assert grc is not None and grc.latest == 2 and grc.change is None  # one week, no MCID
    assert progress.get("odi") is None


# --- what reaches the progression engine ----------------------------------------------------


def test_weekly_checks_and_global_ratings_reach_the_history(patient: Patient) -> None:
    record_week(patient, change="worse", answers={"grc": {"rating": -1}}, now=MONDAY)
    week2 = MONDAY + timedelta(weeks=1)
    record_week(patient, change="worse", answers={"grc": {"rating": -2}}, now=week2)
    history = history_of(patient)
    weekly = [c for c in history.checkins if c.weekly]
    assert [(c.day, c.worse) for c in weekly] == [(THIS_WEEK, True), (date(2025, 3, 10), True)]
    assert [(r.day, r.rating) for r in history.ratings] == [
        (THIS_WEEK, GlobalRating.A_LITTLE_WORSE),
        (date(2025, 3, 10), GlobalRating.MUCH_WORSE),
    ]
    # two weekly check-ins running said "worse": the review rule fires on real data
    policy = active_policy()
    assert worse_in_a_row(history.checkins, today=date(2025, 3, 10), policy=policy) == date(
        2025, 3, 10
    )


def test_reading_the_history_takes_the_same_queries_however_much_there_is(
    patient: Patient, patient_client: Client
) -> None:
    body = session_payload(make_plan(patient), started_at=timezone.now() - timedelta(hours=1))
    assert post_json(patient_client, "/api/v1/sessions", body).status_code == 201
    today = timezone.now()
    record_week(patient, change="same", answers={"grc": {"rating": 0}}, now=today)
    with CaptureQueriesContext(connection) as few:
        history_of(patient)
    for weeks in range(1, 9):
        moment = today - timedelta(weeks=weeks)
        record_week(patient, change="worse", answers={"grc": {"rating": 1}}, now=moment)
    with CaptureQueriesContext(connection) as many:
        history = history_of(patient)
    assert len(history.ratings) == 9 and len([c for c in history.checkins if c.weekly]) == 9
    assert len(many) == len(few) == 6  # sessions (3), check-ins, weekly checks, ratings


# --- the page -------------------------------------------------------------------------------


def test_the_page_asks_the_weekly_questions_and_says_when_the_rmdq_is_missing(
    patient_client: Client,
) -> None:
    response = patient_client.get("/measures/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Compared with last week",
        "How much pain do you have right now?",
        "Over the last 24 hours, how much pain have you had on average?",
        "Compared with when you started this program",
        "A great deal better",
        "Clearly worse",
        "About the same",
        "Name your activities",
        "your clinic has not supplied the words of this questionnaire",
    ):
        assert text in html, text
    assert 'name="rmdq"' not in html
    assert "<script>" not in html and "style=" not in html  # CSP: no inline script or style


def test_with_the_clinic_text_the_rmdq_statements_are_tick_boxes_with_the_notice(
    patient_client: Client, rmdq_text: Path
) -> None:
    html = patient_client.get("/measures/").content.decode()
    assert html.count('type="checkbox" name="rmdq"') == 24
    assert "[placeholder statement 24, test only]" in html
    assert "[test copyright notice]" in html and "Roland M, Morris R" in html
    assert "has not supplied the words" not in html


def test_saving_the_week_stores_scores_prefills_and_clears_the_reminder(
    patient: Patient, patient_client: Client, rmdq_text: Path
) -> None:
    name_activities(
        patient, ["Sitting at my desk", "Walking the dog", "Driving"], now=timezone.now()
    )
    home = patient_client.get("/").content.decode()
    assert "Weekly questions due" in home and 'href="/measures/"' in home
    body = {
        **WEEKLY,
        "activity_1": "3",
        "activity_2": "5",
        "activity_3": "10",
        "rmdq": ["rmdq_02", "rmdq_07"],
    }
    response = patient_client.post("/measures/", body)
    assert response.status_code == 302 and response["Location"] == "/"
    scores = {r.instrument: r.scores for r in patient.measures.all()}
    assert scores["nprs"]["pain_now"] == 4 and scores["nprs"]["pain_average_24h"] == 5
    assert scores["psfs"] == {"mean": 6.0} and scores["rmdq"] == {"total": 2.0}
    assert scores["grc"] == {"rating": 1.0}
    assert patient.weekly_checks.get().change == "same"
    home = patient_client.get("/").content.decode()
    assert "Weekly questions due" not in home and "Done this week — edit" in home

    html = patient_client.get("/measures/").content.decode()
    assert "You answered this week already" in html
    assert checked(html, "pain_now", "4") and checked(html, "activity_3", "10")
    assert checked(html, "rmdq", "rmdq_07") and not checked(html, "rmdq", "rmdq_01")
    assert checked(html, "grc_rating", "1") and checked(html, "change", "same")
    response = patient_client.post("/measures/", {**body, "pain_now": "2", "rmdq": []})
    assert response.status_code == 302
    assert patient.measures.count() == 4  # replaced, not added
    assert patient.measures.get(instrument="rmdq").scores == {"total": 0.0}


def test_a_bad_answer_is_named_keeps_the_others_and_saves_nothing(
    patient: Patient, patient_client: Client
) -> None:
    name_activities(patient, ["Sitting", "Walking", "Driving"], now=timezone.now())
    body = {**WEEKLY, "pain_now": "11", "activity_1": "3", "activity_2": "4"}
    response = patient_client.post("/measures/", body)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Please check these answers" in html
    assert "Choose a number from 0 to 10." in html
    assert "Rate “Driving” from 0 to 10." in html
    assert checked(html, "pain_average_24h", "5") and checked(html, "activity_2", "4")
    assert not MeasureResponse.objects.exists() and not WeeklyCheck.objects.exists()


def test_a_page_from_last_week_is_not_saved_into_it(
    patient: Patient, patient_client: Client
) -> None:
    stale = (week_start(timezone.localdate()) - timedelta(days=7)).isoformat()
    response = patient_client.post("/measures/", {**WEEKLY, "week": stale})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Only this week’s answers can be given or changed" in html
    assert f"This page was for the week of {stale}" in html
    assert checked(html, "pain_now", "4")
    assert not MeasureResponse.objects.exists()


def test_worse_than_last_week_leads_to_the_red_flag_questions(
    patient: Patient, patient_client: Client
) -> None:
    response = patient_client.post("/measures/", {**WEEKLY, "change": "worse"})
    assert response.status_code == 302
    assert response["Location"] == "/safety/check/?kind=after_worse"
    assert patient.weekly_checks.get().change == "worse"
    page = patient_client.get(response["Location"]).content.decode()
    assert "Because you feel worse" in page
    # and until they are answered, a session asks them first
    assert screening_due(patient, policy=active_policy(), now=timezone.now()) is Kind.AFTER_WORSE


def test_activities_page_names_them_then_the_week_rates_them(
    patient: Patient, patient_client: Client
) -> None:
    response = patient_client.post(
        "/measures/activities/", {"activity_1": "Sitting", "activity_2": "Walking"}
    )
    assert response.status_code == 422
    assert "Name between 3 and 5 activities (you named 2)." in response.content.decode()
    assert not Activity.objects.exists()
    response = patient_client.post(
        "/measures/activities/",
        {"activity_1": "Sitting", "activity_2": "Walking", "activity_4": "Driving"},
    )
    assert response.status_code == 302 and response["Location"] == "/measures/"
    html = patient_client.get("/measures/").content.decode()
    assert "Sitting" in html and 'name="activity_3"' in html  # the blank box is skipped
    assert "Change your activities" in html
    page = patient_client.get("/measures/activities/").content.decode()
    assert 'value="Driving"' in page and "starts a fresh record" in page


def test_onboarding_asks_for_activities_optionally(db: None) -> None:
    patient = make_patient(onboarded=False)
    client = signed_in(patient.user)
    answers = {
        "baseline_pain": "6",
        "sides": "left",
        "floor_ok": "yes",
        "weekly_target": "3",
        "time_zone": "Europe/London",
    }
    assert (
        "Everyday activities the problem makes hard" in client.get("/onboarding/").content.decode()
    )
    response = client.post("/onboarding/", {**answers, "a-activity_1": "Sitting"})
    assert response.status_code == 400
    assert "Name at least three activities, or leave every box empty" in response.content.decode()
    response = client.post(
        "/onboarding/", {**answers, "a-activity_1": "Sitting", "a-activity_2": "x" * 81}
    )
    assert "Keep each activity to 80 characters or fewer." in response.content.decode()
    assert not patient.prescriptions.exists()  # nothing saved while an answer is wrong
    names = {"a-activity_1": "Sitting", "a-activity_2": "Walking", "a-activity_3": "Driving"}
    assert client.post("/onboarding/", {**answers, **names}).status_code == 302
    assert [a.name for a in current_activities(patient)] == ["Sitting", "Walking", "Driving"]
    assert client.post("/onboarding/", answers).status_code == 302  # none given: kept
    assert len(current_activities(patient)) == 3


def test_another_patient_sees_only_their_own_answers(patient: Patient) -> None:
    record_week(patient, change="worse", answers={"nprs": {"pain_now": 8}}, now=timezone.now())
    other = make_patient()
    client = signed_in(other.user)
    html = client.get("/measures/").content.decode()
    assert not checked(html, "pain_now", "8") and not checked(html, "change", "worse")
    assert client.get("/api/v1/measures").json() == []
    assert "Weekly questions due" in client.get("/").content.decode()
    assert Client().get("/measures/").status_code == 302  # signed out: to sign in


# --- the API --------------------------------------------------------------------------------


def test_api_answers_an_instrument_and_replaces_it_the_same_week(
    patient: Patient, patient_client: Client
) -> None:
    body: dict[str, Any] = {"instrument": "nprs", "answers": {"pain_now": 7, "pain_average_24h": 6}}
    response = post_json(patient_client, "/api/v1/measures", body)
    assert response.status_code == 201
    data = response.json()
    assert (
        data["scores"]["pain_now"] == 7
        and data["week_start"]
        == week_start(timezone.localdate(timezone.now(), patient.zone)).isoformat()
    )
    body["answers"]["pain_now"] = 5
    response = post_json(patient_client, "/api/v1/measures", body)
    assert response.status_code == 200 and response.json()["scores"]["pain_now"] == 5
    listed = patient_client.get("/api/v1/measures").json()
    assert [(m["instrument"], m["answers"]["pain_now"]) for m in listed] == [("nprs", 5)]


@pytest.mark.parametrize(
    ("body", "loc", "words"),
    [
        (
            {"instrument": "nprs", "answers": {"pain_now": 12}},
            ["body", "payload", "answers", "pain_now"],
            "from 0 to 10",
        ),
        (
            {"instrument": "nprs", "answers": {"pain_now": "high"}},
            ["body", "payload", "answers", "pain_now"],
            "whole number",
        ),
        (
            {"instrument": "rmdq", "answers": {"rmdq_01": 1}},
            ["body", "payload", "instrument"],
            "has not supplied",
        ),
        (
            {"instrument": "grc", "answers": {"rating": 1}, "week_start": "2020-01-06"},
            ["body", "payload", "week_start"],
            "Only this week",
        ),
    ],
    ids=["out-of-range", "wrong-type", "no-text", "past-week"],
)
def test_api_bad_answers_get_a_422_naming_the_field(
    patient: Patient, patient_client: Client, body: dict[str, Any], loc: list[str], words: str
) -> None:
    record_measure(patient, "nprs", {"pain_now": 3}, now=timezone.now())
    response = post_json(patient_client, "/api/v1/measures", body)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == loc and words in detail["msg"]
    assert patient.measures.get().answers["pain_now"] == 3  # what was saved is kept


def test_the_api_needs_a_signed_in_patient(db: None) -> None:
    assert Client().get("/api/v1/measures").status_code == 401
    client = signed_in(make_user())  # signed in, but not a patient
    assert client.get("/api/v1/measures").status_code == 404  # like every patient API route
    body = {"instrument": "grc", "answers": {"rating": 1}}
    assert post_json(client, "/api/v1/measures", body).status_code == 404


def test_measures_due_follows_what_is_offered(patient: Patient, frozen: datetime) -> None:
    assert measures_due(patient, now=timezone.now())
    record_week(
        patient,
        change="better",
        answers={"nprs": {"pain_now": 2, "pain_average_24h": 3}, "grc": {"rating": 2}},
        now=timezone.now(),
    )
    assert not measures_due(patient, now=timezone.now())
    name_activities(
        patient, ["Sitting", "Walking", "Driving"], now=timezone.now()
    )  # now the activities are asked
    assert measures_due(patient, now=timezone.now())
    assert measures_due(patient, now=frozen + timedelta(days=7))  # a new week


def test_a_broken_clinic_text_is_reported_at_start_and_not_asked(
    patient_client: Client, text_dir: Path
) -> None:
    (text_dir / "rmdq.yaml").write_text(RMDQ_TEXT.replace("  rmdq_24:", "  rmdq_99:"))
    errors = [m for m in run_checks() if m.id == "piri.E003"]
    assert [e.msg.split(": ", 1)[1] for e in errors] == [
        "items: missing item 'rmdq_24'",
        "items.rmdq_99: unknown item 'rmdq_99' (not in rmdq)",
    ]
    html = patient_client.get("/measures/").content.decode()
    assert 'name="rmdq"' not in html and "has not supplied the words" in html
