"""The 7-point global rating of change, in Piri's own words.

One question ("compared with when you started the program, how is your buttock and leg
problem now?", worded in measures.yaml) with seven answers from very much worse to very much
better (``GlobalRating``, shared with the safety rules). A widely used anchor (S56); the
wording is the project's own, so it is not a validated instrument's text. "Improved" means at
least ``much_better`` by default (the safety policy's 12-week review uses the same cut-off).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from piri.domain.history import GlobalRating, RatingOfChange

GRC_ID = "grc"

__all__ = ["GRC_ID", "GlobalRating", "RatingOfChange", "improved", "latest", "rating_of"]


def rating_of(value: int) -> GlobalRating:
    """The rating for a whole number -3 (very much worse) .. +3 (very much better)."""
    if isinstance(value, bool) or not isinstance(value, int) or not -3 <= value <= 3:
        raise ValueError(f"a global rating is a whole number -3..3, not {value!r}")
    return list(GlobalRating)[value + 3]


def improved(rating: GlobalRating, *, at_least: GlobalRating = GlobalRating.MUCH_BETTER) -> bool:
    return rating.rank >= at_least.rank


def latest(ratings: Iterable[RatingOfChange], *, on_or_before: date) -> RatingOfChange | None:
    """The most recent rating given on or before a day (the patient's local date)."""
    found = [r for r in ratings if r.day <= on_or_before]
    return max(found, key=lambda r: r.day) if found else None
