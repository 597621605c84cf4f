"""What happened, read back from storage into the domain's history (``piri.domain.history``).

A session is judged per item and side (a plan ``block``): its dose comes from the plan the
patient played, its pain, reach and "more" from the check answers given inside the block
(planned checks and "tingling worse?" answers alike), and its reach before from the last
answer before the block began.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from piri.accounts.models import Patient
from piri.domain.history import CheckIn as CheckInRecord
from piri.domain.history import ItemResult, SessionOutcome
from piri.domain.plan import Extent
from piri.domain.progression import History
from piri.program.models import CheckAnswer, CheckIn, ExerciseSession, StepResult

SESSION_BLOCK = "session"


def _blocks(plan: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    blocks: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for step in plan["steps"]:
        if step["block"] != SESSION_BLOCK and step.get("item"):
            blocks[step["block"]].append(step)
    return blocks


def _dose(steps: list[dict[str, Any]]) -> tuple[int, int]:
    holds = [s for s in steps if s["kind"] == "hold"]
    if holds:
        return len(holds), int(holds[0]["duration_s"])
    massage = [s for s in steps if s["kind"] == "massage"]
    return 1, int(sum(s["duration_s"] for s in massage))


def _extent(value: str | None) -> Extent | None:
    try:
        return Extent(value) if value else None
    except ValueError:
        return None


def session_outcome(
    session: ExerciseSession,
    steps: list[StepResult],
    checks: list[CheckAnswer],
    *,
    order: int = 0,
) -> SessionOutcome:
    plan = session.plan.body
    block_of = {step["id"]: step["block"] for step in plan["steps"]}
    position = {step["id"]: index for index, step in enumerate(plan["steps"])}
    status = {r.step_id: r.status for r in steps}
    items: list[ItemResult] = []
    for block, block_steps in _blocks(plan).items():
        first = min(position[s["id"]] for s in block_steps)
        inside = [c for c in checks if block_of.get(c.step_id) == block]
        before = [c for c in checks if position.get(c.step_id, -1) < first]
        sets, hold_s = _dose(block_steps)
        reaches = [e for e in (_extent(c.extent) for c in inside) if e is not None]
        pains = [c.pain for c in inside if c.pain is not None]
        statuses = [status.get(s["id"]) for s in block_steps if s["kind"] != "check"]
        items.append(
            ItemResult(
                item=block_steps[0]["item"],
                side=block_steps[0].get("side"),
                sets=sets,
                hold_s=hold_s,
                pain=max(pains) if pains else None,
                extent_before=_extent(before[-1].extent) if before else None,
                extent_after=max(reaches, key=lambda e: e.rank) if reaches else None,
                more=any(c.change == "more" for c in inside),
                stopped=any(s == StepResult.Status.STOPPED for s in statuses),
                completed=all(s == StepResult.Status.DONE for s in statuses),
            )
        )
    return SessionOutcome(day=session.local_date, items=tuple(items), order=order)


def checkin_record(row: CheckIn) -> CheckInRecord:
    return CheckInRecord(
        day=row.day,
        pain_now=row.pain_now,
        pain_average=row.pain_average,
        next_morning=row.next_morning,
        new_stiffness=row.new_stiffness,
        extent=_extent(row.extent),
        new_numbness_or_weakness=row.new_numbness_or_weakness,
        stops_activities=row.stops_activities,
        worse=row.worse,
    )


def history_of(
    patient: Patient, *, baseline_pain: int | None = None, since: date | None = None
) -> History:
    """The patient's sessions (from ``since``, if given) and every check-in, as the rules
    read them: three queries for sessions and one for check-ins, whatever their number."""
    rows = ExerciseSession.objects.filter(patient=patient)
    if since is not None:
        rows = rows.filter(local_date__gte=since)
    sessions = list(
        rows.select_related("plan").prefetch_related("steps", "checks").order_by("started_at")
    )
    order_in_day: dict[Any, int] = defaultdict(int)
    outcomes = []
    for session in sessions:
        outcomes.append(
            session_outcome(
                session,
                list(session.steps.all()),
                list(session.checks.all()),
                order=order_in_day[session.local_date],
            )
        )
        order_in_day[session.local_date] += 1
    checkins = tuple(checkin_record(c) for c in patient.checkins.order_by("day"))
    started = (
        patient.onboarded_at.astimezone(patient.zone).date()
        if patient.onboarded_at
        else (sessions[0].local_date if sessions else None)
    )
    return History(
        started=started or patient.created_at.date(),
        baseline_pain=baseline_pain,
        sessions=tuple(outcomes),
        checkins=checkins,
    )
