"""Prompts to see a doctor or physio, or to answer the U/D questions (spec §2-§4).

Each ``Prompt`` has a stable ``key`` (its kind and the date it is about), so the caller can
raise it once, store it, and pass the keys a clinician has dealt with back as handled.

- ``spreading``: numbness/tingling spread during a session and, by the next check-ins, it
  still reaches further ``spread_persists_days`` later or came with new numbness/weakness
  -> ask the U and D questions.
- ``still_raised``: next-morning pain still raised two days on -> tier D.
- ``weekly_rising``: weekly average pain rising two weeks running -> hold progression, tier D.
- ``flare_not_settled``: a flare-up not settled within a week -> tier D.
- ``review_first``: at 6 weeks, pain not down >= 2 points or >= 30 % from baseline -> tier D.
- ``review_final``: at 12 weeks, not "much better" on the global rating of change -> tier D.
- ``worse_in_a_row``: two weekly check-ins running said "worse" -> tier D.
Missing data never counts as improvement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise
from statistics import mean

from piri.domain.adherence import week_start
from piri.domain.flareup import FlareUp, still_raised
from piri.domain.history import CheckIn, RatingOfChange, SessionOutcome
from piri.domain.plan import Extent
from piri.domain.policy import Policy, Tier
from piri.domain.triage import Screening


class PromptKind(StrEnum):
    SPREADING = "spreading"
    STILL_RAISED = "still_raised"
    WEEKLY_RISING = "weekly_rising"
    FLARE_NOT_SETTLED = "flare_not_settled"
    REVIEW_FIRST = "review_first"
    REVIEW_FINAL = "review_final"
    WORSE_IN_A_ROW = "worse_in_a_row"


@dataclass(frozen=True, slots=True)
class Prompt:
    key: str  # "weekly_rising:2025-03-10": kind and the date it is about
    kind: PromptKind
    tier: Tier | None  # D for "book a doctor or physio"; None when it asks questions instead
    screening: Screening | None  # the questions to ask (spreading: the U and D blocks)
    text: str
    source: str


def make_prompt(kind: PromptKind, about: date, *, policy: Policy) -> Prompt:
    texts, m, r = policy.texts.prompts, policy.monitoring, policy.review
    sources = {
        PromptKind.SPREADING: m.spread_persists_days.source,
        PromptKind.STILL_RAISED: m.still_raised_days.source,
        PromptKind.WEEKLY_RISING: m.rising_weeks.source,
        PromptKind.FLARE_NOT_SETTLED: policy.flare_up.settle_days.source,
        PromptKind.REVIEW_FIRST: r.first_weeks.source,
        PromptKind.REVIEW_FINAL: r.final_source,
        PromptKind.WORSE_IN_A_ROW: r.worse_in_a_row.source,
    }
    spreading = kind is PromptKind.SPREADING
    return Prompt(
        key=f"{kind.value}:{about.isoformat()}",
        kind=kind,
        tier=None if spreading else Tier.D,
        screening=Screening.SPREADING if spreading else None,
        text=getattr(texts, kind.value),
        source=sources[kind],
    )


def spreading_persists(
    sessions: Sequence[SessionOutcome], checkins: Sequence[CheckIn], *, today: date, policy: Policy
) -> date | None:
    """The day of the latest session where something spread, if it then persisted or came
    with new numbness or weakness."""
    spread = [
        (s.day, min(Extent(r.extent_before).rank for r in hits if r.extent_before is not None))
        for s in sessions
        if s.day <= today
        for hits in [[r for r in s.items if _spread(r.extent_before, r.extent_after)]]
        if hits
    ]
    if not spread:
        return None
    day, start_rank = max(spread)
    persist = timedelta(days=policy.monitoring.spread_persists_days.value)
    for c in checkins:
        if not day <= c.day <= today:
            continue
        if c.new_numbness_or_weakness is True:
            return day
        if c.day >= day + persist and c.extent is not None and c.extent.rank > start_rank:
            return day
    return None


def _spread(before: Extent | None, after: Extent | None) -> bool:
    return before is not None and after is not None and Extent(after).rank > Extent(before).rank


def weekly_rising(checkins: Sequence[CheckIn], *, today: date, policy: Policy) -> date | None:
    """The start of the last full week, when the weekly average pain rose every week of the
    last ``rising_weeks`` full weeks (each week with enough check-ins)."""
    rules = policy.monitoring
    weeks = rules.rising_weeks.value
    current = week_start(today)
    starts = [current - timedelta(weeks=n) for n in range(weeks + 1, 0, -1)]
    averages = []
    for start in starts:
        values = [
            c.pain_average
            for c in checkins
            if c.pain_average is not None and start <= c.day < start + timedelta(days=7)
        ]
        if len(values) < rules.week_min_checkins.value:
            return None
        averages.append(mean(values))
    rising = all(b > a for a, b in pairwise(averages))
    return starts[-1] if rising else None


def worse_in_a_row(checkins: Sequence[CheckIn], *, today: date, policy: Policy) -> date | None:
    """The day of the latest weekly check-in when it and the ones before it said "worse"."""
    n = policy.review.worse_in_a_row.value
    weekly = sorted((c for c in checkins if c.weekly and c.day <= today), key=lambda c: c.day)
    last = weekly[-n:]
    if len(last) == n and all(c.worse is True for c in last):
        return last[-1].day
    return None


def review_first_due(
    checkins: Sequence[CheckIn],
    *,
    started: date,
    baseline_pain: int | None,
    today: date,
    policy: Policy,
) -> date | None:
    """The 6-week review date, if that point has passed (and the 12-week one not yet) and
    pain has not fallen enough from baseline (unknown pain counts as not fallen)."""
    r = policy.review
    due = started + timedelta(weeks=r.first_weeks.value)
    if not due <= today < started + timedelta(weeks=r.final_weeks.value):
        return None
    first = today - timedelta(days=r.window_days.value - 1)
    values = [
        c.pain_average if c.pain_average is not None else c.pain_now
        for c in checkins
        if first <= c.day <= today
    ]
    recent = [v for v in values if v is not None]
    if baseline_pain is None or not recent:
        return due
    drop = baseline_pain - mean(recent)
    enough = drop >= r.min_drop_points.value or (
        baseline_pain > 0 and drop * 100 >= r.min_drop_percent.value * baseline_pain
    )
    return None if enough else due


def review_final_due(
    ratings: Sequence[RatingOfChange], *, started: date, today: date, policy: Policy
) -> date | None:
    """The 12-week review date, if it has passed and the latest rating is not good enough."""
    r = policy.review
    due = started + timedelta(weeks=r.final_weeks.value)
    if today < due:
        return None
    since = due - timedelta(days=r.window_days.value)  # a rating from around week 12 on
    recent = (x for x in ratings if since <= x.day <= today)
    latest = max(recent, key=lambda x: x.day, default=None)
    if latest is not None and latest.rating.rank >= r.final_min_rating.rank:
        return None
    return due


def open_prompts(
    sessions: Sequence[SessionOutcome],
    checkins: Sequence[CheckIn],
    ratings: Sequence[RatingOfChange],
    *,
    started: date,
    baseline_pain: int | None,
    raised: dict[date, bool | None],
    flare: FlareUp | None,
    today: date,
    policy: Policy,
) -> tuple[Prompt, ...]:
    """Every prompt that applies today, in a fixed order."""
    found: list[tuple[PromptKind, date | None]] = [
        (PromptKind.SPREADING, spreading_persists(sessions, checkins, today=today, policy=policy)),
        (PromptKind.STILL_RAISED, still_raised(raised, today=today, policy=policy)),
        (PromptKind.WEEKLY_RISING, weekly_rising(checkins, today=today, policy=policy)),
        (
            PromptKind.FLARE_NOT_SETTLED,
            flare.onset if flare is not None and flare.not_settled else None,
        ),
        (
            PromptKind.REVIEW_FIRST,
            review_first_due(
                checkins, started=started, baseline_pain=baseline_pain, today=today, policy=policy
            ),
        ),
        (
            PromptKind.REVIEW_FINAL,
            review_final_due(ratings, started=started, today=today, policy=policy),
        ),
        (PromptKind.WORSE_IN_A_ROW, worse_in_a_row(checkins, today=today, policy=policy)),
    ]
    return tuple(make_prompt(kind, day, policy=policy) for kind, day in found if day is not None)
