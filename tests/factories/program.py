"""A patient's program and its records: safety screenings, session plans and sessions,
check-ins, weekly measures, triage reasons, and the clinician's program editor form."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from piri.accounts.models import Patient
from piri.clinic.program_form import state_of
from piri.clinic.services.triage_rows import refresh_triage
from piri.domain.adherence import week_start
from piri.domain.policy import Tier
from piri.domain.triage import Screening as Kind
from piri.domain.triage import questions_for
from piri.program.models import (
    CheckAnswer,
    CheckIn,
    ExerciseSession,
    MeasureResponse,
    Plan,
    Prescription,
    Screening,
)
from piri.program.services.history import local_today
from piri.program.services.plans import plan_for
from piri.program.services.protocol import active_policy, active_protocol
from piri.program.services.screening import raise_tier, record_screening

# --------------------------------------------------------------------------------------------
# Safety screenings and triage reasons

FLAG_QUESTION = {"E": "E1", "U": "U1", "D": "D1"}


def screen(
    patient: Patient,
    *,
    kind: Kind = Kind.BEFORE_SESSION,
    yes: tuple[str, ...] = (),
    now: datetime | None = None,
) -> Screening:
    """Answer a screening: "yes" to the question ids in ``yes``, "no" to the rest."""
    policy = active_policy()
    answers = {q.id: ("yes" if q.id in yes else "no") for q in questions_for(kind, policy=policy)}
    return record_screening(
        patient, kind=kind, answers=answers, policy=policy, now=now or timezone.now()
    )


def flag(patient: Patient, tier: str, *, now: datetime | None = None) -> Screening:
    """A weekly screening answered "yes" to one question of ``tier`` (E, U or D)."""
    return screen(patient, kind=Kind.WEEKLY, yes=(FLAG_QUESTION[tier],), now=now)


def program_flag(patient: Patient, *, reason: str = "weekly_rising:2026-01-05") -> Screening:
    """A tier D raised by a program rule (stored as a program screening with a note)."""
    return raise_tier(
        patient,
        tier=Tier.D,
        reason=reason,
        note="Pain rising.",
        policy=active_policy(),
        now=timezone.now(),
    )


def prompt(
    patient: Patient, *, key: str = "review_first:2026-01-05", at: datetime | None = None
) -> Screening:
    """A program note (tier C) as ``adapt_program`` stores it, then the row refreshed."""
    made = Screening.objects.create(
        patient=patient,
        kind=Screening.Kind.PROGRAM,
        answers={},
        tier="C",
        reasons=[key],
        note="Please book a review.",
        policy_version=active_policy().version,
        created_at=at or timezone.now(),
    )
    refresh_triage(patient, now=timezone.now())
    return made


# --------------------------------------------------------------------------------------------
# Plans and sessions


def make_plan(patient: Patient) -> Plan:
    plan = plan_for(patient, protocol=active_protocol())
    assert plan is not None, "the patient is not onboarded"
    return plan


def session_payload(plan: Plan, **overrides: Any) -> dict[str, Any]:
    """A finished session as the player posts it: every step done for its planned time."""
    started = overrides.pop("started_at", timezone.now() - timedelta(minutes=20))
    steps = plan.body["steps"]
    payload: dict[str, Any] = {
        "client_id": str(uuid.uuid4()),
        "plan_id": str(plan.id),
        "started_at": started.isoformat(),
        "ended_at": (started + timedelta(seconds=plan.body["total_s"])).isoformat(),
        "completed": True,
        "steps": [
            {"step_id": s["id"], "status": "done", "seconds": s["duration_s"]} for s in steps
        ],
        "checks": [
            {"step_id": s["id"], "change": "same", "extent": "thigh", "pain": 2}
            for s in steps
            if s["kind"] == "check"
        ],
        "end_pain": 2,
        "helped_most": plan.body["helped_options"][0]["id"],
    }
    payload.update(overrides)
    return payload


def make_sessions(patient: Patient, days: Iterable[date]) -> list[ExerciseSession]:
    """One finished session on each local date in ``days`` (a date may repeat), in bulk."""
    plan = make_plan(patient)
    rows = []
    for day in days:
        started = datetime.combine(day, time(9), tzinfo=patient.zone)
        rows.append(
            ExerciseSession(
                patient=patient,
                plan=plan,
                client_id=uuid.uuid4(),
                started_at=started,
                ended_at=started + timedelta(minutes=15),
                local_date=day,
            )
        )
    return ExerciseSession.objects.bulk_create(rows)


def session_with_reach(
    patient: Patient, day: date, reaches: tuple[str, ...], *, refresh: bool = True
) -> ExerciseSession:
    """A session on ``day`` whose check answers say how far down the leg it reached, in order.
    It starts at 09:00 that day, or an hour ago when that is later than now (a test run just
    after midnight must not record a session in the future)."""
    started = min(
        datetime.combine(day, time(9), tzinfo=patient.zone), timezone.now() - timedelta(hours=1)
    )
    session = ExerciseSession.objects.create(
        patient=patient,
        plan=make_plan(patient),
        client_id=uuid.uuid4(),
        started_at=started,
        ended_at=started + timedelta(minutes=15),
        local_date=day,
    )
    CheckAnswer.objects.bulk_create(
        CheckAnswer(session=session, position=n, step_id=f"check-{n}", change="same", extent=r)
        for n, r in enumerate(reaches)
    )
    if refresh:
        refresh_triage(patient, now=timezone.now())
    return session


# --------------------------------------------------------------------------------------------
# Check-ins and weekly measures

EXTENTS = ("thigh", "buttock", "none")


def make_checkin(patient: Patient, day: date, **fields: Any) -> CheckIn:
    """A daily check-in stored as it is (``pain_average``, ``extent``, ``sitting_minutes``…)."""
    return CheckIn.objects.create(patient=patient, day=day, **fields)


def make_measure(patient: Patient, instrument: str, week: date, **scores: float) -> MeasureResponse:
    """One instrument's scores for the week starting ``week``, stored as they are."""
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
    make_measure(patient, "nprs", first, pain_now=6, pain_average_24h=6)
    make_measure(patient, "nprs", monday, pain_now=3, pain_average_24h=3)
    make_measure(patient, "rmdq", first, total=12)
    make_measure(patient, "rmdq", monday, total=6)
    make_measure(patient, "psfs", monday, mean=6.5)
    make_measure(patient, "grc", monday, rating=2)
    return today


def two_years(patient: Patient) -> None:
    """A check-in every day for two years, sessions three days a week, weekly pain answers."""
    today = local_today(patient, now=timezone.now())
    days = [today - timedelta(days=n) for n in range(730)]
    CheckIn.objects.bulk_create(
        CheckIn(patient=patient, day=d, pain_average=d.day % 7, extent="thigh", sitting_minutes=30)
        for d in days
    )
    make_sessions(patient, [d for d in days if d.weekday() in (0, 2, 4)])
    for week in sorted({week_start(d) for d in days}):
        make_measure(patient, "nprs", week, pain_average_24h=4)


# --------------------------------------------------------------------------------------------
# The clinician's program editor


def editor_post(prescription: Prescription, **changes: Any) -> dict[str, Any]:
    """The editor's form as the page fills it for ``prescription``, with ``changes`` on top:
    ``{"clamshell_hold.hold_s": "20", "lock": [...], "why": "...", "on": [...]}``."""
    state = state_of(prescription, active_protocol())
    data: dict[str, Any] = {
        "based_on": state.based_on,
        "on": sorted(state.on),
        "stretch_variant": state.stretch_variant,
        "massage_option": state.massage_option,
        "lock": sorted(state.locks),
        "note": "",
        "why": "Checked at today's appointment",
        **state.doses,
    }
    if state.lock_variant:
        data["lock_variant"] = "on"
    data.update(changes)
    return data
