"""Records for the progress charts: a patient's check-ins, sessions and weekly answers."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from piri.accounts.models import Patient
from piri.domain.adherence import week_start
from piri.program.models import CheckIn, MeasureResponse
from piri.program.services.history import local_today
from tests.factories import make_checkin, make_sessions

EXTENTS = ("thigh", "buttock", "none")


def measure(patient: Patient, instrument: str, week: date, **scores: float) -> MeasureResponse:
    return MeasureResponse.objects.create(
        patient=patient,
        instrument=instrument,
        week_start=week,
        day=week,
        scores=scores,
        catalog_version="test",
    )


def record_twelve_weeks(patient: Patient) -> date:
    """Pain falling from 6 to 3 over 12 weeks (a check-in every other day), 3 sessions a
    week, weekly answers at the start and the end. Returns the patient's today."""
    today = local_today(patient, now=timezone.now())
    first = week_start(today) - timedelta(weeks=11)
    days = [first + timedelta(days=n) for n in range(0, (today - first).days + 1, 2)]
    for i, day in enumerate(days):
        pain = 6 - round(3 * i / (len(days) - 1))
        make_checkin(
            patient,
            day,
            pain_average=pain,
            pain_now=pain,
            extent=EXTENTS[min(2, i * 3 // len(days))],
            sitting_minutes=20 if i < len(days) // 2 else 45,
        )
    monday = week_start(today)
    make_sessions(
        patient,
        [monday - timedelta(weeks=w) + timedelta(days=d) for w in range(1, 12) for d in (0, 2, 4)],
    )
    measure(patient, "nprs", first, pain_now=6, pain_average_24h=6)
    measure(patient, "nprs", monday, pain_now=3, pain_average_24h=3)
    measure(patient, "rmdq", first, total=12)
    measure(patient, "rmdq", monday, total=6)
    measure(patient, "psfs", monday, mean=6.5)
    measure(patient, "grc", monday, rating=2)
    return today


def two_years(patient: Patient) -> None:
    today = local_today(patient, now=timezone.now())
    days = [today - timedelta(days=n) for n in range(730)]
    CheckIn.objects.bulk_create(
        CheckIn(patient=patient, day=d, pain_average=d.day % 7, extent="thigh", sitting_minutes=30)
        for d in days
    )
    make_sessions(patient, [d for d in days if d.weekday() in (0, 2, 4)])
    for week in sorted({week_start(d) for d in days}):
        measure(patient, "nprs", week, pain_average_24h=4)
