"""Pure-domain values for the unit tests, no database: histories, sessions, check-ins and
prescriptions for the safety and progression rules, and the insights' settings.

Day numbers count from ``START`` (a Monday); every history is built from them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from piri.domain.history import CheckIn, GlobalRating, ItemResult, RatingOfChange, SessionOutcome
from piri.domain.insights import InsightSettings
from piri.domain.plan import Extent
from piri.domain.prescription import DoseOverride, Prescription, Sides
from piri.domain.progression import Adaptation, History, adapt
from piri.protocols import builtin, builtin_policy

POLICY = builtin_policy()
PROTOCOL = builtin()
START = date(2025, 3, 3)  # a Monday


def day(n: int) -> date:
    return START + timedelta(days=n)


def result(item: str = "clamshell_hold", **overrides: Any) -> ItemResult:
    """One item done comfortably at the protocol's dose, nothing spreading."""
    exercise_ids = {e.id for e in PROTOCOL.exercises}
    if item in exercise_ids:
        exercise = PROTOCOL.exercise(item)
        sets, hold_s = exercise.sets, exercise.hold_s
    else:
        sets, hold_s = 1, PROTOCOL.massage_option(item).duration_s
    fields: dict[str, Any] = {
        "item": item,
        "sets": sets,
        "hold_s": hold_s,
        "side": "right",
        "pain": 2,
        "extent_before": Extent.BUTTOCK,
        "extent_after": Extent.BUTTOCK,
    }
    fields.update(overrides)
    return ItemResult(**fields)


def session(n: int, *items: ItemResult, order: int = 0) -> SessionOutcome:
    return SessionOutcome(day(n), items or (result(),), order)


def checkin(n: int, **fields: Any) -> CheckIn:
    return CheckIn(day(n), **fields)


def morning(n: int, pain: int = 2, **fields: Any) -> CheckIn:
    """A morning check-in: pain on waking, and the day's average pain the same."""
    fields.setdefault("pain_average", pain)
    return CheckIn(day(n), next_morning=pain, **fields)


def rating(n: int, value: str) -> RatingOfChange:
    return RatingOfChange(day(n), GlobalRating(value))


def prescription(**overrides: Any) -> Prescription:
    fields: dict[str, Any] = {
        "sides": Sides.RIGHT,
        "stretch_variant": "figure4_lying",
        "massage_option": "fingers",
    }
    fields.update(overrides)
    return Prescription(**fields)


def dosed(item: str, *, sets: int | None = None, hold_s: int | None = None) -> Prescription:
    return prescription(dose_overrides={item: DoseOverride(sets=sets, hold_s=hold_s)})


def history(
    sessions: tuple[SessionOutcome, ...] | list[SessionOutcome] = (),
    checkins: tuple[CheckIn, ...] | list[CheckIn] = (),
    *,
    ratings: tuple[RatingOfChange, ...] = (),
    baseline_pain: int | None = 3,
) -> History:
    return History(
        started=START,
        baseline_pain=baseline_pain,
        sessions=tuple(sessions),
        checkins=tuple(checkins),
        ratings=ratings,
    )


def comfortable(*days: int, **overrides: Any) -> History:
    """A comfortable clamshell session on each day, each followed by a calm morning."""
    item = overrides.pop("item", "clamshell_hold")
    return history(
        [session(n, result(item, **overrides)) for n in days],
        [morning(n + 1) for n in days],
    )


def run(hist: History, *, today: int, **overrides: Any) -> Adaptation:
    fields: dict[str, Any] = {
        "prescription": prescription(),
        "protocol": PROTOCOL,
        "policy": POLICY,
        "today": day(today),
        "weekly_target": 3,
    }
    fields.update(overrides)
    return adapt(hist, **fields)


def with_history(hist: History, **changes: Any) -> History:
    return replace(hist, **changes)


_INSIGHT_SETTINGS = InsightSettings(
    min_sessions=3,
    min_within=2,
    interval_level=0.9,
    resamples=300,
    seed=7,
    min_difference=1.0,
    min_extent_difference=0.5,
)


def insight_settings(**overrides: Any) -> InsightSettings:
    """Small thresholds so that short constructed histories reach a verdict."""
    return replace(_INSIGHT_SETTINGS, **overrides)
