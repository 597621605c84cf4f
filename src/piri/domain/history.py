"""What happened, as the safety rules read it: sessions, check-ins and global ratings.

These are plain inputs built by the caller from what it stored; every date is the patient's
local date. Nothing here decides anything: see ``monitoring`` (one session's checks) and
``progression`` (the whole history).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from piri.domain.plan import Extent


class GlobalRating(StrEnum):
    """The 7-point global rating of change, worst first."""

    VERY_MUCH_WORSE = "very_much_worse"
    MUCH_WORSE = "much_worse"
    A_LITTLE_WORSE = "a_little_worse"
    SAME = "same"
    A_LITTLE_BETTER = "a_little_better"
    MUCH_BETTER = "much_better"
    VERY_MUCH_BETTER = "very_much_better"

    @property
    def rank(self) -> int:
        """-3 (very much worse) .. +3 (very much better)."""
        return list(GlobalRating).index(self) - 3


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One item (exercise or massage option) on one side in one session.

    ``sets`` and ``hold_s`` are the dose actually prescribed for that session (the plan's);
    for a massage option ``hold_s`` is its duration and ``sets`` is 1. ``None`` means not
    recorded: a missing value never counts as tolerated.
    """

    item: str
    sets: int
    hold_s: int
    side: str | None = None
    pain: int | None = None  # highest pain 0-10 during or at the end of the item
    extent_before: Extent | None = None  # numbness/tingling reach at the check before it
    extent_after: Extent | None = None  # the furthest reach at any check during or after it
    more: bool = False  # a check said "more" (at the same reach)
    stopped: bool = False  # stopped early (by the player's dial-back branch or by hand)
    completed: bool = True
    settled_within_1h: bool | None = None  # amber pain: had it settled an hour later?


@dataclass(frozen=True, slots=True)
class SessionOutcome:
    day: date
    items: tuple[ItemResult, ...]
    order: int = 0  # sessions on the same day: earlier first


@dataclass(frozen=True, slots=True)
class CheckIn:
    """A daily or weekly check-in. Any field may be missing (``None``)."""

    day: date
    pain_now: int | None = None
    pain_average: int | None = None  # average over the last 24 h
    next_morning: int | None = None  # pain on waking (this morning)
    new_stiffness: bool | None = None  # stiffer on waking than usual
    extent: Extent | None = None
    new_numbness_or_weakness: bool | None = None
    stops_activities: bool | None = None  # pain stopping normal day-to-day activities
    worse: bool | None = None  # "worse than last time" (weekly check-ins: than last week)
    weekly: bool = False


@dataclass(frozen=True, slots=True)
class RatingOfChange:
    day: date
    rating: GlobalRating
