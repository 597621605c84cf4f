"""A patient's stored sessions and check-ins as the records "what works for me" reads.

**Within sessions, per item and side** (a plan block, split by ``outcomes.block_answers``, the
same split the dosing rules read):

- *pain before* is the last pain given before the block began (the start check, or the check
  after the exercise before it); *pain after* is the highest pain given inside the block
  (its closing check and any "tingling worse?" answer during it). Piri does not ask about
  pain during massage, so massage has no within-session pain change;
- *reach before* is how far numbness or tingling reached at the last answer before the block;
  *reach after* the furthest it reached at any answer inside it.

Taking the highest pain and the furthest reach inside the block, rather than the last answer,
errs on the side of caution: a flare during an item is not hidden by a calmer answer at its end.

An item counts as done in a session when at least one of its steps (other than a check) was
done or stopped part-way; skipped and never-reached items are left out, and a session with no
item done is not a session day.

**Days**: one per check-in: ``morning_pain`` is that day's ``next_morning`` (pain on waking),
``daily_pain`` its ``pain_average``, ``triggers`` the ids it holds (``None``: not asked).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from piri.accounts.models import Patient
from piri.domain.insights import DayRecord, ItemDone, SessionRecord
from piri.domain.plan import SessionPlan, StepKind
from piri.program.models import CheckAnswer, CheckIn, ExerciseSession, Plan, StepResult
from piri.program.services.outcomes import block_answers

DONE = frozenset({StepResult.Status.DONE.value, StepResult.Status.STOPPED.value})


def items_done(
    plan: SessionPlan, statuses: dict[str, str], checks: list[CheckAnswer]
) -> tuple[ItemDone, ...]:
    """The items (and sides) of one session that were done, with their before and after."""
    found = []
    for block in block_answers(plan, checks):
        started = any(
            statuses.get(step.id) in DONE for step in block.steps if step.kind is not StepKind.CHECK
        )
        if not started:
            continue
        found.append(
            ItemDone(
                item=block.item,
                side=block.side,
                pain_before=block.pain_before,
                pain_after=block.pain_after,
                extent_before=block.reach_before,
                extent_after=block.reach_after,
            )
        )
    return tuple(found)


def session_records(patient: Patient) -> tuple[SessionRecord, ...]:
    """Every session with an item done, oldest first. Four queries whatever the number: the
    sessions, their plans (each stored once), step statuses and check answers."""
    sessions = list(
        ExerciseSession.objects.filter(patient=patient)
        .order_by("started_at", "pk")
        .values_list("pk", "plan_id", "local_date")
    )
    if not sessions:
        return ()
    plans = {
        plan_id: SessionPlan.from_json(body)
        for plan_id, body in Plan.objects.filter(
            pk__in={plan_id for _, plan_id, _ in sessions}
        ).values_list("pk", "body")
    }
    statuses: dict[int, dict[str, str]] = defaultdict(dict)
    for session_id, step_id, status in StepResult.objects.filter(
        session__patient=patient
    ).values_list("session_id", "step_id", "status"):
        statuses[session_id][step_id] = status
    checks: dict[int, list[CheckAnswer]] = defaultdict(list)
    for answer in CheckAnswer.objects.filter(session__patient=patient).order_by(
        "session_id", "position"
    ):
        checks[answer.session_id].append(answer)
    order_in_day: dict[date, int] = defaultdict(int)
    records = []
    for session_id, plan_id, day in sessions:
        done = items_done(plans[plan_id], statuses[session_id], checks[session_id])
        if not done:
            continue
        records.append(SessionRecord(day=day, items=done, order=order_in_day[day]))
        order_in_day[day] += 1
    return tuple(records)


def day_records(patient: Patient) -> tuple[DayRecord, ...]:
    """One record per check-in, oldest first."""
    rows = CheckIn.objects.filter(patient=patient).order_by("day")
    return tuple(
        DayRecord(
            day=day,
            morning_pain=morning,
            daily_pain=average,
            triggers=None if triggers is None else frozenset(str(t) for t in triggers),
        )
        for day, morning, average, triggers in rows.values_list(
            "day", "next_morning", "pain_average", "triggers"
        )
    )
