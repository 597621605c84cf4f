"""Baseline against now for every weekly score: what the progress page and the report read.

The baseline is the first week a score has a value, "now" the latest week it has one. The
verdict is the domain's (``change_for``: the MCID's points or percent, direction-aware). The
activity rating compares only the activities rated at both times, matched by name (an
activity renamed or replaced is a new one), with the single-activity threshold per activity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from piri.accounts.models import Patient
from piri.domain.measures import Change, ChangeVerdict, Direction, Instrument, change_for
from piri.domain.measures.psfs import PSFS_ID, PsfsScore, psfs_change
from piri.program.models import MeasureResponse
from piri.program.services.measure_texts import catalog


@dataclass(frozen=True, slots=True)
class ActivityProgress:
    name: str
    baseline: int
    latest: int
    change: Change  # against the single-activity threshold (3 points)


@dataclass(frozen=True, slots=True)
class ScoreProgress:
    """One score of one instrument: its first and latest weekly values and what changed."""

    instrument: str  # instrument id ("nprs", "rmdq", "psfs", "grc", a plug-in)
    instrument_name: str
    score: str  # score id ("pain_now", "total", "mean", "rating", ...)
    direction: Direction
    baseline_week: date  # Monday of the first week with a value
    baseline: float
    latest_week: date
    latest: float
    weeks: int  # how many weeks have a value
    change: Change | None  # None: one week so far, or no MCID (global rating, STarT Back)
    activities: tuple[ActivityProgress, ...] = ()  # PSFS: each activity rated at both times

    @property
    def verdict(self) -> ChangeVerdict | None:
        return None if self.change is None else self.change.verdict


@dataclass(frozen=True, slots=True)
class MeasuresProgress:
    scores: tuple[ScoreProgress, ...]  # instruments in catalogue order, scores in file order

    def get(self, instrument: str, score: str | None = None) -> ScoreProgress | None:
        """The first score of ``instrument`` (or the one named ``score``), if it has values."""
        return next(
            (
                s
                for s in self.scores
                if s.instrument == instrument and (score is None or s.score == score)
            ),
            None,
        )

    @property
    def empty(self) -> bool:
        return not self.scores


def progress_summary(patient: Patient) -> MeasuresProgress:
    """Every score the patient has answered, baseline against latest (one query)."""
    rows = list(
        MeasureResponse.objects.filter(patient=patient).order_by("week_start", "instrument")
    )
    found: list[ScoreProgress] = []
    for instrument in catalog().instruments:
        mine = [r for r in rows if r.instrument == instrument.id]
        for rule in instrument.scores:
            valued = [r for r in mine if _number(r.scores.get(rule.id)) is not None]
            if valued:
                found.append(_progress(instrument, rule.id, valued))
    return MeasuresProgress(tuple(found))


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _progress(instrument: Instrument, score: str, rows: list[MeasureResponse]) -> ScoreProgress:
    first, last = rows[0], rows[-1]
    baseline = _number(first.scores[score]) or 0.0
    latest = _number(last.scores[score]) or 0.0
    rule = instrument.score(score)
    change: Change | None = None
    activities: tuple[ActivityProgress, ...] = ()
    if last.week_start > first.week_start:
        if instrument.id == PSFS_ID:
            change, activities = _psfs(instrument, first, last)
        elif rule.direction is not Direction.NONE and rule.mcid() is not None:
            change = change_for(instrument, baseline, latest, score=score)
    return ScoreProgress(
        instrument=instrument.id,
        instrument_name=instrument.name,
        score=score,
        direction=rule.direction,
        baseline_week=first.week_start,
        baseline=change.baseline if change is not None else baseline,
        latest_week=last.week_start,
        latest=change.now if change is not None else latest,
        weeks=len(rows),
        change=change,
        activities=activities,
    )


def _psfs(
    instrument: Instrument, first: MeasureResponse, last: MeasureResponse
) -> tuple[Change | None, tuple[ActivityProgress, ...]]:
    """Activities rated in both weeks, matched by name; each gets a slot of its own here."""
    before = _rated(first)
    after = _rated(last)
    common = [name for name in after if name in before]
    slots = instrument.item_ids
    then = PsfsScore({slots[i]: before[n][1] for i, n in enumerate(common)}, None)
    now = PsfsScore({slots[i]: after[n][1] for i, n in enumerate(common)}, None)
    result = psfs_change(then, now, instrument=instrument)
    each = tuple(
        ActivityProgress(after[n][0], before[n][1], after[n][1], result.each[slots[i]])
        for i, n in enumerate(common)
    )
    return result.mean, each


def _rated(row: MeasureResponse) -> dict[str, tuple[str, int]]:
    """name (case-folded) -> (name, rating) of the activities rated in one answer."""
    rated: dict[str, tuple[str, int]] = {}
    for slot, name in row.labels.items():
        value = row.answers.get(slot)
        if isinstance(value, int) and not isinstance(value, bool):
            rated[name.casefold()] = (name, value)
    return rated
