"""Recording a finished session exactly once, checked against the plan it was played from."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from piri import messagebus
from piri.accounts.models import Patient
from piri.domain.errors import FieldError
from piri.domain.events import SessionRecorded
from piri.domain.plan import BranchAction, Change, Extent, SessionPlan, StepKind
from piri.program.models import CheckAnswer, ExerciseSession, Plan, StepResult
from piri.sql_rows import by_key

# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=10)
# Times in a report must fall between the day before the patient's program started and a day
# from now (docs/decisions/0010-bad-input.md): a session from 1900 or year 1 is a broken clock.
WINDOW_SLACK = timedelta(days=1)
ANSWERED_KINDS = frozenset({StepKind.CHECK, StepKind.FINISH})


class ReportError(FieldError):
    """A session report that does not fit its plan; ``field`` says where."""


@dataclass(frozen=True, slots=True)
class StepReport:
    step_id: str
    status: str
    seconds: float


@dataclass(frozen=True, slots=True)
class CheckReport:
    step_id: str
    change: Change
    extent: Extent
    pain: int | None = None
    action: BranchAction | None = None
    answered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SessionReport:
    client_id: uuid.UUID
    plan_id: uuid.UUID
    started_at: datetime
    ended_at: datetime
    completed: bool = True
    steps: Sequence[StepReport] = field(default_factory=tuple)
    checks: Sequence[CheckReport] = field(default_factory=tuple)
    end_pain: int | None = None
    helped_most: str | None = None


def _check_times(report: SessionReport, patient: Patient, *, now: datetime) -> None:
    """Every time in the report lies in the program's window; checked before any arithmetic
    on them (a year-1 or year-9999 time overflows when moved to another zone)."""
    start = min(patient.onboarded_at or patient.created_at or now, now)
    low, high = start - WINDOW_SLACK, now + WINDOW_SLACK
    moments = [("started_at", report.started_at), ("ended_at", report.ended_at)]
    moments += [
        (f"checks.{index}.answered_at", check.answered_at)
        for index, check in enumerate(report.checks)
        if check.answered_at is not None
    ]
    for name, moment in moments:
        if not low <= moment <= high:
            raise ReportError(
                name,
                _(
                    "must be between %(low)s and %(high)s: from a day before the program "
                    "started to a day from now"
                )
                % {"low": low.date().isoformat(), "high": high.date().isoformat()},
            )


def _check_against_plan(report: SessionReport, plan: Plan, *, now: datetime) -> None:
    stored = SessionPlan.from_json(plan.body)
    kinds = {step.id: step.kind for step in stored.steps}
    if report.ended_at < report.started_at:
        raise ReportError("ended_at", _("must not be before started_at"))
    if report.started_at > now + CLOCK_SKEW:
        raise ReportError("started_at", _("is in the future"))
    seen: set[str] = set()
    for index, step in enumerate(report.steps):
        if step.step_id not in kinds:
            raise ReportError(f"steps.{index}.step_id", _("is not a step of this plan"))
        if step.step_id in seen:
            raise ReportError(f"steps.{index}.step_id", _("is reported twice"))
        seen.add(step.step_id)
    for index, check in enumerate(report.checks):
        if kinds.get(check.step_id) not in ANSWERED_KINDS:
            raise ReportError(f"checks.{index}.step_id", _("is not a check of this plan"))
    answered = {check.step_id for check in report.checks}
    for index, step in enumerate(report.steps):
        if (
            kinds[step.step_id] is StepKind.CHECK
            and step.status == "done"
            and step.step_id not in answered
        ):
            raise ReportError(f"steps.{index}", _("a check marked done has no answer in checks"))
    helped = {option.id for option in stored.helped_options}
    if report.helped_most and report.helped_most not in helped:
        raise ReportError("helped_most", _("is not an item of this plan"))


def record_session(
    patient: Patient, report: SessionReport, *, now: datetime
) -> tuple[ExerciseSession, bool]:
    """Store the session; a report with a client_id already stored returns that one, unchanged."""
    # by_key: SQL written once (piri.sql_rows); every stored session asks these two
    existing = by_key(ExerciseSession, patient=patient.pk, client_id=report.client_id)
    if existing is not None:
        return existing, False
    plan = by_key(Plan, id=report.plan_id, patient=patient.pk)
    if plan is None:
        raise ReportError("plan_id", _("no such plan"))
    _check_times(report, patient, now=now)
    _check_against_plan(report, plan, now=now)
    try:
        with transaction.atomic():
            session = _create(patient, plan, report)
            # the clinic's triage row: the last session day, and any spreading in it
            messagebus.publish(
                SessionRecorded(patient_id=patient.pk, at=now, session_id=session.pk)
            )
    except IntegrityError:
        # The same report arrived twice at once: the other request stored it.
        return ExerciseSession.objects.get(patient=patient, client_id=report.client_id), False
    return session, True


def _create(patient: Patient, plan: Plan, report: SessionReport) -> ExerciseSession:
    session = ExerciseSession.objects.create(
        patient=patient,
        plan=plan,
        client_id=report.client_id,
        started_at=report.started_at,
        ended_at=report.ended_at,
        local_date=report.started_at.astimezone(patient.zone).date(),
        completed=report.completed,
        end_pain=report.end_pain,
        helped_most=report.helped_most or "",
    )
    StepResult.objects.bulk_create(
        StepResult(
            session=session,
            position=index,
            step_id=step.step_id,
            status=step.status,
            seconds=step.seconds,
        )
        for index, step in enumerate(report.steps)
    )
    CheckAnswer.objects.bulk_create(
        CheckAnswer(
            session=session,
            position=index,
            step_id=check.step_id,
            change=check.change.value,
            extent=check.extent.value,
            pain=check.pain,
            action=check.action.value if check.action else "",
            answered_at=check.answered_at,
        )
        for index, check in enumerate(report.checks)
    )
    return session
