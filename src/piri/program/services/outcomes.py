"""What happened, read back from storage into the domain's history (``piri.domain.history``).

A session is judged per item and side (a plan ``block``): its dose comes from the plan the
patient played, its pain, reach and "more" from the check answers given inside the block
(planned checks and "tingling worse?" answers alike), and its reach before from the last
answer before the block began. ``block_answers`` splits a session's answers that way; the
insights page (``services.insights``) reads the same split.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from piri.accounts.models import Patient
from piri.domain.history import CheckIn as CheckInRecord
from piri.domain.history import ItemResult, RatingOfChange, SessionOutcome
from piri.domain.measures.grc import GRC_ID, rating_of
from piri.domain.plan import Extent, SessionPlan, Step, StepKind
from piri.domain.progression import History
from piri.program.models import (
    CheckAnswer,
    CheckIn,
    ExerciseSession,
    MeasureResponse,
    StepResult,
    WeeklyCheck,
)

SESSION_BLOCK = "session"


def _blocks(plan: SessionPlan) -> dict[str, list[Step]]:
    blocks: dict[str, list[Step]] = defaultdict(list)
    for step in plan.steps:
        if step.block != SESSION_BLOCK and step.item:
            blocks[step.block].append(step)
    return blocks


def _dose(steps: list[Step]) -> tuple[int, int]:
    holds = [s for s in steps if s.kind is StepKind.HOLD]
    if holds:
        return len(holds), int(holds[0].duration_s)
    massage = [s for s in steps if s.kind is StepKind.MASSAGE]
    return 1, int(sum(s.duration_s for s in massage))


def _extent(value: str | None) -> Extent | None:
    try:
        return Extent(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class BlockAnswers:
    """One plan block (an item, one side) with the check answers that bear on it, each list in
    the order the answers were given."""

    item: str
    side: str | None
    steps: list[Step]  # the block's plan steps
    before: list[CheckAnswer]  # answered at a step before the block began
    inside: list[CheckAnswer]  # answered at a step of the block

    @property
    def reach_before(self) -> Extent | None:
        """How far it reached when the block began: the last answer before it."""
        return _extent(self.before[-1].extent) if self.before else None

    @property
    def reach_after(self) -> Extent | None:
        """The furthest it reached inside the block."""
        reaches = [e for e in (_extent(c.extent) for c in self.inside) if e is not None]
        return max(reaches, key=lambda e: e.rank) if reaches else None

    @property
    def pain_before(self) -> int | None:
        """The last pain given before the block began."""
        pains = [c.pain for c in self.before if c.pain is not None]
        return pains[-1] if pains else None

    @property
    def pain_after(self) -> int | None:
        """The highest pain given inside the block."""
        pains = [c.pain for c in self.inside if c.pain is not None]
        return max(pains) if pains else None


def block_answers(plan: SessionPlan, checks: list[CheckAnswer]) -> list[BlockAnswers]:
    """Every item block of a plan, in plan order, with the answers before and inside it."""
    block_of = {step.id: step.block for step in plan.steps}
    position = {step.id: index for index, step in enumerate(plan.steps)}
    found = []
    for block, block_steps in _blocks(plan).items():
        first = min(position[s.id] for s in block_steps)
        found.append(
            BlockAnswers(
                item=block_steps[0].item or "",
                side=block_steps[0].side,
                steps=block_steps,
                before=[c for c in checks if position.get(c.step_id, -1) < first],
                inside=[c for c in checks if block_of.get(c.step_id) == block],
            )
        )
    return found


def session_outcome(
    session: ExerciseSession,
    status: Mapping[str, str],
    checks: list[CheckAnswer],
    *,
    order: int = 0,
    plan: SessionPlan | None = None,
) -> SessionOutcome:
    """``status``: step id -> how it went (``StepResult.status``); ``plan``: the session's
    plan, already read (default: read from ``session.plan``)."""
    items: list[ItemResult] = []
    plan = plan or SessionPlan.from_json(session.plan.body)
    for block in block_answers(plan, checks):
        sets, hold_s = _dose(block.steps)
        statuses = [status.get(s.id) for s in block.steps if s.kind is not StepKind.CHECK]
        items.append(
            ItemResult(
                item=block.item,
                side=block.side,
                sets=sets,
                hold_s=hold_s,
                pain=block.pain_after,
                extent_before=block.reach_before,
                extent_after=block.reach_after,
                more=any(c.change == "more" for c in block.inside),
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
    """The patient's sessions (from ``since``, if given), every daily and weekly check-in and
    every global rating of change, as the rules read them: three queries for sessions, one
    each for check-ins, weekly checks and ratings, whatever their number."""
    rows = ExerciseSession.objects.filter(patient=patient)
    if since is not None:
        rows = rows.filter(local_date__gte=since)
    sessions = list(rows.select_related("plan").order_by("started_at"))
    plans: dict[Any, SessionPlan] = {}  # each plan parsed once, however many sessions it has
    # the steps' statuses as plain values: about fifty steps a session, as model objects
    # (prefetched) they took most of the home page's time
    statuses: dict[int, dict[str, str]] = defaultdict(dict)
    checks: dict[int, list[CheckAnswer]] = defaultdict(list)
    if sessions:
        steps = StepResult.objects.filter(session__in=rows).values_list(
            "session_id", "step_id", "status"
        )
        for session_id, step_id, status in steps:
            statuses[session_id][step_id] = status
        for answer in CheckAnswer.objects.filter(session__in=rows).order_by("session", "position"):
            checks[answer.session_id].append(answer)
    order_in_day: dict[Any, int] = defaultdict(int)
    outcomes = []
    for session in sessions:
        if session.plan_id not in plans:
            plans[session.plan_id] = SessionPlan.from_json(session.plan.body)
        outcomes.append(
            session_outcome(
                session,
                statuses[session.pk],
                checks[session.pk],
                order=order_in_day[session.local_date],
                plan=plans[session.plan_id],
            )
        )
        order_in_day[session.local_date] += 1
    checkins = tuple(
        sorted(
            [
                *(checkin_record(c) for c in patient.checkins.order_by("day")),
                *weekly_checkins(patient),
            ],
            key=lambda c: c.day,
        )
    )
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
        ratings=ratings_of_change(patient),
    )


def weekly_checkins(patient: Patient) -> list[CheckInRecord]:
    """The "compared with last week" answers as weekly check-ins (``worse`` if they said so)."""
    rows = WeeklyCheck.objects.filter(patient=patient).order_by("day")
    return [
        CheckInRecord(day=day, worse=change == WeeklyCheck.Change.WORSE, weekly=True)
        for day, change in rows.values_list("day", "change")
    ]


def ratings_of_change(patient: Patient) -> tuple[RatingOfChange, ...]:
    """The weekly global ratings of change (the ``grc`` answers, -3..+3), oldest first."""
    rows = MeasureResponse.objects.filter(patient=patient, instrument=GRC_ID).order_by("day")
    found = []
    for day, answers in rows.values_list("day", "answers"):
        value = answers.get("rating") if isinstance(answers, dict) else None
        if isinstance(value, int) and not isinstance(value, bool) and -3 <= value <= 3:
            found.append(RatingOfChange(day=day, rating=rating_of(value)))
    return tuple(found)
