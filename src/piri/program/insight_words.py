"""The numbers of "what works for me" in plain, translatable sentences (page and PDF report).

Pain is in points of the 0-10 scale, reach in steps down the leg (none, buttock, back of the
thigh, below the knee, foot). Differences are "with minus without" or "after minus before", so
lower is better; the words say "lower"/"higher" or "less far"/"further" rather than a sign.
Below the minimum counts the sentences give the counts still needed, never a difference.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from piri.domain.insights import Comparison, Estimate, InsightSettings, Interval, Verdict
from piri.program.services.insights import ItemRow, TriggerRow


@dataclass(frozen=True, slots=True)
class Scale:
    """How a change is said: the unit and the two directions."""

    lower: str  # "%(n)s points lower"
    higher: str
    same: str


def pain_scale() -> Scale:
    return Scale(
        lower=_("%(n)s points lower"), higher=_("%(n)s points higher"), same=_("no change")
    )


def reach_scale() -> Scale:
    return Scale(
        lower=_("%(n)s steps less far down the leg"),
        higher=_("%(n)s steps further down the leg"),
        same=_("no change"),
    )


def _number(value: float) -> str:
    return str(number_format(abs(value), decimal_pos=1))


def change_words(value: float, scale: Scale) -> str:
    """``-1.24`` on the pain scale: "1.2 points lower"."""
    if round(value, 1) == 0:
        return scale.same
    return (scale.lower if value < 0 else scale.higher) % {"n": _number(value)}


def interval_words(interval: Interval, scale: Scale) -> str:
    """The interval as a range in words: "between 0.4 and 1.8 points lower"."""
    low, high = round(interval.low, 1), round(interval.high, 1)
    if low == high:
        if low == 0:
            return _("no difference at all")
        return _("%(change)s every time") % {"change": change_words(low, scale)}
    if high < 0:
        return _("between %(a)s and %(b)s") % {
            "a": _number(high),
            "b": change_words(low, scale),
        }
    if low > 0:
        return _("between %(a)s and %(b)s") % {
            "a": _number(low),
            "b": change_words(high, scale),
        }
    return _("anywhere from %(a)s to %(b)s") % {
        "a": change_words(low, scale) if low else _("no difference"),
        "b": change_words(high, scale) if high else _("no difference"),
    }


def level_words(interval: Interval) -> str:
    return _("%(level)s%% range") % {"level": round(interval.level * 100)}


def within_words(
    estimate: Estimate, *, settings: InsightSettings, scale: Scale, not_asked: str
) -> str:
    """One within-session estimate: its mean, the sessions behind it and its range."""
    if estimate.n == 0:
        return not_asked
    if estimate.interval is None or estimate.mean is None:
        return _("Not enough data yet: %(n)s of %(m)s sessions needed.") % {
            "n": estimate.n,
            "m": settings.min_within,
        }
    return ngettext(
        "On average %(change)s, over %(n)s session (%(level)s: %(range)s).",
        "On average %(change)s, over %(n)s sessions (%(level)s: %(range)s).",
        estimate.n,
    ) % {
        "change": change_words(estimate.mean, scale),
        "n": estimate.n,
        "level": level_words(estimate.interval),
        "range": interval_words(estimate.interval, scale),
    }


def shortfall_words(comparison: Comparison, *, needed: int, unit: str) -> str:
    """'Not enough data yet: 3 of 5 session days with it needed.'  ``unit`` is "session days"
    or "days" (already translated, plural)."""
    short_with = comparison.n_with < needed
    short_without = comparison.n_without < needed
    values = {
        "w": comparison.n_with,
        "wo": comparison.n_without,
        "m": needed,
        "unit": unit,
    }
    if short_with and short_without:
        text = _(
            "Not enough data yet: %(w)s of %(m)s %(unit)s with it and %(wo)s of %(m)s without "
            "it needed."
        )
    elif short_with:
        text = _("Not enough data yet: %(w)s of %(m)s %(unit)s with it needed.")
    else:
        text = _("Not enough data yet: %(wo)s of %(m)s %(unit)s without it needed.")
    return text % values


def comparison_words(comparison: Comparison) -> str:
    """The two means and the difference in words, with its range."""
    assert comparison.mean_with is not None and comparison.mean_without is not None
    assert comparison.difference is not None and comparison.interval is not None
    scale = pain_scale()
    values = {
        "with": _number(comparison.mean_with),
        "n_with": comparison.n_with,
        "without": _number(comparison.mean_without),
        "n_without": comparison.n_without,
        "diff": change_words(comparison.difference, scale),
        "level": level_words(comparison.interval),
        "range": interval_words(comparison.interval, scale),
    }
    if round(comparison.difference, 1) == 0:
        text = _(
            "%(with)s on average after %(n_with)s days with it, %(without)s after "
            "%(n_without)s days without it: the same (%(level)s: %(range)s)."
        )
    else:
        text = _(
            "%(with)s on average after %(n_with)s days with it, %(without)s after "
            "%(n_without)s days without it. That is %(diff)s with it (%(level)s: %(range)s)."
        )
    return text % values


def item_verdict(row: ItemRow) -> str:
    if row.sessions == 0:
        return _("Not done yet")
    return {
        Verdict.HELPS: _("Seems to help you"),
        Verdict.NO_CLEAR_DIFFERENCE: _("No clear difference"),
        Verdict.SEEMS_WORSE: _("Mornings seem worse after it"),
        Verdict.NOT_ENOUGH_DATA: _("Not enough data yet"),
    }[row.insight.verdict]


def trigger_verdict(row: TriggerRow) -> str:
    return {
        Verdict.HELPS: _("Followed by less pain, not more"),
        Verdict.NO_CLEAR_DIFFERENCE: _("No clear effect"),
        Verdict.SEEMS_WORSE: _("Seems to set your pain off"),
        Verdict.NOT_ENOUGH_DATA: _("Not enough data yet"),
    }[row.insight.verdict]


def rank_words(rank: int | None, tied_with: tuple[str, ...], *, ranked: int) -> str:
    """'Place 1 of 4', or 'Shared place 2 of 4, with Clamshell hold'; '' when not ranked."""
    if rank is None:
        return ""
    if tied_with:
        return _("Shared place %(rank)s of %(count)s, with %(others)s") % {
            "rank": rank,
            "count": ranked,
            "others": _(" and ").join(tied_with),
        }
    return _("Place %(rank)s of %(count)s") % {"rank": rank, "count": ranked}
