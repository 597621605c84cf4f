"""The arithmetic of "what works for me": means, a seeded bootstrap interval, verdicts, ranks.

Deterministic: the bootstrap draws from ``random.Random`` seeded with the settings' seed and the
name of what is compared, over the values in sorted order, so the same history and seed give
the same answer whatever order the records came in and whatever else is compared beside it.
Pain is lower-is-better throughout: a negative difference means less pain.

Small samples get a percentile bootstrap. Once every group holds more than
``bootstrap_up_to`` values the bootstrap distribution of a mean is close to normal, so the
interval is the normal one (mean ± z · standard error, sample variances): the same answer to
within a few hundredths of a point, in microseconds instead of seconds for two years of days.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Verdict(StrEnum):
    HELPS = "helps"  # less pain: the whole interval below zero and the difference large enough
    NO_CLEAR_DIFFERENCE = "no_clear_difference"
    SEEMS_WORSE = "seems_worse"  # more pain, by the same test the other way
    NOT_ENOUGH_DATA = "not_enough_data"  # too few sessions (or days): no verdict, no rank


@dataclass(frozen=True, slots=True)
class InsightSettings:
    """From measures.yaml ``insights`` (POLICY values a clinic may change)."""

    min_sessions: int  # sessions (session days) needed on EACH side of a with/without comparison
    min_within: int  # sessions with before/after values needed for a within-session estimate
    interval_level: float  # e.g. 0.9 for a 90 % interval
    resamples: int  # bootstrap resamples
    seed: int
    min_difference: float  # pain points: a smaller difference is "no clear difference"
    min_extent_difference: float  # extent levels (none=0 .. foot=4), the same for numbness
    bootstrap_up_to: int = 30  # larger groups: the normal interval (see the module docstring)

    def __post_init__(self) -> None:
        if self.min_sessions < 2 or self.min_within < 2:
            raise ValueError("an interval needs at least 2 sessions")
        if self.bootstrap_up_to < 2:
            raise ValueError("bootstrap_up_to must be at least 2")
        if not 0 < self.interval_level < 1:
            raise ValueError("interval_level must be between 0 and 1")
        if self.resamples < 100:
            raise ValueError("resamples must be at least 100")


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float
    level: float  # 0.9 = a 90 % interval (percentile bootstrap, or normal for large groups)


@dataclass(frozen=True, slots=True)
class Estimate:
    """The mean of one set of changes (within-session), with its interval and verdict."""

    n: int
    mean: float | None
    interval: Interval | None
    verdict: Verdict


@dataclass(frozen=True, slots=True)
class Comparison:
    """Pain after "with" against "without"; ``difference`` is with minus without."""

    n_with: int
    n_without: int
    mean_with: float | None
    mean_without: float | None
    difference: float | None
    interval: Interval | None  # None when there is not enough data
    verdict: Verdict
    exact: Fraction | None = None  # the difference as an exact fraction (ties are exact)


def estimate(
    values: Sequence[Fraction], *, settings: InsightSettings, key: str, threshold: float
) -> Estimate:
    """Mean change and its interval; ``threshold`` is the smallest change that counts."""
    if not values:
        return Estimate(0, None, None, Verdict.NOT_ENOUGH_DATA)
    mean = sum(values, Fraction(0)) / len(values)
    if len(values) < settings.min_within:
        return Estimate(len(values), float(mean), None, Verdict.NOT_ENOUGH_DATA)
    floats = sorted(float(v) for v in values)
    n = len(floats)
    if n > settings.bootstrap_up_to:
        interval = _normal(float(mean), statistics.variance(floats) / n, settings.interval_level)
        return Estimate(n, float(mean), interval, _verdict(mean, interval, threshold))
    rng = random.Random(f"{settings.seed}:{key}")
    draws = [math.fsum(rng.choices(floats, k=n)) / n for _ in range(settings.resamples)]
    interval = _percentile(draws, settings.interval_level)
    return Estimate(n, float(mean), interval, _verdict(mean, interval, threshold))


def compare_groups(
    with_: Sequence[int], without: Sequence[int], *, settings: InsightSettings, key: str
) -> Comparison:
    """Pain values after sessions (or days) with something against those without it."""
    m_with, m_without = _mean(with_), _mean(without)
    exact = None if m_with is None or m_without is None else m_with - m_without

    def result(interval: Interval | None, verdict: Verdict) -> Comparison:
        return Comparison(
            n_with=len(with_),
            n_without=len(without),
            mean_with=None if m_with is None else float(m_with),
            mean_without=None if m_without is None else float(m_without),
            difference=None if exact is None else float(exact),
            interval=interval,
            verdict=verdict,
            exact=exact,
        )

    if exact is None or min(len(with_), len(without)) < settings.min_sessions:
        return result(None, Verdict.NOT_ENOUGH_DATA)
    a, b = sorted(with_), sorted(without)
    if min(len(a), len(b)) > settings.bootstrap_up_to:
        variance = statistics.variance(a) / len(a) + statistics.variance(b) / len(b)
        interval = _normal(float(exact), variance, settings.interval_level)
        return result(interval, _verdict(exact, interval, settings.min_difference))
    rng = random.Random(f"{settings.seed}:{key}")
    draws = [
        sum(rng.choices(a, k=len(a))) / len(a) - sum(rng.choices(b, k=len(b))) / len(b)
        for _ in range(settings.resamples)
    ]
    interval = _percentile(draws, settings.interval_level)
    return result(interval, _verdict(exact, interval, settings.min_difference))


def rank(
    entries: Sequence[tuple[str, Fraction]], *, best_first: bool = True
) -> dict[str, tuple[int, bool]]:
    """Competition ranks (1, 2, 2, 4) by value, lowest first when ``best_first`` (less pain);
    equal values share a rank, are marked tied and are ordered by name."""
    ordered = sorted(entries, key=lambda e: (e[1] if best_first else -e[1], e[0]))
    ranks: dict[str, tuple[int, bool]] = {}
    for position, (name, value) in enumerate(ordered, start=1):
        ties = sum(1 for _, other in ordered if other == value)
        first = next(i for i, (_, other) in enumerate(ordered, start=1) if other == value)
        ranks[name] = (first if ties > 1 else position, ties > 1)
    return ranks


def _mean(values: Sequence[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def _percentile(draws: list[float], level: float) -> Interval:
    draws.sort()
    tail = (1 - level) / 2
    last = len(draws) - 1
    low = draws[math.floor(tail * last + 1e-9)]
    high = draws[math.ceil((1 - tail) * last - 1e-9)]
    return Interval(round(low, 6), round(high, 6), level)


def _normal(centre: float, variance_of_mean: float, level: float) -> Interval:
    half = statistics.NormalDist().inv_cdf(0.5 + level / 2) * math.sqrt(variance_of_mean)
    return Interval(round(centre - half, 6), round(centre + half, 6), level)


def _verdict(value: Fraction, interval: Interval, threshold: float) -> Verdict:
    if interval.high < 0 and value <= -Fraction(threshold):
        return Verdict.HELPS
    if interval.low > 0 and value >= Fraction(threshold):
        return Verdict.SEEMS_WORSE
    return Verdict.NO_CLEAR_DIFFERENCE
