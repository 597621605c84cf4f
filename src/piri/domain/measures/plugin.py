"""Score any instrument from its definition: item sums, means, percent of the maximum and
table look-ups, each with the instrument's own rule for unanswered items.

Answers are whole numbers per item id (``None`` or absent: not answered). A score that its
missing-item rule does not allow is ``None`` with the reason, never a guess. Bands (like
STarT Back's low / medium / high) are read off the scores, first match wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from piri.domain.measures.model import Instrument, InstrumentText, Method, ScoreDef

Answers = Mapping[str, int | None]


@dataclass(frozen=True, slots=True)
class ScoreValue:
    id: str
    value: float | None  # None: not enough answered (see ``reason``)
    answered: int
    of: int
    reason: str = ""

    @property
    def complete(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class InstrumentScore:
    instrument: str
    scores: tuple[ScoreValue, ...]
    band: str | None = None  # None when the instrument has no bands or a score is missing

    def __getitem__(self, score_id: str) -> ScoreValue:
        for score in self.scores:
            if score.id == score_id:
                return score
        raise KeyError(score_id)

    @property
    def value(self) -> float | None:
        """The first (main) score's value."""
        return self.scores[0].value


def check_answers(instrument: Instrument, answers: Answers) -> None:
    """``ValueError`` for an unknown item id or an answer out of its item's range."""
    known = set(instrument.item_ids)
    for item_id, answer in answers.items():
        if item_id not in known:
            raise ValueError(f"{instrument.id}: unknown item '{item_id}'")
        if answer is not None:
            if isinstance(answer, bool) or not isinstance(answer, int):
                raise ValueError(f"{instrument.id}.{item_id}: answer must be a whole number")
            instrument.item(item_id).points(answer)


def score_instrument(
    instrument: Instrument, answers: Answers, *, text: InstrumentText | None = None
) -> InstrumentScore:
    """Every score of ``instrument`` for one set of answers.

    ``text`` supplies the look-up tables of ``table`` scores (licensed, from the clinic); without
    it such a score is ``None``.
    """
    check_answers(instrument, answers)
    done: dict[str, ScoreValue] = {}
    for rule in instrument.scores:
        if rule.method is Method.TABLE:
            done[rule.id] = _table(rule, done, text)
        else:
            done[rule.id] = _from_items(instrument, rule, answers)
    return InstrumentScore(
        instrument=instrument.id,
        scores=tuple(done.values()),
        band=_band(instrument, done),
    )


def _from_items(instrument: Instrument, rule: ScoreDef, answers: Answers) -> ScoreValue:
    points: list[int] = []
    answered = 0
    for item_id in rule.items:
        answer = answers.get(item_id)
        if answer is not None:
            answered += 1
            points.append(instrument.item(item_id).points(answer))
        elif rule.missing_as is not None:
            points.append(rule.missing_as)
    of = len(rule.items)
    needed = rule.min_answered if rule.missing_as is None else 0
    if answered < needed or not points:
        reason = f"{answered} of {of} answered; the rule needs {max(needed, 1)}"
        return ScoreValue(rule.id, None, answered, of, reason)
    total = Fraction(sum(points))
    if rule.method is Method.SUM:
        value = total
    elif rule.method is Method.MEAN:
        value = total / len(points)
    else:  # PERCENT_OF_MAX: over the items that count (answered, or counted as missing_as)
        counted = [
            i for i in rule.items if answers.get(i) is not None or rule.missing_as is not None
        ]
        maximum = sum(instrument.item(i).max_points for i in counted)
        value = total / maximum * 100
    return ScoreValue(rule.id, float(value), answered, of)


def _table(
    rule: ScoreDef, done: Mapping[str, ScoreValue], text: InstrumentText | None
) -> ScoreValue:
    source = done[rule.from_score or ""]
    if source.value is None:
        return ScoreValue(rule.id, None, source.answered, source.of, source.reason)
    table = None if text is None else text.tables.get(rule.id)
    if table is None:
        reason = "the conversion table is licensed: the clinic's text file supplies it"
        return ScoreValue(rule.id, None, source.answered, source.of, reason)
    raw = int(source.value)
    if raw != source.value or raw not in table:
        reason = f"no table entry for {source.value:g}"
        return ScoreValue(rule.id, None, source.answered, source.of, reason)
    return ScoreValue(rule.id, table[raw], source.answered, source.of)


def _band(instrument: Instrument, done: Mapping[str, ScoreValue]) -> str | None:
    named = {bound.score for band in instrument.bands for bound in band.when}
    values = {name: done[name].value for name in named}
    known = {name: value for name, value in values.items() if value is not None}
    if len(known) < len(values):
        return None
    for band in instrument.bands:
        if all(bound.holds(known[bound.score]) for bound in band.when):
            return band.id
    return None
