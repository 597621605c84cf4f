"""Outcome measures: instrument definitions, scoring and change against the MCID.

Pure functions over the definitions that ``piri.protocols.builtin_measures()`` loads from
``protocols/data/measures/measures.yaml``; docs/measures.md describes each instrument.
"""

from piri.domain.measures.change import Change, ChangeVerdict, change_for, compare
from piri.domain.measures.model import (
    Band,
    Bound,
    Direction,
    Instrument,
    InstrumentText,
    ItemDef,
    ItemText,
    Mcid,
    MeasuresCatalog,
    Method,
    ScoreDef,
    TextSource,
)
from piri.domain.measures.plugin import InstrumentScore, ScoreValue, score_instrument

__all__ = [
    "Band",
    "Bound",
    "Change",
    "ChangeVerdict",
    "Direction",
    "Instrument",
    "InstrumentScore",
    "InstrumentText",
    "ItemDef",
    "ItemText",
    "Mcid",
    "MeasuresCatalog",
    "Method",
    "ScoreDef",
    "ScoreValue",
    "TextSource",
    "change_for",
    "compare",
    "score_instrument",
]
