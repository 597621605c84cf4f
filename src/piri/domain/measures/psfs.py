"""PSFS-style rating: 3-5 activities the patient names, each rated 0-10.

The method is the Patient-Specific Functional Scale's (Stratford, Gill, Westaway & Binkley,
Physiotherapy Canada 1995; S59): the patient names activities they find hard because of their
problem and rates each 0 (cannot do it) .. 10 (can do it as before the problem); the score is
the mean of the activity ratings. Piri's instructions are in its own words (measures.yaml).

Activities fill the instrument's slots ``activity_1`` .. ``activity_5`` in the order named at
onboarding; the patient's own words for them are data, stored by the caller. Missing ratings:
POLICY: a score needs every named activity rated (the source divides by the number of
activities, so a skipped one cannot be left out quietly). Change compares only the activities
rated at both times; 2 points for the mean, 3 for a single activity (the form's MDC, S59).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from piri.domain.measures.change import Change, change_for
from piri.domain.measures.model import Instrument

PSFS_ID = "psfs"
SINGLE = "single_activity"  # the MCID context of one activity's change


@dataclass(frozen=True, slots=True)
class PsfsScore:
    ratings: dict[str, int]  # slot id -> 0..10, every named activity
    mean: float | None  # None: an activity is not rated (see ``reason``)
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PsfsChange:
    activities: tuple[str, ...]  # the slots rated at both times, in order
    mean: Change | None  # over those slots; None when there are none
    each: dict[str, Change]  # per slot, against the single-activity threshold


def check_activities(activities: Sequence[str], *, instrument: Instrument) -> None:
    """The named slots must be distinct slots of the instrument, at least the minimum."""
    rule = instrument.scores[0]
    slots = instrument.item_ids
    if len(set(activities)) != len(activities):
        raise ValueError("psfs: an activity is named twice")
    unknown = [a for a in activities if a not in slots]
    if unknown:
        raise ValueError(f"psfs: unknown activity slots {unknown}")
    if not rule.min_answered <= len(activities) <= len(slots):
        raise ValueError(f"psfs: name {rule.min_answered} to {len(slots)} activities")


def score_psfs(
    ratings: Mapping[str, int | None], *, activities: Sequence[str], instrument: Instrument
) -> PsfsScore:
    """The mean rating of the named ``activities`` (slot ids), or ``None`` if one is unrated."""
    if instrument.id != PSFS_ID:
        raise ValueError(f"not the PSFS: '{instrument.id}'")
    check_activities(activities, instrument=instrument)
    extra = sorted(set(ratings) - set(activities))
    if extra:
        raise ValueError(f"psfs: ratings for activities not named {extra}")
    given = {a: ratings.get(a) for a in activities}
    rated: dict[str, int] = {}
    for slot, value in given.items():
        if value is not None:
            instrument.item(slot).points(value)
            rated[slot] = value
    if len(rated) < len(activities):
        missing = [a for a in activities if a not in rated]
        return PsfsScore(rated, None, f"not rated: {missing}")
    return PsfsScore(rated, float(Fraction(sum(rated.values()), len(rated))))


def psfs_change(baseline: PsfsScore, now: PsfsScore, *, instrument: Instrument) -> PsfsChange:
    """Compare the activities rated at both times (higher is better)."""
    common = tuple(
        slot for slot in instrument.item_ids if slot in baseline.ratings and slot in now.ratings
    )
    each = {
        slot: change_for(instrument, baseline.ratings[slot], now.ratings[slot], context=SINGLE)
        for slot in common
    }
    if not common:
        return PsfsChange(common, None, each)
    before = Fraction(sum(baseline.ratings[s] for s in common), len(common))
    after = Fraction(sum(now.ratings[s] for s in common), len(common))
    return PsfsChange(common, change_for(instrument, float(before), float(after)), each)
