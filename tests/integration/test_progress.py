"""The progress page (/progress/): charts drawn on the server from the patient's own records,
each with words and a table, for a chosen period, in a fixed number of queries."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from piri.accounts.models import Patient
from piri.charts import Span
from piri.domain.adherence import week_start
from piri.program.services.history import local_today
from piri.program.services.progress import progress_for
from tests.factories.people import make_patient, signed_in
from tests.factories.program import (
    make_checkin,
    make_measure,
    make_sessions,
    record_twelve_weeks,
    two_years,
)


def svg(html: str, chart_id: str) -> str:
    """The <svg> whose title has the id ``<chart_id>-title``."""
    match = re.search(rf'<svg[^>]*aria-labelledby="{chart_id}-title[^"]*".*?</svg>', html, re.S)
    assert match, f"no {chart_id} chart"
    return match.group(0)


def marks(fragment: str, css_class: str) -> int:
    """How many marks (subpaths) the path of that class draws."""
    match = re.search(rf'<path d="([^"]*)"[^>]*class="{css_class}"', fragment)
    return match.group(1).count("M") if match else 0


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def page(client: Client, **query: str) -> str:
    response = client.get("/progress/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_draws_each_chart_with_words_and_a_table(
    patient: Patient, patient_client: Client
) -> None:
    patient.baseline_pain = 6
    patient.save()
    record_twelve_weeks(patient)
    html = page(patient_client)

    pain = svg(html, "pain")
    assert 'role="img"' in pain
    assert marks(pain, "points") == patient.checkins.count()  # a dot per check-in
    desc = text_of(re.search(r'<desc id="pain-desc">.*?</desc>', pain, re.S).group(0))  # type: ignore[union-attr]
    assert "went down from 6 to 3" in desc
    assert "4.2 or less is a change that matters" in desc and "in that zone" in desc
    assert 'class="goal-band"' in pain and 'class="baseline"' in pain

    extent = svg(html, "extent")
    assert marks(extent, "extent-thigh") and marks(extent, "extent-none")
    assert marks(extent, "extent-foot") == 0
    assert marks(extent, "extent-missing")  # days between check-ins: hatched cells
    assert "Most recently: None at all" in text_of(extent)

    calendar = svg(html, "calendar")
    assert marks(calendar, "session-days") == 33
    assert marks(calendar, "not-met") == 11 and marks(calendar, "in-progress") == 1
    assert "0 of 12 weeks reached your aim of 4 sessions" in text_of(calendar)

    sitting = svg(html, "sitting")
    assert "from 20 to 45 minutes" in text_of(sitting)

    for instrument in ("nprs", "rmdq", "psfs", "grc"):
        assert f'id="score-{instrument}-title"' in html
    assert "where a change from your first answer (12) starts to matter" in html  # RMDQ: 12-5

    tables = re.findall(r"<table.*?</table>", html, re.S)
    assert len(tables) == 5
    pain_rows = re.findall(r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td>', tables[0])
    assert len(pain_rows) == patient.checkins.count()
    first_day = patient.checkins.order_by("day").first()
    assert first_day is not None
    assert pain_rows[0] == (f"{first_day.day:%a} {first_day.day.day} {first_day.day:%b %Y}", "6")
    assert pain_rows[-1][1] == "3"
    assert "<caption>" in tables[0] and 'scope="col"' in tables[0]
    scores_table = text_of(tables[4])
    assert "12" in scores_table and "6.5" in scores_table
    assert html.count("Show as a table") == 5


def test_choosing_a_period(patient: Patient, patient_client: Client) -> None:
    today = record_twelve_weeks(patient)
    four_weeks = page(patient_client, span="4w")
    first = week_start(today) - timedelta(weeks=3)
    inside = patient.checkins.filter(day__gte=first).count()
    assert marks(svg(four_weeks, "pain"), "points") == inside < patient.checkins.count()
    assert re.search(r'href="\?span=4w" aria-current="page"', four_weeks)
    calendar = svg(four_weeks, "calendar")
    drawn = marks(calendar, "session-days") + marks(calendar, "no-session")
    assert drawn == (today - first).days + 1  # every day up to today, none after

    year = page(patient_client, span="1y")
    assert "Average pain (0–10) by week" in year
    weeks = {week_start(day) for day in patient.checkins.values_list("day", flat=True)}
    assert marks(svg(year, "pain"), "points") == len(weeks)  # weekly means
    assert "weekly average" in year

    everything = page(patient_client, span="all")
    assert re.search(r'href="\?span=all" aria-current="page"', everything)
    assert marks(svg(everything, "pain"), "points") == patient.checkins.count()

    unknown = page(patient_client, span="forever")
    assert re.search(r'href="\?span=12w" aria-current="page"', unknown)


def test_another_patients_records_never_show(patient: Patient, patient_client: Client) -> None:
    today = local_today(patient, now=timezone.now())
    make_checkin(patient, today, pain_average=3, extent="thigh", sitting_minutes=20)
    make_sessions(patient, [today])
    make_measure(patient, "rmdq", week_start(today), total=8)
    other = make_patient(username="robin")
    for day in (today, today - timedelta(days=1)):
        make_checkin(other, day, pain_average=9, extent="foot", sitting_minutes=150)
    make_sessions(other, [today, today - timedelta(days=1)])
    make_measure(other, "rmdq", week_start(today), total=21)
    html = page(patient_client)
    assert marks(svg(html, "pain"), "points") == 1
    assert marks(svg(html, "extent"), "extent-foot") == 0
    assert marks(svg(html, "calendar"), "session-days") == 1
    cells = set(re.findall(r"<td>([^<]*)</td>", html))
    assert {"3", "20", "8", "Back of thigh"} <= cells
    assert not {"9", "150", "21", "Foot"} & cells


def test_records_older_than_the_period_are_not_a_new_start(
    patient: Patient, patient_client: Client
) -> None:
    make_checkin(
        patient, local_today(patient, now=timezone.now()) - timedelta(weeks=10), pain_average=5
    )
    html = page(patient_client, span="4w")
    assert "Your charts start with your first check-in" not in html
    assert "No pain scores in this period" in html
    assert "No sessions in this period" in html and "No weekly answers in this period" in html
    assert marks(svg(page(patient_client), "pain"), "points") == 1


def test_a_new_patient_sees_what_will_fill_the_page_not_empty_axes(
    patient_client: Client,
) -> None:
    html = page(patient_client)
    assert "Your charts start with your first check-in" in html
    assert 'role="img"' not in html and "<table" not in html
    assert 'href="/checkin/"' in html and 'href="/session/"' in html
    assert "?span=" not in html and '<h2 id="pain-heading"' not in html  # nothing to switch


def test_signing_in_is_needed(client: Client, db: None) -> None:
    response = client.get("/progress/")
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("span", list(Span))
def test_the_records_are_read_in_five_queries(
    patient: Patient, span: Span, django_assert_num_queries: Any
) -> None:
    record_twelve_weeks(patient)
    # check-ins, sessions, weekly measures; the latest reach (a check answer, a check-in)
    with django_assert_num_queries(5):
        progress_for(patient, span=span, now=timezone.now())


def test_the_page_costs_the_same_queries_with_two_years_of_records(patient: Patient) -> None:
    client = signed_in(patient.user)
    with CaptureQueriesContext(connection) as few:
        page(client, span="all")
    two_years(patient)
    with CaptureQueriesContext(connection) as many:
        html = page(client, span="all")
    assert len(many) == len(few)
    assert 100 <= marks(svg(html, "pain"), "points") <= 120  # two years in weekly means


def test_today_is_the_patients_own_date(db: None) -> None:
    far = make_patient(time_zone="Pacific/Kiritimati")  # UTC+14
    today = local_today(far, now=timezone.now())
    make_checkin(far, today, pain_average=2)
    progress = progress_for(far, now=timezone.now())
    assert progress.today == today and progress.window.end == today
    assert progress.pain.line.last is not None and progress.pain.line.last.start == today
