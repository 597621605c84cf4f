"""A made-up but believable history for the demo patient (``piri demo``) and the benchmarks.

Seeded, so every run makes the same data: pain easing from the baseline over the first months,
tingling creeping back up from below the knee to the buttock, sitting tolerance growing,
sessions on a little over half the days (an item now and then skipped), a check-in on most
days with the triggers met, and item effects the "what works for me" page can find
(the clamshell and the massage ease pain a little; a soft seat makes the next day worse).
Check-ins are written in bulk: they are past days, which the check-in service refuses on
purpose.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from piri.accounts.models import Patient
from piri.domain.plan import Change, Extent, SessionPlan, StepKind
from piri.program.models import CheckIn, ItemRating, Plan
from piri.program.services.activities import name_activities, slot_id
from piri.program.services.measures import record_week
from piri.program.services.recording import (
    CheckReport,
    SessionReport,
    StepReport,
    record_session,
)

SESSION_CHANCE = 0.55
CHECKIN_CHANCE = 0.85
SKIP_ITEM_CHANCE = 0.2
# how much an item changes pain within a session (negative: eases it), and the next morning
ITEM_EFFECT = {"clamshell_hold": -1.0, "fingers": -0.4, "glute_isometric": -0.3}
# (a massage has two checks, so its effect counts twice)
MORNING_EFFECT = {"clamshell_hold": -0.8}
TRIGGER_EFFECT = {"soft_seat": 1.2, "back_pocket_wallet": 0.4}
# the last four weeks are steady, so the demo opens without a "pain rising" review prompt
SETTLED_DAYS = 28
DEMO_ACTIVITIES = ("Sitting through a film", "Driving to work", "Walking the dog")
DEMO_RATINGS = {"clamshell_hold": 5, "fingers": 4, "figure4_lying": 3}
EXTENTS = (Extent.BELOW_KNEE, Extent.THIGH, Extent.BUTTOCK, Extent.NONE)


@dataclass(frozen=True, slots=True)
class DemoDay:
    day: date
    pain: float  # the underlying pain of the day before the effects
    extent: Extent


def _clamp(value: float) -> int:
    return max(0, min(10, round(value)))


def days_of(start: date, count: int, *, baseline: int, rng: random.Random) -> list[DemoDay]:
    """``count`` days from ``start``: pain eases from ``baseline`` to about a third of it over
    the first 70 % of the span, with day-to-day noise until the last ``SETTLED_DAYS``;
    tingling retreats in steps."""
    ease_days = max(1, int(count * 0.7))
    days = []
    for n in range(count):
        progress = min(1.0, n / ease_days)
        noise = rng.uniform(-1.0, 1.0) if n < count - SETTLED_DAYS else 0.0
        pain = baseline - baseline * 0.6 * progress + noise
        extent = EXTENTS[
            min(len(EXTENTS) - 1, int(progress * len(EXTENTS) + rng.uniform(-0.4, 0.4)))
        ]
        days.append(DemoDay(start + timedelta(days=n), max(0.0, pain), extent))
    return days


def session_report(
    plan: Plan, started: datetime, *, pain: float, extent: Extent, rng: random.Random
) -> tuple[SessionReport, set[str]]:
    """A session as the player would send it, and the items done in it."""
    stored = SessionPlan.from_json(plan.body)
    steps = stored.steps
    blocks = dict.fromkeys(s.block for s in steps if s.item and s.block != "session")
    skipped = {block for block in blocks if rng.random() < SKIP_ITEM_CHANCE}
    done: set[str] = set()
    step_reports = []
    checks = []
    current = pain
    for step in steps:
        if step.block in skipped:
            step_reports.append(StepReport(step.id, "skipped", 0.0))
            continue
        step_reports.append(StepReport(step.id, "done", float(step.duration_s)))
        item = step.item
        if item:
            done.add(item)
        if step.kind is StepKind.CHECK:
            if item:
                current += ITEM_EFFECT.get(item or "", 0.0) + rng.uniform(-0.5, 0.5)
            checks.append(
                CheckReport(
                    step_id=step.id, change=Change.SAME, extent=extent, pain=_clamp(current)
                )
            )
    report = SessionReport(
        client_id=uuid.UUID(int=rng.getrandbits(128)),
        plan_id=plan.id,
        started_at=started,
        ended_at=started + timedelta(seconds=stored.total_s),
        steps=step_reports,
        checks=checks,
        end_pain=_clamp(current),
        helped_most=stored.helped_options[0].id if stored.helped_options else None,
    )
    return report, done


def fill_history(
    patient: Patient, plan: Plan, *, start: datetime, days: int, seed: int = 7
) -> None:
    """Sessions and check-ins for ``days`` days from ``start`` (an aware datetime)."""
    rng = random.Random(seed)
    first = start.astimezone(patient.zone).date()
    demo_days = days_of(first, days, baseline=patient.baseline_pain or 6, rng=rng)
    done_by_day: dict[date, set[str]] = {}
    for n, demo in enumerate(demo_days):
        if rng.random() < SESSION_CHANCE:
            started = start + timedelta(days=n, hours=rng.randint(1, 10))
            report, done = session_report(
                plan, started, pain=demo.pain, extent=demo.extent, rng=rng
            )
            record_session(patient, report, now=report.ended_at)
            done_by_day[demo.day] = done
    CheckIn.objects.bulk_create(_checkins(demo_days, done_by_day, patient=patient, rng=rng))
    _weekly(patient, demo_days, start=start, rng=rng)
    for item, rating in DEMO_RATINGS.items():
        ItemRating.objects.create(patient=patient, item=item, rating=rating)


def _weekly(
    patient: Patient, demo_days: list[DemoDay], *, start: datetime, rng: random.Random
) -> None:
    """The weekly questions every seventh day: pain, the activities (which get easier as pain
    eases), the global rating and "compared with last week"."""
    activities = name_activities(patient, DEMO_ACTIVITIES, now=start)
    baseline = demo_days[0].pain if demo_days else 6.0
    for n in range(6, len(demo_days), 7):
        demo = demo_days[n]
        eased = max(0.0, baseline - demo.pain)
        answers = {
            "nprs": {"pain_now": _clamp(demo.pain), "pain_average_24h": _clamp(demo.pain + 0.5)},
            "psfs": {
                slot_id(a.slot): _clamp(3 + eased * 1.2 + rng.uniform(-1, 1)) for a in activities
            },
            "grc": {"rating": max(-3, min(3, round(eased * 0.8)))},
        }
        change = "better" if rng.random() < 0.4 else "same"  # no "worse" weeks: no review prompt
        record_week(patient, change=change, answers=answers, now=start + timedelta(days=n))


def _checkins(
    demo_days: list[DemoDay],
    done_by_day: dict[date, set[str]],
    *,
    patient: Patient,
    rng: random.Random,
) -> list[CheckIn]:
    rows = []
    yesterday_triggers: list[str] = []
    yesterday_done: set[str] = set()
    for n, demo in enumerate(demo_days):
        triggers = [t for t in TRIGGER_EFFECT if rng.random() < 0.25]
        if rng.random() < 0.2:
            triggers.append("long_sitting")
        extra = sum(TRIGGER_EFFECT.get(t, 0.0) for t in yesterday_triggers)
        if n >= len(demo_days) - SETTLED_DAYS:
            extra = 0.0
        morning = demo.pain + extra + sum(MORNING_EFFECT.get(i, 0.0) for i in yesterday_done)
        if rng.random() < CHECKIN_CHANCE:
            rows.append(
                CheckIn(
                    patient=patient,
                    day=demo.day,
                    pain_now=_clamp(demo.pain + extra + rng.uniform(-1, 1)),
                    pain_average=_clamp(demo.pain + extra),
                    next_morning=_clamp(morning + rng.uniform(-0.5, 0.5)),
                    new_stiffness=False,
                    extent=demo.extent.value,
                    sitting_minutes=min(90, 10 + n // 10 + rng.randint(0, 10)),
                    triggers=triggers,
                    change=rng.choice(["better", "same", "same"]),
                    worse=False,
                )
            )
        yesterday_triggers = triggers
        yesterday_done = done_by_day.get(demo.day, set())
    return rows
