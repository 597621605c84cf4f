"""The session log at the back of the report: one line per session for the latest weeks, and
one line per week before that (the data export keeps every session).

An item (a massage option or an exercise) counts as done in a session when every one of its
working steps (holds, relaxes, massage) was done on every side. Each listed session names its
safety events (numbness or tingling spreading, pain above amber; ``services.session_events``,
as on the history page).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import fmean
from typing import Any

from piri.accounts.models import Patient
from piri.domain.adherence import week_start
from piri.domain.plan import SessionPlan, StepKind
from piri.domain.policy import Policy
from piri.domain.protocol import Protocol
from piri.program.fact_words import event_words
from piri.program.models import ExerciseSession, Plan, StepResult
from piri.program.services.session_events import events_of

DETAIL_WEEKS = 12  # sessions listed one by one for this many weeks; earlier ones by week
WORK_KINDS = frozenset({StepKind.HOLD, StepKind.RELAX, StepKind.MASSAGE})


@dataclass(frozen=True, slots=True)
class LogRow:
    day: date
    started_at: datetime
    minutes: int
    completed: bool
    items_done: int
    items_planned: int
    end_pain: int | None
    events: tuple[str, ...] = ()  # its safety events, in words


@dataclass(frozen=True, slots=True)
class WeekRow:
    start: date
    sessions: int
    completed: int
    minutes: int
    mean_end_pain: float | None


@dataclass(frozen=True, slots=True)
class SessionLog:
    rows: tuple[LogRow, ...]  # newest first
    earlier: tuple[WeekRow, ...]  # newest first: weeks before ``detail_from``
    detail_from: date  # the first day listed session by session

    @property
    def empty(self) -> bool:
        return not self.rows and not self.earlier


def _work_steps(plan: SessionPlan) -> dict[str, str]:
    """step id -> item, for the steps that do the work of an item."""
    return {step.id: step.item for step in plan.steps if step.kind in WORK_KINDS and step.item}


def _items(
    patient: Patient, first: date
) -> tuple[dict[int, set[str]], dict[int, set[str]], dict[Any, set[str]]]:
    """Per session id: the items not fully done, the items touched; per plan: its items."""
    work = {
        plan_id: _work_steps(SessionPlan.from_json(body))
        for plan_id, body in Plan.objects.filter(patient=patient).values_list("id", "body")
    }
    plan_items = {plan_id: set(steps.values()) for plan_id, steps in work.items()}
    not_done: dict[int, set[str]] = defaultdict(set)
    touched: dict[int, set[str]] = defaultdict(set)
    results = StepResult.objects.filter(
        session__patient=patient, session__local_date__gte=first
    ).values_list("session_id", "session__plan_id", "step_id", "status")
    for session_id, plan_id, step_id, status in results.iterator(chunk_size=5000):
        item = work.get(plan_id, {}).get(step_id)
        if item is None:
            continue
        touched[session_id].add(item)
        if status != StepResult.Status.DONE:
            not_done[session_id].add(item)
    return not_done, touched, plan_items


def _minutes(started: datetime, ended: datetime) -> int:
    return max(0, round((ended - started).total_seconds() / 60))


def session_log(
    patient: Patient,
    *,
    today: date,
    protocol: Protocol,
    policy: Policy,
    started: date | None = None,
    detail_weeks: int = DETAIL_WEEKS,
) -> SessionLog:
    """``started``: the program's first day (the listing never says it begins before)."""
    detail_from = week_start(today) - timedelta(weeks=max(detail_weeks, 1) - 1)
    if started is not None:
        detail_from = max(detail_from, min(started, today))
    sessions = ExerciseSession.objects.filter(patient=patient).order_by("-started_at")
    fields = ("id", "plan_id", "local_date", "started_at", "ended_at", "completed", "end_pain")
    listed = list(sessions.filter(local_date__gte=detail_from).only("plan", *fields[2:]))
    recent = [
        (s.pk, s.plan_id, s.local_date, s.started_at, s.ended_at, s.completed, s.end_pain)
        for s in listed
    ]
    events = events_of(listed, policy=policy)
    not_done, touched, plan_items = _items(patient, detail_from)
    rows = []
    for session_id, plan_id, day, started, ended, completed, end_pain in recent:
        planned = plan_items.get(plan_id, set())
        done = touched[session_id] - not_done[session_id]
        rows.append(
            LogRow(
                day=day,
                started_at=started,
                minutes=_minutes(started, ended),
                completed=completed,
                items_done=len(done & planned),
                items_planned=len(planned),
                end_pain=end_pain,
                events=tuple(event_words(e, protocol) for e in events[session_id]),
            )
        )
    weeks: dict[date, list[tuple[Any, ...]]] = defaultdict(list)
    older = sessions.filter(local_date__lt=detail_from).values_list(*fields)
    for record in older.iterator(chunk_size=5000):
        weeks[week_start(record[2])].append(record)
    earlier = [
        WeekRow(
            start=start,
            sessions=len(found),
            completed=sum(1 for r in found if r[5]),
            minutes=sum(_minutes(r[3], r[4]) for r in found),
            mean_end_pain=round(fmean(pains), 1)
            if (pains := [r[6] for r in found if r[6] is not None])
            else None,
        )
        for start, found in sorted(weeks.items(), reverse=True)
    ]
    return SessionLog(rows=tuple(rows), earlier=tuple(earlier), detail_from=detail_from)
