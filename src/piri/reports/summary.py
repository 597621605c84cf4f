"""Page one of the report, as data: what a specialist reads in a minute.

Who the patient is and since when; each outcome measure's baseline against now with the
change judged against its MCID; adherence over the last four weeks and since the start;
red flags with what became of them; the current doses and the latest dose changes with their
reasons; and what the patient says works for them. Every date is the patient's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from piri.accounts.models import Patient
from piri.domain.adherence import WeekTally
from piri.domain.adherence_span import SpanAdherence
from piri.domain.extent_latest import ExtentReading
from piri.domain.measures.model import MeasuresCatalog
from piri.domain.policy import Policy
from piri.domain.protocol import Protocol
from piri.program.dose_rows import Doses, doses_for
from piri.program.models import ExerciseSession
from piri.program.services.history import adherence_of, local_today
from piri.program.services.screening import SafetyState, safety_state
from piri.program.services.symptoms import latest_extent_of
from piri.reports.measure_rows import MeasureRow, daily_pain_row, score_rows
from piri.reports.safety_rows import Flags, flags_for
from piri.reports.what_works import WorksRow, what_works

RECENT_WEEKS = 4
DOSE_CHANGES = 5  # the latest dose changes on page one (the exports hold them all)


@dataclass(frozen=True, slots=True)
class Adherence:
    target: int  # sessions a week
    sessions: int  # every session recorded
    completed: int  # of which finished
    last_7_days: SpanAdherence | None  # as the patient's pages state it
    recent: SpanAdherence | None  # the last four weeks (from the start, if later)
    overall: SpanAdherence | None  # since the start
    weeks: tuple[WeekTally, ...]  # the last four weeks from the start week on, oldest first


@dataclass(frozen=True, slots=True)
class ReportSummary:
    patient_name: str
    username: str
    time_zone: str
    generated_at: datetime  # in the patient's time zone
    today: date
    started: date | None  # the patient's first day in the program
    baseline_pain: int | None  # pain at sign-up
    safety: SafetyState
    measures: tuple[MeasureRow, ...]
    adherence: Adherence
    flags: Flags
    doses: Doses
    works: tuple[WorksRow, ...]
    latest_extent: ExtentReading | None  # the latest reach, whichever kind of record
    # "what works for me" as the /insights/ page words it (insight_views.page_context), or None
    insights: Any = None

    @property
    def weeks_in_program(self) -> int | None:
        return None if self.started is None else (self.today - self.started).days // 7


def adherence_for(patient: Patient, *, now: datetime) -> Adherence:
    sessions = adherence_of(patient, now=now)
    completed = ExerciseSession.objects.filter(patient=patient, completed=True).count()
    return Adherence(
        target=sessions.target,
        sessions=ExerciseSession.objects.filter(patient=patient).count(),
        completed=completed,
        last_7_days=sessions.last(),
        recent=sessions.last(RECENT_WEEKS * 7),
        overall=sessions.since_start(),
        weeks=tuple(sessions.weeks(RECENT_WEEKS)) if sessions.started else (),
    )


def build_summary(
    patient: Patient,
    *,
    protocol: Protocol,
    policy: Policy,
    catalog: MeasuresCatalog,
    now: datetime,
    insights: Any = None,
) -> ReportSummary:
    today = local_today(patient, now=now)
    adherence = adherence_for(patient, now=now)
    measures = score_rows(patient, catalog)
    if (pain := daily_pain_row(patient, catalog)) is not None:
        measures.insert(0, pain)
    user = patient.user
    return ReportSummary(
        patient_name=user.get_full_name() or user.get_username(),
        username=user.get_username(),
        time_zone=patient.time_zone,
        generated_at=timezone.localtime(now, patient.zone),
        today=today,
        started=adherence.overall.first if adherence.overall else None,
        baseline_pain=patient.baseline_pain,
        safety=safety_state(patient, policy=policy),
        measures=tuple(measures),
        adherence=adherence,
        flags=flags_for(patient, policy=policy),
        doses=doses_for(patient, protocol=protocol, policy=policy, now=now, changes=DOSE_CHANGES),
        works=what_works(patient, protocol=protocol),
        latest_extent=latest_extent_of(patient),
        insights=insights,
    )
