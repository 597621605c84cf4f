"""Baseline against now for every outcome score a patient has answered, and for daily pain.

A score's baseline is its first stored value, "now" its latest; the change is the domain's
(``piri.domain.measures.change``), judged against the score's MCID. Daily pain compares the
mean of the first check-ins with the mean of the latest ones (at most ``PAIN_WINDOW`` each,
never overlapping), against the NPRS MCID.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from statistics import fmean
from typing import Any

from django.utils.translation import gettext_lazy as _

from piri.accounts.models import Patient
from piri.domain.measures.change import Change, ChangeVerdict, compare
from piri.domain.measures.grc import GRC_ID
from piri.domain.measures.model import Direction, Instrument, Mcid, MeasuresCatalog, ScoreDef
from piri.program.models import CheckIn, MeasureResponse

PAIN_WINDOW = 7  # check-ins averaged at each end of the daily pain comparison

SCORE_LABELS: dict[tuple[str, str], Any] = {
    ("nprs", "pain_now"): _("Pain now (NPRS 0-10)"),
    ("nprs", "pain_average_24h"): _("Pain, 24 h average (0-10)"),
    ("nprs", "pain_worst_exercise"): _("Worst pain exercising (0-10)"),
    ("nprs", "pain_next_morning"): _("Pain on waking (0-10)"),
    ("rmdq", "total"): _("RMDQ disability (0-24)"),
    ("psfs", "mean"): _("Own activities (PSFS 0-10)"),
    ("grc", "rating"): _("Global change (-3 to +3)"),
}
VERDICTS: dict[ChangeVerdict, Any] = {
    ChangeVerdict.IMPROVED: _("Better, MCID reached"),
    ChangeVerdict.NO_MEANINGFUL_CHANGE: _("Within the MCID"),
    ChangeVerdict.WORSE: _("Worse, MCID reached"),
}
GRC_WORDS = (
    "very_much_worse",
    "much_worse",
    "a_little_worse",
    "same",
    "a_little_better",
    "much_better",
    "very_much_better",
)


@dataclass(frozen=True, slots=True)
class MeasureRow:
    label: str
    lower_better: bool | None  # None: no better direction (or a rating of change)
    baseline: float | None
    baseline_days: tuple[date, date] | None  # the first and last day behind the baseline
    latest: float | None
    latest_days: tuple[date, date] | None
    count: int  # values behind the row
    change: Change | None = None
    note: str = ""  # e.g. the words of a global rating

    @property
    def verdict(self) -> str:
        return str(VERDICTS[self.change.verdict]) if self.change else ""

    @property
    def mcid(self) -> str:
        return mcid_text(self.change.mcid) if self.change else ""

    @property
    def change_text(self) -> str:
        """The difference as measured, signed ("-3"), and the percent better or worse."""
        if self.change is None:
            return ""
        difference = self.change.difference
        sign = "+" if difference > 0 else "\u2212" if difference < 0 else "±"
        text = f"{sign}{_number(abs(difference))}"
        percent = self.change.percent
        if percent is None or round(percent) == 0:
            return text
        words = _("%(pct)s %% better") if percent > 0 else _("%(pct)s %% worse")
        return f"{text} ({words % {'pct': round(abs(percent))}})"


def mcid_text(mcid: Mcid) -> str:
    parts = []
    if mcid.points is not None:
        parts.append(_("%(points)s pt") % {"points": _number(mcid.points)})
    if mcid.percent is not None:
        parts.append(f"{_number(mcid.percent)} %")
    return str(_(" or ")).join(str(p) for p in parts)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _label(instrument: Instrument, score: ScoreDef) -> str:
    known = SCORE_LABELS.get((instrument.id, score.id))
    return str(known) if known else f"{instrument.name} ({score.id})"


def _score_row(
    instrument: Instrument, score: ScoreDef, values: list[tuple[date, float]]
) -> MeasureRow:
    (first_day, first), (last_day, last) = values[0], values[-1]
    if instrument.id == GRC_ID:  # already a change since the start: only the latest counts
        words = GRC_WORDS[int(last) + 3] if float(last).is_integer() and -3 <= last <= 3 else ""
        return MeasureRow(
            label=_label(instrument, score),
            lower_better=None,
            baseline=None,
            baseline_days=None,
            latest=last,
            latest_days=(last_day, last_day),
            count=len(values),
            note=instrument.texts.get(words, ""),
        )
    change = None
    mcid = score.mcid()
    if len(values) > 1 and score.direction is not Direction.NONE and mcid is not None:
        change = compare(first, last, direction=score.direction, mcid=mcid)
    more = len(values) > 1
    return MeasureRow(
        label=_label(instrument, score),
        lower_better=None
        if score.direction is Direction.NONE
        else score.direction is Direction.LOWER_BETTER,
        baseline=first,
        baseline_days=(first_day, first_day),
        latest=last if more else None,
        latest_days=(last_day, last_day) if more else None,
        count=len(values),
        change=change,
    )


def score_rows(patient: Patient, catalog: MeasuresCatalog) -> list[MeasureRow]:
    """One row per score with at least one value, in the catalog's order."""
    series: dict[tuple[str, str], list[tuple[date, float]]] = defaultdict(list)
    responses = MeasureResponse.objects.filter(patient=patient).order_by("week_start", "day")
    for instrument_id, day, scores in responses.values_list("instrument", "day", "scores"):
        for score_id, value in (scores or {}).items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                series[(instrument_id, score_id)].append((day, float(value)))
    rows = []
    for instrument in catalog.instruments:
        for score in instrument.scores:
            if values := series.get((instrument.id, score.id)):
                rows.append(_score_row(instrument, score, values))
    return rows


def daily_pain_row(patient: Patient, catalog: MeasuresCatalog) -> MeasureRow | None:
    """Mean daily pain (24-hour average, else pain now) of the first check-ins against the
    latest ones; None without any check-in pain."""
    days = CheckIn.objects.filter(patient=patient).order_by("day")
    values = [
        (day, float(pain))
        for day, average, now in days.values_list("day", "pain_average", "pain_now")
        if (pain := average if average is not None else now) is not None
    ]
    if not values:
        return None
    size = min(PAIN_WINDOW, max(1, len(values) // 2))
    first, last = values[:size], values[-size:]
    baseline, latest = fmean(v for _, v in first), fmean(v for _, v in last)
    score = catalog["nprs"].scores[0]
    mcid = score.mcid()
    change = None
    if len(values) > 1 and mcid is not None:
        change = compare(baseline, latest, direction=Direction.LOWER_BETTER, mcid=mcid)
    return MeasureRow(
        label=str(_("Daily pain, check-ins (0-10)")),
        lower_better=True,
        baseline=round(baseline, 1),
        baseline_days=(first[0][0], first[-1][0]),
        latest=round(latest, 1) if len(values) > 1 else None,
        latest_days=(last[0][0], last[-1][0]) if len(values) > 1 else None,
        count=len(values),
        change=change,
    )
