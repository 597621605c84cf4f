"""Where a "change that matters" begins on a chart: the baseline moved by the MCID.

An MCID of "2 points or 30 %" is reached by whichever comes first (the domain's
``measures.compare``), so the level is the baseline moved by the *smaller* of the two, in
the direction that is better for the score.
"""

from __future__ import annotations

from piri.domain.measures.model import Direction, Mcid

EPS = 1e-9


def mcid_size(baseline: float, mcid: Mcid) -> float | None:
    """The smallest change that reaches the MCID from ``baseline``."""
    sizes = [mcid.points] if mcid.points is not None else []
    if mcid.percent is not None and baseline != 0:
        sizes.append(abs(baseline) * mcid.percent / 100)
    return min(sizes) if sizes else None


def mcid_level(
    baseline: float, *, mcid: Mcid, direction: Direction, low: float, high: float
) -> float | None:
    """The score at which an improvement from ``baseline`` becomes one that matters;
    ``None`` when the scale leaves no room for it (pain that started at 0)."""
    size = mcid_size(baseline, mcid)
    if size is None or direction is Direction.NONE:
        return None
    level = baseline - size if direction is Direction.LOWER_BETTER else baseline + size
    return round(level, 2) if low - EPS <= level <= high + EPS else None


def reached(value: float, level: float, direction: Direction) -> bool:
    """Whether ``value`` is at or beyond ``level`` on the better side."""
    if direction is Direction.LOWER_BETTER:
        return value <= level + EPS
    return value >= level - EPS
