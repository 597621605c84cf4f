"""The measures file format (``schema_version: 1``) as pydantic models.

These check the shape of each field; ``measures_loader.py`` then checks what points at what
(item and score ids, bands, tables), the built-in instruments' fixed shapes, and that no
licensed text sits in the file. docs/measures.md describes every field.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

MEASURES_SCHEMA_VERSION = 1

Text = Annotated[str, StringConstraints(min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Loinc = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,7}-[0-9]$")]
Number = int | float


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class RangeModel(_Model):
    low: Number
    high: Number


class ValuesModel(_Model):
    low: int
    high: int


class ItemModel(_Model):
    id: Id
    low: int | None = None  # defaults: the instrument's ``values``
    high: int | None = None
    scored: list[int] | None = None  # points per answer, from ``low`` up
    loinc: Loinc | None = None


class McidModel(_Model):
    points: Annotated[Number, Field(gt=0)] | None = None
    percent: Annotated[Number, Field(gt=0, le=100)] | None = None
    context: Id = "default"
    source: Text


class ScoreModel(_Model):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)

    id: Id
    method: Literal["sum", "mean", "percent_of_max", "table"]
    items: list[Id] | None = None  # None: every item of the instrument
    min_answered: Annotated[int, Field(ge=0)] | None = None  # None: every item of the score
    missing_as: int | None = None  # a checklist: an unanswered item counts as this
    missing_rule: Text
    from_: Id | None = Field(default=None, alias="from")  # ``table``: the score looked up
    range: RangeModel
    direction: Literal["lower_better", "higher_better", "none"]
    loinc: Loinc | None = None
    mcid: list[McidModel] = []


class BoundModel(_Model):
    score: Id
    min: Number | None = None
    max: Number | None = None


class BandModel(_Model):
    id: Id
    when: list[BoundModel] = []


class InstrumentModel(_Model):
    id: Id
    name: Text
    role: Literal["builtin", "plugin"]
    text: Literal["own_words", "clinic_supplied"]
    measures: Text
    licence: Text
    attribution: Text
    sources: list[Text] = []
    loinc: Loinc | None = None
    values: ValuesModel | None = None  # the default answer range of the items
    items: Annotated[list[Id | ItemModel], Field(min_length=1)]
    scores: Annotated[list[ScoreModel], Field(min_length=1)]
    bands: list[BandModel] = []
    texts: dict[str, Text] = {}  # Piri's own words only


class SettingModel(_Model):
    value: Number
    source: Text


class InsightsModel(_Model):
    min_sessions: SettingModel
    min_within: SettingModel
    interval_percent: SettingModel
    resamples: SettingModel
    bootstrap_up_to: SettingModel
    seed: SettingModel
    min_difference: SettingModel
    min_extent_difference: SettingModel


class MeasuresFile(_Model):
    schema_version: Literal[1]
    id: Id
    version: Text
    instruments: Annotated[list[InstrumentModel], Field(min_length=1)]
    insights: InsightsModel
