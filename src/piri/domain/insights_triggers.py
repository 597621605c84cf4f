"""Trigger effects: pain the next day after days with each trigger against days without it.

A day counts only if its triggers were asked (``DayRecord.triggers`` is not ``None``) and the
next day's average pain (``daily_pain`` of D + 1) is known. The difference is with minus
without (positive: more pain after the trigger). Verdicts and intervals are those of
``insights_stats``; triggers with enough days on both sides are ranked most painful first,
equal differences tied and ordered by id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from piri.domain.insights import DayRecord, by_day
from piri.domain.insights_stats import Comparison, InsightSettings, Verdict, compare_groups, rank


@dataclass(frozen=True, slots=True)
class TriggerInsight:
    trigger: str
    next_day: Comparison
    rank: int | None = None  # 1 = followed by the most extra pain; None: not enough data
    tied: bool = False

    @property
    def verdict(self) -> Verdict:
        return self.next_day.verdict


def trigger_effects(
    days: Iterable[DayRecord], *, settings: InsightSettings, triggers: Sequence[str] = ()
) -> tuple[TriggerInsight, ...]:
    """One insight per trigger in ``triggers`` or met on any day; ranked first, then by id."""
    known = by_day(days)
    asked = {d: r.triggers for d, r in known.items() if r.triggers is not None}
    names = sorted({*triggers, *(t for met in asked.values() for t in met)})
    found = []
    for name in names:
        with_: list[int] = []
        without: list[int] = []
        for day in sorted(asked):
            following = known.get(day + timedelta(days=1))
            if following is None or following.daily_pain is None:
                continue
            (with_ if name in asked[day] else without).append(following.daily_pain)
        comparison = compare_groups(with_, without, settings=settings, key=f"trigger:{name}")
        found.append(TriggerInsight(name, comparison))
    ranks = rank(
        [
            (f.trigger, f.next_day.exact)
            for f in found
            if f.verdict is not Verdict.NOT_ENOUGH_DATA and f.next_day.exact is not None
        ],
        best_first=False,
    )
    placed = [
        replace(f, rank=ranks[f.trigger][0], tied=ranks[f.trigger][1]) if f.trigger in ranks else f
        for f in found
    ]
    return tuple(sorted(placed, key=lambda f: (f.rank is None, f.rank or 0, f.trigger)))
