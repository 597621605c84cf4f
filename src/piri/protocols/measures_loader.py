"""Read the measures file: YAML -> checked schema -> domain ``MeasuresCatalog``.

The YAML, line-number and error machinery is the protocol loader's (``parse_document``):
every problem is a ``FILE:LINE: field.path: message`` line in a ``ProtocolError``. Beyond the
schema this checks ids and references (items, scores, bands, tables), the built-in
instruments' fixed shapes (NPRS contexts, RMDQ's 24 checklist items, the PSFS slots, the seven
GRC answers), sources on every MCID, and that no instrument whose text the clinic supplies
carries text here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from piri.domain.history import GlobalRating
from piri.domain.insights_stats import InsightSettings
from piri.domain.measures import model as d
from piri.domain.measures.nprs import PainContext
from piri.protocols.loader import parse_document, read_text
from piri.protocols.measures_schema import (
    MEASURES_SCHEMA_VERSION,
    InstrumentModel,
    ItemModel,
    MeasuresFile,
    ScoreModel,
)
from piri.protocols.references import Loc, Problem

_SOURCE = re.compile(r"\bS\d+\b|^POLICY")
_BUILTIN = ("nprs", "rmdq", "psfs", "grc")


def load_measures(path: Path) -> d.MeasuresCatalog:
    """Load and check the measures file at ``path``; ``ProtocolError`` lists every problem."""
    return parse_measures(read_text(path), filename=str(path))


def parse_measures(text: str, *, filename: str) -> d.MeasuresCatalog:
    doc = parse_document(
        text,
        filename=filename,
        model=MeasuresFile,
        schema_version=MEASURES_SCHEMA_VERSION,
        checks=measures_problems,
    )
    return to_catalog(doc)


def measures_problems(doc: MeasuresFile) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, instrument in enumerate(doc.instruments):
        loc: Loc = ("instruments", index)
        if instrument.id in seen:
            problems.append(((*loc, "id"), f"duplicate instrument id '{instrument.id}'"))
        seen.add(instrument.id)
        problems += _instrument(instrument, loc)
    for name in _BUILTIN:
        if name not in seen:
            problems.append((("instruments",), f"missing built-in instrument '{name}'"))
    return problems + list(_builtin_shapes(doc)) + list(_insights(doc))


def _instrument(instrument: InstrumentModel, loc: Loc) -> Iterator[Problem]:
    if instrument.role == "plugin" and instrument.text != "clinic_supplied":
        yield (*loc, "text"), "a plug-in's text is always supplied by the clinic"
    if instrument.text == "clinic_supplied" and instrument.texts:
        yield (*loc, "texts"), "licensed text never ships here: the clinic's text file holds it"
    items: dict[str, ItemModel] = {}
    for index, raw in enumerate(instrument.items):
        item = _item(instrument, raw)
        at = (*loc, "items", index)
        if item.id in items:
            yield at, f"duplicate item id '{item.id}'"
        items[item.id] = item
        if item.low is None or item.high is None:
            yield at, "needs low and high (or the instrument's values)"
        elif item.low >= item.high:
            yield at, "low must be below high"
        elif item.scored is not None and len(item.scored) != item.high - item.low + 1:
            yield (*at, "scored"), f"must give {item.high - item.low + 1} points (low to high)"
    scores: list[str] = []
    for index, score in enumerate(instrument.scores):
        yield from _score(score, (*loc, "scores", index), items, scores)
        scores.append(score.id)
    for index, band in enumerate(instrument.bands):
        for n, bound in enumerate(band.when):
            at = (*loc, "bands", index, "when", n)
            if bound.score not in scores:
                yield (*at, "score"), f"unknown score '{bound.score}'"
            if bound.min is None and bound.max is None:
                yield at, "needs min or max"


def _score(
    score: ScoreModel, loc: Loc, items: dict[str, ItemModel], before: list[str]
) -> Iterator[Problem]:
    if score.id in before:
        yield (*loc, "id"), f"duplicate score id '{score.id}'"
    if score.range.low >= score.range.high:
        yield (*loc, "range"), "low must be below high"
    if score.method == "table":
        if score.from_ is None:
            yield loc, "a table score needs 'from' (the score it looks up)"
        elif score.from_ not in before:
            yield (*loc, "from"), f"must name a score listed before it, not '{score.from_}'"
        if (
            score.items is not None
            or score.missing_as is not None
            or score.min_answered is not None
        ):
            yield loc, "a table score takes no items, min_answered or missing_as"
    else:
        if score.from_ is not None:
            yield (*loc, "from"), "only a table score looks up another score"
        named = score.items if score.items is not None else list(items)
        for n, item in enumerate(score.items or []):
            if item not in items:
                yield (*loc, "items", n), f"unknown item '{item}'"
        if score.items is not None and not score.items:
            yield (*loc, "items"), "must have at least 1 item(s)"
        if score.min_answered is not None and score.min_answered > len(named):
            yield (*loc, "min_answered"), f"must be at most the {len(named)} items scored"
        if score.min_answered is not None and score.missing_as is not None:
            yield (*loc, "missing_as"), "give either missing_as (a checklist) or min_answered"
    contexts: set[str] = set()
    for n, mcid in enumerate(score.mcid):
        at = (*loc, "mcid", n)
        if mcid.points is None and mcid.percent is None:
            yield at, "needs points or percent"
        if not _SOURCE.search(mcid.source):
            yield (*at, "source"), "must name an S-number of research.md or start with POLICY"
        if mcid.context in contexts:
            yield (*at, "context"), f"duplicate context '{mcid.context}'"
        contexts.add(mcid.context)
    if score.mcid and "default" not in contexts:
        yield (*loc, "mcid"), "needs a 'default' context"
    if score.mcid and score.direction == "none":
        yield (*loc, "mcid"), "a score with direction none has no MCID"


def _item(instrument: InstrumentModel, raw: str | ItemModel) -> ItemModel:
    item = ItemModel(id=raw) if isinstance(raw, str) else raw
    values = instrument.values
    low = item.low if item.low is not None else (values.low if values else None)
    high = item.high if item.high is not None else (values.high if values else None)
    return item.model_copy(update={"low": low, "high": high})


def _builtin_shapes(doc: MeasuresFile) -> Iterator[Problem]:
    for index, instrument in enumerate(doc.instruments):
        loc: Loc = ("instruments", index)
        if instrument.id not in _BUILTIN:
            continue
        if instrument.role != "builtin":
            yield (*loc, "role"), f"'{instrument.id}' is built in"
        items = [_item(instrument, raw) for raw in instrument.items]
        ids = [i.id for i in items]
        ranges = {(i.low, i.high) for i in items}
        expected = {
            "nprs": ([c.value for c in PainContext], {(0, 10)}),
            "rmdq": ([f"rmdq_{n:02d}" for n in range(1, 25)], {(0, 1)}),
            "psfs": ([f"activity_{n}" for n in range(1, 6)], {(0, 10)}),
            "grc": (["rating"], {(-3, 3)}),
        }[instrument.id]
        if (ids, ranges) != expected:
            yield (*loc, "items"), f"must be {expected[0]} answered {sorted(expected[1])}"
        first = instrument.scores[0]
        if instrument.id == "rmdq" and first.missing_as != 0:
            yield (*loc, "scores", 0), "the RMDQ is a checklist: missing_as must be 0"
        if instrument.id == "psfs" and (first.method != "mean" or first.min_answered != 3):
            yield (*loc, "scores", 0), "the PSFS score is the mean, with at least 3 activities"
        if instrument.id == "grc":
            for rating in GlobalRating:
                if rating.value not in instrument.texts:
                    yield (*loc, "texts"), f"needs the words for '{rating.value}'"
            if "question" not in instrument.texts:
                yield (*loc, "texts"), "needs the 'question'"


def _insights(doc: MeasuresFile) -> Iterator[Problem]:
    s = doc.insights
    whole = {
        "min_sessions": 2,
        "min_within": 2,
        "resamples": 100,
        "bootstrap_up_to": 2,
        "seed": 0,
    }
    for name, least in whole.items():
        value = getattr(s, name).value
        if not isinstance(value, int):
            yield ("insights", name, "value"), "must be a whole number"
        elif value < least:
            yield ("insights", name, "value"), f"must be at least {least}"
    if not 50 <= s.interval_percent.value <= 99:
        yield ("insights", "interval_percent", "value"), "must be between 50 and 99"
    for name in ("min_difference", "min_extent_difference"):
        if getattr(s, name).value < 0:
            yield ("insights", name, "value"), "must be at least 0"


def to_catalog(doc: MeasuresFile) -> d.MeasuresCatalog:
    s = doc.insights
    return d.MeasuresCatalog(
        id=doc.id,
        version=doc.version,
        instruments=tuple(_to_instrument(i) for i in doc.instruments),
        insights=InsightSettings(
            min_sessions=int(s.min_sessions.value),
            min_within=int(s.min_within.value),
            interval_level=s.interval_percent.value / 100,
            resamples=int(s.resamples.value),
            bootstrap_up_to=int(s.bootstrap_up_to.value),
            seed=int(s.seed.value),
            min_difference=float(s.min_difference.value),
            min_extent_difference=float(s.min_extent_difference.value),
        ),
    )


def _to_instrument(m: InstrumentModel) -> d.Instrument:
    items = tuple(_to_item(_item(m, raw)) for raw in m.items)
    scores: list[d.ScoreDef] = []
    for score in m.scores:
        scores.append(_to_score(score, items, scores))
    return d.Instrument(
        id=m.id,
        name=m.name,
        builtin=m.role == "builtin",
        text=d.TextSource(m.text),
        measures=m.measures,
        licence=m.licence,
        attribution=m.attribution,
        items=items,
        scores=tuple(scores),
        bands=tuple(
            d.Band(b.id, tuple(d.Bound(w.score, w.min, w.max) for w in b.when)) for b in m.bands
        ),
        loinc=m.loinc,
        texts=dict(m.texts),
    )


def _to_item(m: ItemModel) -> d.ItemDef:
    assert m.low is not None and m.high is not None  # checked
    scored = None if m.scored is None else tuple(m.scored)
    return d.ItemDef(m.id, m.low, m.high, scored, m.loinc)


def _to_score(m: ScoreModel, items: tuple[d.ItemDef, ...], before: list[d.ScoreDef]) -> d.ScoreDef:
    if m.method == "table":
        source = next(s for s in before if s.id == m.from_)
        names, least = source.items, source.min_answered
    else:
        names = tuple(m.items) if m.items is not None else tuple(i.id for i in items)
        least = (
            0
            if m.missing_as is not None
            else (m.min_answered if m.min_answered is not None else len(names))
        )
    return d.ScoreDef(
        id=m.id,
        method=d.Method(m.method),
        items=names,
        low=float(m.range.low),
        high=float(m.range.high),
        direction=d.Direction(m.direction),
        missing_rule=m.missing_rule,
        min_answered=least,
        missing_as=m.missing_as,
        from_score=m.from_,
        mcids=tuple(
            d.Mcid(
                points=None if x.points is None else float(x.points),
                percent=None if x.percent is None else float(x.percent),
                source=x.source,
                context=x.context,
            )
            for x in m.mcid
        ),
        loinc=m.loinc,
    )
