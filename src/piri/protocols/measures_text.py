"""The clinic-supplied text of a licensed instrument (``measures-text/<id>.yaml``).

Piri ships no licensed wording: for an instrument whose ``text`` is ``clinic_supplied`` the
clinic that holds a licence writes the words into a file of this shape (docs/measures.md):

    schema_version: 1
    instrument: odi
    licence: "Licensed to ... by ... (licence no. ...)"   # the clinic's own statement
    copyright: "..."                                      # the notice shown with the form
    language: en
    instructions: "..."
    labels: {0: "...", 1: "..."}       # optional: answer labels shared by every item
    items:
      odi_01: {text: "...", labels: {0: "...", 5: "..."}}
    tables:                              # only for ``table`` scores (PROMIS T-scores)
      t_score: {6: 38.7, 7: 41.0}

``load_measure_text(path, instrument=...)`` checks it against the instrument's definition:
every item id present and none unknown, labels for exactly the answers an item takes, tables
covering every raw value; problems are ``FILE:LINE: field.path: message`` lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from piri.domain.measures.model import Instrument, InstrumentText, ItemText, Method, TextSource
from piri.protocols.loader import parse_document, read_text
from piri.protocols.references import Problem

TEXT_SCHEMA_VERSION = 1
Text = Annotated[str, StringConstraints(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class ItemTextModel(_Model):
    text: Text
    labels: dict[int, Text] | None = None  # None: the file's shared ``labels``


class MeasureTextFile(_Model):
    schema_version: Literal[1]
    instrument: Text
    licence: Text
    copyright: Text
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")] = "en"
    instructions: Text
    labels: dict[int, Text] | None = None
    items: Annotated[dict[str, ItemTextModel], Field(min_length=1)]
    tables: dict[str, dict[int, int | float]] = {}


def load_measure_text(path: Path, *, instrument: Instrument) -> InstrumentText:
    """Load the clinic's text file for ``instrument``; ``ProtocolError`` lists every problem."""
    return parse_measure_text(read_text(path), filename=str(path), instrument=instrument)


def parse_measure_text(text: str, *, filename: str, instrument: Instrument) -> InstrumentText:
    doc = parse_document(
        text,
        filename=filename,
        model=MeasureTextFile,
        schema_version=TEXT_SCHEMA_VERSION,
        checks=lambda doc: list(text_problems(doc, instrument)),
    )
    shared = doc.labels or {}
    return InstrumentText(
        instrument=doc.instrument,
        licence=doc.licence,
        copyright=doc.copyright,
        language=doc.language,
        instructions=doc.instructions,
        items={
            item_id: ItemText(item.text, dict(item.labels if item.labels is not None else shared))
            for item_id, item in doc.items.items()
        },
        tables={
            score: {raw: float(value) for raw, value in table.items()}
            for score, table in doc.tables.items()
        },
    )


def text_problems(doc: MeasureTextFile, instrument: Instrument) -> Iterator[Problem]:
    if doc.instrument != instrument.id:
        yield ("instrument",), f"this file is for '{doc.instrument}', not '{instrument.id}'"
        return
    if instrument.text is not TextSource.CLINIC_SUPPLIED:
        yield ("instrument",), f"'{instrument.id}' is in Piri's own words: it takes no text file"
        return
    known = instrument.item_ids
    for item_id in known:
        if item_id not in doc.items:
            yield ("items",), f"missing item '{item_id}'"
    for item_id, item in doc.items.items():
        if item_id not in known:
            yield ("items", item_id), f"unknown item '{item_id}' (not in {instrument.id})"
            continue
        definition = instrument.item(item_id)
        labels = item.labels if item.labels is not None else doc.labels
        where = ("items", item_id, "labels") if item.labels is not None else ("labels",)
        if labels is None:
            yield ("items", item_id), "needs labels (here or shared at the top)"
            continue
        wanted = set(range(definition.low, definition.high + 1))
        if set(labels) != wanted:
            yield where, f"must label exactly the answers {definition.low}..{definition.high}"
    tables = {s.id: s for s in instrument.scores if s.method is Method.TABLE}
    for name, table in doc.tables.items():
        if name not in tables:
            yield ("tables", name), f"'{instrument.id}' has no table score '{name}'"
            continue
        source = instrument.score(tables[name].from_score or "")
        wanted = set(range(int(source.low), int(source.high) + 1))
        if set(table) != wanted:
            yield (
                ("tables", name),
                f"must give a value for every {source.id} {source.low:g}..{source.high:g}",
            )
