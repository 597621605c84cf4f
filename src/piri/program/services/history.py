"""A patient's sessions by week, against their weekly target, in their own days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from piri.accounts.models import Patient
from piri.domain.adherence import WeekTally, rolling_adherence, streak_weeks, weekly_tallies
from piri.program.models import ExerciseSession


def local_today(patient: Patient, *, now: datetime) -> date:
    return now.astimezone(patient.zone).date()


RECENT = 10  # sessions listed one by one


@dataclass(frozen=True, slots=True)
class History:
    weeks: list[WeekTally]
    streak: int
    adherence: float  # last 7 days: done / planned
    recent: list[ExerciseSession]  # the last RECENT, with their times, completion, end pain

    @property
    def this_week(self) -> WeekTally:
        return self.weeks[-1]


def history_for(patient: Patient, *, now: datetime, weeks: int = 12) -> History:
    today = local_today(patient, now=now)
    oldest = weekly_tallies([], today=today, target=patient.weekly_target, weeks=weeks)[0].start
    days = list(
        ExerciseSession.objects.filter(patient=patient, local_date__gte=oldest).values_list(
            "local_date", flat=True
        )
    )
    tallies = weekly_tallies(days, today=today, target=patient.weekly_target, weeks=weeks)
    recent = list(
        ExerciseSession.objects.filter(patient=patient)
        .order_by("-started_at")
        .only("started_at", "completed", "end_pain")[:RECENT]
    )
    return History(
        weeks=tallies,
        streak=streak_weeks(tallies),
        adherence=rolling_adherence(days, today=today, target=patient.weekly_target),
        recent=recent,
    )
