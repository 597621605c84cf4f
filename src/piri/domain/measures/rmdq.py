"""RMDQ-24: the Roland-Morris Disability Questionnaire, 24 statements, scored 0-24.

The form is a checklist: the patient ticks the statements that describe them today, and the
score is the number ticked (S50). A statement not ticked counts as 0 (S50: "If patients indicate
in any way that an item is not applicable to them, the item is scored 'No'"), so a submitted
form always has a score; an unsubmitted one has none (POLICY: the caller scores only a form the
patient submitted). The item text is not shipped: see docs/measures.md.
"""

from __future__ import annotations

from collections.abc import Collection

from piri.domain.measures.change import Change, change_for
from piri.domain.measures.model import Instrument
from piri.domain.measures.plugin import InstrumentScore, score_instrument

RMDQ_ID = "rmdq"


def score_rmdq(ticked: Collection[str], *, instrument: Instrument) -> InstrumentScore:
    """The score of one submitted form: ``ticked`` are the item ids the patient ticked."""
    if instrument.id != RMDQ_ID:
        raise ValueError(f"not the RMDQ: '{instrument.id}'")
    unknown = sorted(set(ticked) - set(instrument.item_ids))
    if unknown:
        raise ValueError(f"rmdq: unknown items {unknown}")
    return score_instrument(instrument, {item_id: 1 for item_id in ticked})


def rmdq_change(
    baseline: float, now: float, *, instrument: Instrument, context: str = "default"
) -> Change:
    """Baseline against now; ``context="sciatica_trials"`` uses the 7.5-point MIC of S51."""
    return change_for(instrument, baseline, now, context=context)
