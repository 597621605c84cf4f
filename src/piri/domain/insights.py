"""What works for me: each exercise and massage option against the person's own history.

For every item (exercise or massage option) this reports

- **within sessions**: the mean change from before to after the item, in pain (0-10) and in how
  far numbness/tingling reaches (``Extent`` rank, none=0 .. foot=4), negative = better;
- **next morning**: pain on waking after session days that included the item against session
  days that did not, the difference (with minus without) with a seeded bootstrap interval;
- a ``Verdict`` and, only where both sides have enough session days, a rank (most helpful
  first; equal differences share a rank, are marked tied and are ordered by id);
- the patient's own 1-5 rating beside the data (it never changes the numbers).

Units: a "session day" is a day with at least one session; a day counts as "with" an item if
any session that day included it. Next-morning pain for day D is the morning pain recorded on
D + 1. Days without sessions are left out. Minimum counts and thresholds come from
``InsightSettings`` (measures.yaml), never from here. Trigger effects: ``insights_triggers``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from piri.domain.insights_stats import (
    Comparison,
    Estimate,
    InsightSettings,
    Interval,
    Verdict,
    compare_groups,
    estimate,
    rank,
)
from piri.domain.plan import Extent

__all__ = [
    "Comparison",
    "DayRecord",
    "Estimate",
    "InsightSettings",
    "Interval",
    "ItemDone",
    "ItemInsight",
    "ItemRating",
    "SessionRecord",
    "Verdict",
    "by_day",
    "item_insights",
]


@dataclass(frozen=True, slots=True)
class ItemDone:
    """One item done in a session (one side of it, when sided); ``None``: not recorded."""

    item: str
    side: str | None = None
    pain_before: int | None = None
    pain_after: int | None = None
    extent_before: Extent | None = None
    extent_after: Extent | None = None


@dataclass(frozen=True, slots=True)
class SessionRecord:
    day: date  # the patient's local date
    items: tuple[ItemDone, ...]
    order: int = 0  # several sessions on one day: earlier first


@dataclass(frozen=True, slots=True)
class DayRecord:
    """One day's check-in. ``triggers`` is ``None`` when they were not asked that day."""

    day: date
    morning_pain: int | None = None  # pain on waking this day
    daily_pain: int | None = None  # average pain over this day
    triggers: frozenset[str] | None = None  # triggers met this day


@dataclass(frozen=True, slots=True)
class ItemRating:
    """The patient's own rating of an item, 1 (not for me) .. 5 (helps me most)."""

    item: str
    rating: int

    def __post_init__(self) -> None:
        if isinstance(self.rating, bool) or self.rating not in range(1, 6):
            raise ValueError(f"a rating is a whole number 1-5, not {self.rating!r}")


@dataclass(frozen=True, slots=True)
class ItemInsight:
    item: str
    within_pain: Estimate  # mean of (pain after - pain before), per session
    within_extent: Estimate  # mean of (extent rank after - before), per session
    next_morning: Comparison
    rating: int | None = None
    rank: int | None = None  # None: not enough data to rank
    tied: bool = False

    @property
    def verdict(self) -> Verdict:
        return self.next_morning.verdict


def by_day(days: Iterable[DayRecord]) -> dict[date, DayRecord]:
    """Days by date; ``ValueError`` if a date comes twice."""
    found: dict[date, DayRecord] = {}
    for record in days:
        if record.day in found:
            raise ValueError(f"two day records for {record.day}")
        found[record.day] = record
    return found


def item_insights(
    sessions: Iterable[SessionRecord],
    days: Iterable[DayRecord],
    *,
    settings: InsightSettings,
    ratings: Iterable[ItemRating] = (),
    items: Sequence[str] = (),
) -> tuple[ItemInsight, ...]:
    """One insight per item: those in ``items`` (shown even if never done), those done and
    those rated. Ranked items first by rank, then the rest by id."""
    history = sorted(sessions, key=lambda s: (s.day, s.order))
    mornings = {d: r.morning_pain for d, r in by_day(days).items() if r.morning_pain is not None}
    rated: dict[str, int] = {}
    for rating in ratings:
        rated[rating.item] = rating.rating  # the last one given wins
    done_on: dict[date, set[str]] = defaultdict(set)
    for session in history:
        done_on[session.day].update(done.item for done in session.items)
    names = sorted({*items, *rated, *(i for ids in done_on.values() for i in ids)})
    found = [
        _insight(name, history, done_on, mornings, settings=settings, rating=rated.get(name))
        for name in names
    ]
    ranks = rank(
        [
            (f.item, f.next_morning.exact)
            for f in found
            if f.next_morning.exact is not None and f.verdict is not Verdict.NOT_ENOUGH_DATA
        ]
    )
    ranked = [_with_rank(f, ranks[f.item]) if f.item in ranks else f for f in found]
    return tuple(sorted(ranked, key=lambda f: (f.rank is None, f.rank or 0, f.item)))


def _insight(
    name: str,
    history: Sequence[SessionRecord],
    done_on: dict[date, set[str]],
    mornings: dict[date, int],
    *,
    settings: InsightSettings,
    rating: int | None,
) -> ItemInsight:
    pain: list[Fraction] = []
    extent: list[Fraction] = []
    for session in history:
        mine = [done for done in session.items if done.item == name]
        pain += _per_session([(d.pain_before, d.pain_after) for d in mine])
        extent += _per_session([(_rank(d.extent_before), _rank(d.extent_after)) for d in mine])
    with_: list[int] = []
    without: list[int] = []
    for day in sorted(done_on):
        morning = mornings.get(day + timedelta(days=1))
        if morning is not None:
            (with_ if name in done_on[day] else without).append(morning)
    return ItemInsight(
        item=name,
        within_pain=estimate(
            pain, settings=settings, key=f"{name}:pain", threshold=settings.min_difference
        ),
        within_extent=estimate(
            extent,
            settings=settings,
            key=f"{name}:extent",
            threshold=settings.min_extent_difference,
        ),
        next_morning=compare_groups(with_, without, settings=settings, key=f"{name}:morning"),
        rating=rating,
    )


def _per_session(pairs: list[tuple[int | None, int | None]]) -> list[Fraction]:
    """The session's mean change over the sides with both values (none: no value)."""
    changes = [
        after - before for before, after in pairs if before is not None and after is not None
    ]
    return [Fraction(sum(changes), len(changes))] if changes else []


def _rank(extent: Extent | None) -> int | None:
    return None if extent is None else extent.rank


def _with_rank(insight: ItemInsight, place: tuple[int, bool]) -> ItemInsight:
    return ItemInsight(
        item=insight.item,
        within_pain=insight.within_pain,
        within_extent=insight.within_extent,
        next_morning=insight.next_morning,
        rating=insight.rating,
        rank=place[0],
        tied=place[1],
    )
