"""A patient's sessions against their weekly target, in their own days: the adherence every
page, report and summary states (``Adherence``), and the history page's weeks.

The program starts on the onboarding day, or on the first session's day when that is earlier
(``program_start``); days before it are never counted as planned (``domain.adherence_span``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from piri.accounts.models import Patient
from piri.domain.adherence import WeekTally, streak_weeks, week_start, weekly_tallies
from piri.domain.adherence_span import SpanAdherence, last_days, span_adherence
from piri.program.models import ExerciseSession

RECENT_DAYS = 7  # "adherence" without a span named: the last 7 days (spec §4)


def local_today(patient: Patient, *, now: datetime) -> date:
    return now.astimezone(patient.zone).date()


def program_start(patient: Patient, first_session: date | None) -> date | None:
    """The program's first day (the patient's date): the onboarding day, or the first
    session's day when that is earlier; ``None`` before either."""
    if patient.onboarded_at is not None:
        started = patient.onboarded_at.astimezone(patient.zone).date()
        return min(started, first_session) if first_session else started
    return first_session


@dataclass(frozen=True, slots=True)
class Adherence:
    """Every session day of one patient, read once, and the spans and weeks asked of it."""

    today: date
    target: int  # sessions a week
    started: date | None  # the program's first day
    days: tuple[date, ...]  # one local date per session, oldest first (a day may repeat)

    def last(self, days: int = RECENT_DAYS) -> SpanAdherence | None:
        """The last ``days`` days, today included, never before the start."""
        return last_days(
            self.days, today=self.today, days=days, target=self.target, started=self.started
        )

    def since_start(self) -> SpanAdherence | None:
        if self.started is None:
            return None
        return span_adherence(self.days, first=self.started, last=self.today, target=self.target)

    def weeks(self, count: int) -> list[WeekTally]:
        """The last ``count`` weeks from the start's week on, this week last."""
        started = self.started or self.today  # not started yet: this week only
        return weekly_tallies(
            self.days, today=self.today, target=self.target, weeks=count, started=started
        )

    @property
    def streak(self) -> int:
        """Weeks in a row on target, over the whole program."""
        first = self.started or self.today
        count = (week_start(self.today) - week_start(min(first, self.today))).days // 7 + 1
        return streak_weeks(self.weeks(count))

    @property
    def today_count(self) -> int:
        """Sessions done today."""
        return sum(1 for day in self.days if day == self.today)


def adherence_of(patient: Patient, *, now: datetime) -> Adherence:
    """One query: the patient's session days up to today."""
    today = local_today(patient, now=now)
    days = tuple(
        ExerciseSession.objects.filter(patient=patient, local_date__lte=today)
        .order_by("local_date")
        .values_list("local_date", flat=True)
    )
    return Adherence(
        today=today,
        target=patient.weekly_target,
        started=program_start(patient, days[0] if days else None),
        days=days,
    )


@dataclass(frozen=True, slots=True)
class History:
    weeks: list[WeekTally]  # from the program's start week on, this week last
    streak: int
    recent_span: SpanAdherence | None  # the last 7 days (None before the start)
    recent: list[ExerciseSession]
    today_sessions: int

    @property
    def this_week(self) -> WeekTally:
        return self.weeks[-1]


def history_for(patient: Patient, *, now: datetime, weeks: int = 12) -> History:
    adherence = adherence_of(patient, now=now)
    recent = list(ExerciseSession.objects.filter(patient=patient).order_by("-started_at")[:20])
    return History(
        weeks=adherence.weeks(weeks),
        streak=adherence.streak,
        recent_span=adherence.last(),
        recent=recent,
        today_sessions=adherence.today_count,
    )
