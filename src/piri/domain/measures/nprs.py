"""NPRS: pain 0-10, asked in four contexts (spec §5).

Each reading is one whole number 0 (no pain) .. 10 (worst pain imaginable); a missing reading
is simply absent (one item: nothing to prorate). Weekly values are the mean of the readings in
the week; the change that matters is 2 points or 30 % (Ostelo et al. 2008, S45).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from piri.domain.measures.change import Change, change_for
from piri.domain.measures.model import Instrument

LOW, HIGH = 0, 10


class PainContext(StrEnum):
    """When the pain was rated; each is an item of the ``nprs`` instrument."""

    NOW = "pain_now"
    AVERAGE_24H = "pain_average_24h"
    WORST_EXERCISE = "pain_worst_exercise"
    NEXT_MORNING = "pain_next_morning"


@dataclass(frozen=True, slots=True)
class PainReading:
    day: date  # the patient's local date
    context: PainContext
    value: int

    def __post_init__(self) -> None:
        check_pain(self.value)


@dataclass(frozen=True, slots=True)
class PainSummary:
    context: PainContext
    start: date
    end: date
    n: int
    mean: float | None  # None: no reading in the period
    low: int | None
    high: int | None


def check_pain(value: int) -> int:
    """``value`` if it is a whole number 0-10, else ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, int) or not LOW <= value <= HIGH:
        raise ValueError(f"pain must be a whole number {LOW}-{HIGH}, not {value!r}")
    return value


def summarise(
    readings: Iterable[PainReading], *, context: PainContext, start: date, end: date
) -> PainSummary:
    """The readings of one context from ``start`` to ``end`` (both included)."""
    values = [r.value for r in readings if r.context is context and start <= r.day <= end]
    if not values:
        return PainSummary(context, start, end, 0, None, None, None)
    mean = float(Fraction(sum(values), len(values)))
    return PainSummary(context, start, end, len(values), mean, min(values), max(values))


def pain_change(
    baseline: float, now: float, *, instrument: Instrument, context: str = "default"
) -> Change:
    """Baseline against now for a pain value, against the ``nprs`` instrument's MCID."""
    return change_for(instrument, baseline, now, context=context)
