"""The facts a reminder rule needs, answered by the program's own services (never worked
out twice): session done today, weekly aim met, the lock of the safety tier in force."""

from __future__ import annotations

from datetime import datetime

from piri.accounts.models import Patient
from piri.domain.policy import ExerciseStatus
from piri.domain.reminders import Facts, Lock
from piri.program.services.history import adherence_of
from piri.program.services.plans import plan_for
from piri.program.services.protocol import active_policy, active_protocol
from piri.program.services.screening import safety_state
from piri.reminders.rules import rules

_LOCKS = {ExerciseStatus.LOCKED: Lock.LOCKED, ExerciseStatus.PAUSED: Lock.PAUSED}


def facts_for(patient: Patient, *, now: datetime) -> Facts:
    adherence = adherence_of(patient, now=now)
    week = adherence.weeks(1)[-1]
    state = safety_state(patient, policy=active_policy())
    return Facts(
        done_today=adherence.today_count > 0,
        aim_met=week.met and week.target > 0,
        lock=_LOCKS.get(state.info.exercises, Lock.NONE),
    )


def session_seconds(patient: Patient) -> int:
    """How long the patient's current plan takes (a calendar event's length)."""
    plan = plan_for(patient, protocol=active_protocol())
    if plan is None:
        return rules().default_session_s
    total = plan.body.get("total_s") if isinstance(plan.body, dict) else None
    return int(total) if total else rules().default_session_s
