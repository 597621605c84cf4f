"""Raised mornings and flare-ups (spec §3, §4), read from the check-ins.

*Baseline* for a day: the median of that value on the ``baseline_days`` days before it; with
none recorded, the person's baseline pain from onboarding; with neither, unknown.

- A *raised morning*: next-morning pain >= baseline + ``next_morning_raised_by`` (2), or new
  stiffness. The program steps down one step for ``ease_days`` (48 h) from that morning;
  still raised ``still_raised_days`` (2) later, with every morning between raised -> tier D.
- A *flare-up*: average daily pain >= baseline + ``daily_rise`` (2) on ``rise_days`` (2)
  days running, or pain stopping normal activities. Rest phase only for ``min_days`` (48 h),
  up to ``max_days`` (72 h) while not settled, then the last tolerated level; not settled
  ``settle_days`` (a week) after the start -> tier D. "Settled": the latest day answered
  since the start has average pain below the start's baseline + 2 and normal activities.
  A new trigger is a new flare-up only after a settled day; until then it is the same one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import TypeVar

from piri.domain.history import CheckIn
from piri.domain.policy import Policy

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Day:
    """The last recorded value of each field on one day."""

    day: date
    next_morning: int | None = None
    new_stiffness: bool | None = None
    pain_average: int | None = None
    stops_activities: bool | None = None


def by_day(checkins: Iterable[CheckIn], *, today: date) -> dict[date, Day]:
    """Check-ins up to ``today`` merged per day, later ones winning (oldest day first)."""
    days: dict[date, Day] = {}
    for c in sorted((c for c in checkins if c.day <= today), key=lambda c: c.day):
        old = days.get(c.day, Day(c.day))
        days[c.day] = Day(
            c.day,
            next_morning=_later(old.next_morning, c.next_morning),
            new_stiffness=_later(old.new_stiffness, c.new_stiffness),
            pain_average=_later(old.pain_average, c.pain_average),
            stops_activities=_later(old.stops_activities, c.stops_activities),
        )
    return days


def _later(old: _T | None, new: _T | None) -> _T | None:
    return old if new is None else new


def baseline(
    values: dict[date, int], day: date, *, days: int, fallback: int | None
) -> float | None:
    prior = [v for d, v in values.items() if day - timedelta(days=days) <= d < day]
    return float(median(prior)) if prior else (None if fallback is None else float(fallback))


def judge(
    values: dict[date, int], *, rise: int, days: int, fallback: int | None
) -> dict[date, tuple[bool | None, float | None]]:
    """Each value, oldest first: raised (>= baseline + ``rise``) or not (``None``: no baseline
    known), with its baseline. The baseline only counts days that were not raised, so a run
    of bad days does not lift it."""
    # The calm days of the last ``days`` days, oldest first: days are judged in order, so
    # each day's window is the previous one's with older days dropped (a scan of every calm
    # day for every day took 70 ms for two years of check-ins).
    calm: deque[tuple[date, int]] = deque()
    judged: dict[date, tuple[bool | None, float | None]] = {}
    for d in sorted(values):
        while calm and calm[0][0] < d - timedelta(days=days):
            calm.popleft()
        prior = [v for _, v in calm]
        base = float(median(prior)) if prior else (None if fallback is None else float(fallback))
        raised = None if base is None else values[d] >= base + rise
        judged[d] = (raised, base)
        if raised is False:
            calm.append((d, values[d]))
    return judged


def raised_mornings(
    days: dict[date, Day], *, policy: Policy, baseline_pain: int | None
) -> dict[date, bool | None]:
    """Each morning with an answer: raised (``True``: pain >= baseline + 2, or new
    stiffness), not raised (``False``: pain recorded against a known baseline, no new
    stiffness), or not judged (``None``)."""
    rules = policy.monitoring
    mornings = {d: v.next_morning for d, v in days.items() if v.next_morning is not None}
    pain = judge(
        mornings,
        rise=rules.next_morning_raised_by.value,
        days=rules.baseline_days.value,
        fallback=baseline_pain,
    )
    result: dict[date, bool | None] = {}
    for d, v in days.items():
        if v.new_stiffness is True:
            result[d] = True
        elif d in pain:
            result[d] = pain[d][0]
        elif v.new_stiffness is False:
            result[d] = None  # no pain answer: not judged
    return result


@dataclass(frozen=True, slots=True)
class Easing:
    """One step down for every exercise from ``since`` until ``until`` (exclusive)."""

    since: date
    until: date


def easing(raised: dict[date, bool | None], *, today: date, policy: Policy) -> Easing | None:
    ease = timedelta(days=policy.monitoring.ease_days.value)
    for d in sorted((d for d, up in raised.items() if up is True), reverse=True):
        if d <= today < d + ease:
            return Easing(d, d + ease)
    return None


def still_raised(raised: dict[date, bool | None], *, today: date, policy: Policy) -> date | None:
    """The latest morning, when it is still raised ``still_raised_days`` after a raised one
    with no calm morning between; else ``None``."""
    recorded = sorted(d for d, up in raised.items() if d <= today and up is not None)
    if not recorded or raised[recorded[-1]] is not True:
        return None
    latest = recorded[-1]
    gap = timedelta(days=policy.monitoring.still_raised_days.value)
    run_start = latest
    for d in reversed(recorded):
        if raised[d] is not True:
            break
        run_start = d
    return latest if latest - run_start >= gap else None


@dataclass(frozen=True, slots=True)
class FlareUp:
    onset: date
    active: bool  # Rest phase only today
    settled: bool  # the latest day since the onset is calm
    not_settled: bool  # a week on and still not settled: tier D


def flare_up(
    days: dict[date, Day], *, today: date, policy: Policy, baseline_pain: int | None
) -> FlareUp | None:
    """The latest flare-up that started up to ``today``, or ``None``."""
    rules = policy.flare_up
    averages = {d: v.pain_average for d, v in days.items() if v.pain_average is not None}
    judged = judge(
        averages,
        rise=rules.daily_rise.value,
        days=policy.monitoring.baseline_days.value,
        fallback=baseline_pain,
    )
    settle = timedelta(days=rules.settle_days.value)
    onset: date | None = None
    onset_base: float | None = None
    calm_since = False  # a calm day since the onset: the next trigger is a new flare-up
    for d in sorted(days):
        starts, base = _flare_trigger(days, judged, d, rules.rise_days.value)
        if starts and (onset is None or calm_since):
            onset, onset_base, calm_since = d, base, False
        elif onset is not None and d > onset and _calm(days[d], onset_base, rules.daily_rise.value):
            calm_since = True
    if onset is None:
        return None
    later = [days[d] for d in sorted(days) if onset < d <= today]
    settled = bool(later) and _calm(later[-1], onset_base, rules.daily_rise.value)
    age = (today - onset).days
    active = age < rules.min_days.value or (age < rules.max_days.value and not settled)
    return FlareUp(onset, active, settled, not_settled=age >= settle.days and not settled)


def _flare_trigger(
    days: dict[date, Day],
    judged: dict[date, tuple[bool | None, float | None]],
    d: date,
    rise_days: int,
) -> tuple[bool, float | None]:
    """Whether a flare-up starts on ``d``, and the baseline it was judged against."""
    first = d - timedelta(days=rise_days - 1)
    run = [judged.get(first + timedelta(days=k), (None, None)) for k in range(rise_days)]
    risen = all(raised is True for raised, _ in run)
    base = run[0][1] if risen else judged.get(d, (None, None))[1]
    return risen or days[d].stops_activities is True, base


def _calm(day: Day, base: float | None, rise: int) -> bool:
    if day.stops_activities is True or day.pain_average is None:
        return False
    return base is None or day.pain_average < base + rise
