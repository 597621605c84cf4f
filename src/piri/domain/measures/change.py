"""Baseline against now: the difference, the percent change and whether it is a change that
matters (reaches the MCID), direction-aware.

``improvement`` is signed so that positive is always better: for a lower-is-better score
(pain, RMDQ) it is ``baseline - now``; for a higher-is-better one (PSFS) ``now - baseline``.
A change is meaningful when it reaches the MCID's points **or** its percent of the baseline
(Ostelo et al. 2008, S45: "2 points or 30 %" for pain). The same size of change the other way
is a meaningful worsening (POLICY: the MCIDs were derived for improvement).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from piri.domain.measures.model import Direction, Instrument, Mcid


class ChangeVerdict(StrEnum):
    IMPROVED = "improved"  # better by at least the MCID
    NO_MEANINGFUL_CHANGE = "no_meaningful_change"
    WORSE = "worse"  # worse by at least the MCID


@dataclass(frozen=True, slots=True)
class Change:
    baseline: float
    now: float
    difference: float  # now - baseline, as measured
    improvement: float  # positive = better, whatever the direction
    percent: float | None  # improvement as a percent of the baseline; None when baseline is 0
    verdict: ChangeVerdict
    mcid: Mcid

    @property
    def meaningful(self) -> bool:
        return self.verdict is not ChangeVerdict.NO_MEANINGFUL_CHANGE

    @property
    def improved(self) -> bool:
        return self.verdict is ChangeVerdict.IMPROVED


def compare(baseline: float, now: float, *, direction: Direction, mcid: Mcid) -> Change:
    """How ``now`` compares with ``baseline`` for a score read in ``direction``."""
    if direction is Direction.NONE:
        raise ValueError("a score with no better direction has no meaningful change")
    if mcid.points is None and mcid.percent is None:
        raise ValueError("an MCID needs points or a percent")
    difference = now - baseline
    improvement = -difference if direction is Direction.LOWER_BETTER else difference
    percent = None if baseline == 0 else improvement / abs(baseline) * 100
    size = abs(improvement)
    by_points = mcid.points is not None and size >= mcid.points - _EPS
    by_percent = (
        mcid.percent is not None and percent is not None and abs(percent) >= mcid.percent - _EPS
    )
    if size > _EPS and (by_points or by_percent):
        verdict = ChangeVerdict.IMPROVED if improvement > 0 else ChangeVerdict.WORSE
    else:
        verdict = ChangeVerdict.NO_MEANINGFUL_CHANGE
    return Change(
        baseline=baseline,
        now=now,
        difference=difference,
        improvement=improvement,
        percent=percent,
        verdict=verdict,
        mcid=mcid,
    )


_EPS = 1e-9  # means of whole numbers: 2.0000000001 vs 2 is the same change


def change_for(
    instrument: Instrument,
    baseline: float,
    now: float,
    *,
    score: str | None = None,
    context: str = "default",
) -> Change:
    """``compare`` with the direction and the MCID of one of ``instrument``'s scores (its first
    unless ``score`` names another); ``KeyError`` if that score has no MCID for ``context``."""
    rule = instrument.scores[0] if score is None else instrument.score(score)
    mcid = rule.mcid(context)
    if mcid is None:
        raise KeyError(f"{instrument.id}.{rule.id} has no MCID for '{context}'")
    return compare(baseline, now, direction=rule.direction, mcid=mcid)
