"""Instrument definitions: what an outcome measure asks and how it is scored.

These are the domain's copy of ``protocols/data/measures/measures.yaml`` (the loader builds
them). An instrument holds item ids, the whole-number values each item takes, its scores
(sum, mean, percent of the maximum, or a lookup table) with their missing-item rules, bands
(categories read off the scores), MCIDs with their sources and codes. It never holds licensed
text: that arrives as an ``InstrumentText`` from a file the clinic supplies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from piri.domain.insights_stats import InsightSettings


class Direction(StrEnum):
    """Which way is better for a score."""

    LOWER_BETTER = "lower_better"  # pain, disability (NPRS, RMDQ, ODI, PROMIS PI)
    HIGHER_BETTER = "higher_better"  # function (PSFS, LEFS, PROMIS PF)
    NONE = "none"  # a stratification score (STarT Back): no "better"


class Method(StrEnum):
    SUM = "sum"
    MEAN = "mean"
    PERCENT_OF_MAX = "percent_of_max"  # sum / (max x answered) x 100, as the ODI
    TABLE = "table"  # another score looked up in a table the clinic supplies (PROMIS T-scores)


class TextSource(StrEnum):
    OWN_WORDS = "own_words"  # Piri's own words ship with it
    CLINIC_SUPPLIED = "clinic_supplied"  # a licensed text file the clinic provides


@dataclass(frozen=True, slots=True)
class Mcid:
    """A change that matters: ``points`` or ``percent`` of the baseline, whichever is reached
    first (either may be ``None``). ``context`` names where it applies ("default",
    "sciatica_trials", "single_activity")."""

    points: float | None
    percent: float | None
    source: str
    context: str = "default"


@dataclass(frozen=True, slots=True)
class ItemDef:
    """One item: its answer is a whole number ``low``..``high``; ``scored`` maps each answer
    (from ``low`` up) to the points it gives, when that is not the answer itself."""

    id: str
    low: int
    high: int
    scored: tuple[int, ...] | None = None
    loinc: str | None = None

    def points(self, answer: int) -> int:
        if not self.low <= answer <= self.high:
            raise ValueError(f"{self.id}: {answer} is outside {self.low}..{self.high}")
        return answer if self.scored is None else self.scored[answer - self.low]

    @property
    def max_points(self) -> int:
        return self.high if self.scored is None else max(self.scored)

    @property
    def min_points(self) -> int:
        return self.low if self.scored is None else min(self.scored)


@dataclass(frozen=True, slots=True)
class ScoreDef:
    """How one score is made from the items.

    ``min_answered`` items must be answered (``None`` answers do not count), unless
    ``missing_as`` gives the points an unanswered item counts as (a checklist: not ticked is 0).
    ``missing_rule`` says where the rule comes from (a source, or "POLICY: ...").
    """

    id: str
    method: Method
    items: tuple[str, ...]
    low: float
    high: float
    direction: Direction
    missing_rule: str
    min_answered: int = 0
    missing_as: int | None = None
    from_score: str | None = None  # for TABLE: the score looked up
    mcids: tuple[Mcid, ...] = ()
    loinc: str | None = None

    def mcid(self, context: str = "default") -> Mcid | None:
        return next((m for m in self.mcids if m.context == context), None)


@dataclass(frozen=True, slots=True)
class Bound:
    score: str
    low: float | None = None
    high: float | None = None

    def holds(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


@dataclass(frozen=True, slots=True)
class Band:
    """A category: the first band whose bounds all hold is the one given."""

    id: str
    when: tuple[Bound, ...] = ()


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    name: str
    builtin: bool  # shipped in full (True) or an optional plug-in (False)
    text: TextSource
    measures: str  # what it measures, in a sentence
    licence: str  # the licence statement relied on, with its source
    attribution: str
    items: tuple[ItemDef, ...]
    scores: tuple[ScoreDef, ...]
    bands: tuple[Band, ...] = ()
    loinc: str | None = None  # the panel or the instrument's own code
    texts: dict[str, str] = field(default_factory=dict)  # own words only (never licensed text)

    def item(self, item_id: str) -> ItemDef:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def score(self, score_id: str) -> ScoreDef:
        for score in self.scores:
            if score.id == score_id:
                return score
        raise KeyError(score_id)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)


@dataclass(frozen=True, slots=True)
class ItemText:
    text: str
    labels: dict[int, str]  # answer value -> its label


@dataclass(frozen=True, slots=True)
class InstrumentText:
    """The licensed words of one instrument, from the clinic's file: shown, never scored."""

    instrument: str
    licence: str  # the clinic's own licence statement (who licensed what to whom)
    copyright: str  # the notice shown with the form
    language: str
    instructions: str
    items: dict[str, ItemText]
    tables: dict[str, dict[int, float]] = field(default_factory=dict)  # score id -> raw -> value


@dataclass(frozen=True, slots=True)
class MeasuresCatalog:
    """Everything measures.yaml holds: the instruments (built-in first, in file order) and
    the settings of the "what works for me" insights."""

    id: str
    version: str
    instruments: tuple[Instrument, ...]
    insights: InsightSettings

    def __getitem__(self, instrument_id: str) -> Instrument:
        for instrument in self.instruments:
            if instrument.id == instrument_id:
                return instrument
        raise KeyError(instrument_id)

    @property
    def builtin(self) -> tuple[Instrument, ...]:
        return tuple(i for i in self.instruments if i.builtin)

    @property
    def plugins(self) -> tuple[Instrument, ...]:
        return tuple(i for i in self.instruments if not i.builtin)
