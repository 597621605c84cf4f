"""The 14-day summary a request carries: the patient's own days, pain, furthest extent,
sessions against the target, open flags; and its words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from piri.clinic.services.summary14 import summary_for
from piri.clinic.summary_words import summary_words
from piri.domain.triage import Screening as Kind
from piri.program.models import CheckAnswer, CheckIn
from piri.program.services.screening import record_review
from tests.factories.people import make_patient, make_user
from tests.factories.program import make_checkin, make_sessions, screen

pytestmark = pytest.mark.django_db

# 10:00 UTC on 10 June is already 11 June in Auckland (UTC+12)
NOW = datetime(2025, 6, 10, 22, 0, tzinfo=UTC)
TODAY = date(2025, 6, 11)


def test_the_window_is_the_patients_own_14_days():
    patient = make_patient(time_zone="Pacific/Auckland", weekly_target=3, now=NOW)
    make_checkin(patient, TODAY - timedelta(days=14), pain_average=9)  # one day too early
    make_checkin(patient, TODAY - timedelta(days=13), pain_average=6, extent="buttock")
    make_checkin(patient, TODAY - timedelta(days=2), pain_now=4, extent="thigh")
    make_checkin(patient, TODAY, pain_average=2, pain_now=7, extent="buttock")
    make_sessions(patient, [TODAY - timedelta(days=14), TODAY - timedelta(days=3), TODAY, TODAY])
    summary = summary_for(patient, now=NOW)
    assert (summary["start"], summary["end"]) == ("2025-05-29", "2025-06-11")
    assert summary["time_zone"] == "Pacific/Auckland"
    pain = summary["pain"]
    assert pain["by_day"] == [["2025-05-29", 6], ["2025-06-09", 4], ["2025-06-11", 2]]
    assert (pain["days"], pain["average"], pain["highest"]) == (3, 4.0, 6)
    assert (pain["first_week"], pain["second_week"]) == (6.0, 3.0)
    extent = summary["extent"]
    assert (extent["furthest"], extent["furthest_day"]) == ("thigh", "2025-06-09")
    assert (extent["latest"], extent["latest_source"]) == ("buttock", "checkin")
    assert summary["sessions"] == {
        "done": 3,
        "days_with_a_session": 2,
        "weekly_target": 3,
        "expected": 6,
        "planned": 6,
        "percent": 50,
        "extra": 0,
        "first": "2025-05-29",  # the first session (14 days ago) is the program's start
        "from_start": False,
    }
    assert summary["open_tier"] == "C" and summary["flags"] == []


def test_in_session_checks_count_for_the_furthest_extent():
    patient = make_patient(now=NOW)
    [session] = make_sessions(patient, [NOW.date() - timedelta(days=1)])
    CheckAnswer.objects.create(
        session=session, position=0, step_id="s1", change="more", extent="below_knee"
    )
    make_checkin(patient, NOW.date(), extent="thigh")
    extent = summary_for(patient, now=NOW)["extent"]
    assert extent["furthest"] == "below_knee" and extent["latest"] == "thigh"


def test_the_latest_is_the_last_answer_by_time_not_the_furthest_of_the_day():
    """Issue 11: tingling spread below the knee during the massage, the later checks of the
    session and the evening check-in said thigh: most recently, the thigh."""
    patient = make_patient(now=NOW - timedelta(days=1))
    [session] = make_sessions(patient, [date(2025, 6, 10)])  # 09:00-09:15 London
    at = session.started_at
    for position, (extent, minute) in enumerate(
        [("thigh", 1), ("below_knee", 4), ("thigh", 8), ("thigh", 14)]
    ):
        CheckAnswer.objects.create(
            session=session,
            position=position,
            step_id=f"s{position}",
            change="same",
            extent=extent,
            answered_at=at + timedelta(minutes=minute),
        )
    checkin = make_checkin(patient, date(2025, 6, 10), extent="thigh")
    CheckIn.objects.filter(pk=checkin.pk).update(updated_at=at + timedelta(hours=9))
    summary = summary_for(patient, now=NOW)
    assert summary["extent"]["furthest"] == "below_knee"
    assert summary["extent"]["latest"] == "thigh"
    assert summary["extent"]["latest_source"] == "checkin"
    texts = {line.label: line.text for line in summary_words(summary).lines}
    assert texts["Numbness or tingling, furthest"] == (
        "Below the knee (on 10 Jun); most recently: Back of thigh (daily check-in, 10 Jun 2025,"
        " 18:00)."
    )
    # a session check answered after the check-in is the latest, whatever it says
    CheckIn.objects.filter(pk=checkin.pk).update(updated_at=at - timedelta(hours=1))
    CheckAnswer.objects.filter(session=session, position=3).update(extent="buttock")
    latest = summary_for(patient, now=NOW)["extent"]
    assert (latest["latest"], latest["latest_source"]) == ("buttock", "session")


def test_open_flags_are_listed_until_a_review():
    patient = make_patient(now=NOW - timedelta(days=1))
    screen(patient, kind=Kind.WEEKLY, yes=("D1",), now=NOW - timedelta(hours=2))
    summary = summary_for(patient, now=NOW)
    assert summary["open_tier"] == "D"
    assert [(f["tier"], f["reasons"]) for f in summary["flags"]] == [("D", ["D1"])]
    flags = {line.label: line.text for line in summary_words(summary).lines}["Open red flags"]
    assert flags.endswith(": past cancer (D1).")  # the policy's label, with the stored id
    record_review(patient, reviewer=make_user(), note="Seen.", now=NOW - timedelta(hours=1))
    summary = summary_for(patient, now=NOW)
    assert summary["open_tier"] == "C" and summary["flags"] == []


def test_the_words_say_nothing_recorded_when_there_is_nothing():
    patient = make_patient(now=NOW)
    words = summary_words(summary_for(patient, now=NOW))
    texts = {line.label: line.text for line in words.lines}
    assert texts["Pain (daily check-ins)"] == "No pain scores in these days."
    assert texts["Numbness or tingling, furthest"] == "Not recorded in these days."
    # signed up today: one day of the 14 is planned, never the days before the start
    assert texts["Sessions"] == (
        "Last 14 days (since the start: 10 Jun 2025): 0 of 1 planned session, 0 %."
        " Aim: 4 sessions a week."
    )
    assert texts["Open red flags"] == "None open."
    assert not words.open_flag and words.pain_days == []


def test_the_words_read_an_older_or_partial_summary():
    words = summary_words({"pain": {"days": 1, "average": 3, "highest": 3, "by_day": []}})
    texts = {line.label: line.text for line in words.lines}
    assert texts["Pain (daily check-ins)"].startswith("Average 3.0 of 10 over 1 day")
