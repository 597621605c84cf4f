"""Per-item dose decisions for ``progression.adapt``: one step up, down, or none, and why.

``runs`` lists the sessions of an item's slot; ``Engine.decide`` applies spec §4 to them and
records each ``DoseChange`` (with the sentence the patient reads) and ``ItemDecision``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from piri.domain import ladder
from piri.domain.history import SessionOutcome
from piri.domain.monitoring import ItemOutcome, evaluate_session
from piri.domain.overlays import Locks, locks_of
from piri.domain.policy import Policy
from piri.domain.prescription import Prescription
from piri.domain.protocol import Exercise, Protocol


class Cause(StrEnum):
    TOLERATED = "tolerated"
    PAIN_HIGH = "pain_high"
    SPREAD = "spread"


class Decision(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"
    AT_LIMIT = "at_limit"  # would move, but a cap, a floor or a lock stops it
    NO_DATA = "no_data"  # no session of this item at this dose yet


@dataclass(frozen=True, slots=True)
class DoseChange:
    item: str
    field: str  # "sets" | "hold_s" | "variant" (a massage option or stretch swapped for another)
    old: int | str
    new: int | str
    reason: str  # the sentence the patient reads
    cause: Cause


@dataclass(frozen=True, slots=True)
class ItemDecision:
    item: str
    decision: Decision
    why: str  # a code: tolerated, amber, adherence, flag, prompt, eased, not_enough_sessions,
    # not_tolerated, pain_high, spread, at_cap, at_floor, massage


@dataclass(frozen=True, slots=True)
class Run:
    """One session of an item's slot (the massage option, the stretch variant, or the
    exercise itself): which item filled it, how it went, the dose done, and whether the
    next morning was answered and not raised."""

    item: str
    outcome: ItemOutcome
    dose: ladder.Dose
    morning_ok: bool


def runs(
    item: str,
    sessions: Sequence[SessionOutcome],
    raised: dict[date, bool | None],
    *,
    protocol: Protocol,
    policy: Policy,
) -> list[Run]:
    """The sessions of ``item``'s slot, oldest first. Only a run of the item itself at the
    standing dose, at the end of the slot's history, can move the dose: once another
    variant or option took the slot, older sessions no longer count."""
    if item in protocol.stretch_variants:
        slot = set(protocol.stretch_variants)
    elif item in {m.id for m in protocol.massage_options}:
        slot = {m.id for m in protocol.massage_options}
    else:
        slot = {item}
    runs = []
    for session in sessions:
        results = [r for r in session.items if r.item in slot]
        if not results:
            continue
        done = results[0].item
        outcome = evaluate_session(session, policy=policy)[done]
        dose = ladder.Dose(results[0].sets, results[0].hold_s)
        morning_ok = raised.get(session.day + timedelta(days=1)) is False
        runs.append(Run(done, outcome, dose, morning_ok))
    return runs


class Engine:
    """Collects the changes and decisions of one ``adapt`` run."""

    def __init__(
        self,
        protocol: Protocol,
        policy: Policy,
        locked: Locks,
        at_hand: frozenset[str] | None = None,
    ) -> None:
        self.protocol, self.policy, self.locked = protocol, policy, locked
        self.at_hand = at_hand  # the massage options this patient can use (None: all)
        self.limits = policy.progression.limits
        self.changes: list[DoseChange] = []
        self.decisions: list[ItemDecision] = []

    def locks(self, item: str) -> frozenset[str]:
        return locks_of(self.locked, item)

    def decide(
        self, item: str, runs: list[Run], standing: Prescription, blocker: str | None
    ) -> Prescription:
        if item not in {e.id for e in self.protocol.exercises}:
            return self._massage(item, runs, standing)
        exercise = self.protocol.exercise(item)
        dose = ladder.dose_of(exercise, standing)
        latest = runs[-1] if runs else None
        if latest is not None and latest.outcome.step_down:
            return self._regress(exercise, dose, latest, standing)
        trailing: list[Run] = []
        for run in reversed(runs):
            if run.item != item or run.dose != dose:
                break
            trailing.insert(0, run)
        need = self.policy.progression.tolerated_in_a_row.value
        why = _hold_reason(trailing, need, blocker)
        if why is not None:
            decision = Decision.NO_DATA if not trailing else Decision.HOLD
            self.decisions.append(ItemDecision(item, decision, why))
            return standing
        move = ladder.step_up(exercise, dose, limits=self.limits, locked=self.locks(item))
        return self._apply(exercise, move, standing, Cause.TOLERATED, Decision.PROGRESS, "at_cap")

    def _regress(
        self, exercise: Exercise, dose: ladder.Dose, latest: Run, standing: Prescription
    ) -> Prescription:
        """The latest run of the slot hurt (red pain or spreading), at the standing dose or at
        a temporary one: the standing dose goes no higher than one step below the dose that
        hurt (that dose itself at the floor), field by field, locks kept."""
        cause = Cause.SPREAD if latest.outcome.peripheralised else Cause.PAIN_HIGH
        target, target_dose = self._below(latest, standing)
        if target.id == exercise.id:
            lowered = self._cap(exercise, target_dose, standing, cause)
        elif ladder.easier_than(self.protocol, exercise.id, target.id) and (
            ladder.VARIANT not in self.locks(exercise.id)
        ):
            move = ladder.Move(ladder.VARIANT, exercise.id, target.id)
            self._record(exercise.id, move, self.policy.texts.changes.variant, cause, target.name)
            lowered = replace(standing, stretch_variant=target.id)
            lowered = self._cap(target, target_dose, lowered, cause)
        else:  # the standing variant is the easier one already, or a clinician keeps it
            lowered = standing
        if lowered != standing:
            self.decisions.append(ItemDecision(exercise.id, Decision.REGRESS, cause.value))
            return lowered
        if latest.item == exercise.id and latest.dose == dose:
            self.decisions.append(ItemDecision(exercise.id, Decision.AT_LIMIT, "at_floor"))
        else:  # the standing dose is already below the one that hurt
            self.decisions.append(ItemDecision(exercise.id, Decision.HOLD, cause.value))
        return standing

    def _below(self, latest: Run, standing: Prescription) -> tuple[Exercise, ladder.Dose]:
        """One step down from the item and dose that hurt (itself when nothing is lower)."""
        hurt = self.protocol.exercise(latest.item)
        move = ladder.step_down(hurt, latest.dose, limits=self.limits, locked=self.locks(hurt.id))
        if move is None:
            return hurt, latest.dose
        if move.field == ladder.VARIANT:
            easier = self.protocol.exercise(str(move.new))
            return easier, ladder.dose_of(easier, standing)
        assert move.dose is not None
        return hurt, move.dose

    def _cap(
        self, exercise: Exercise, cap: ladder.Dose, standing: Prescription, cause: Cause
    ) -> Prescription:
        """``exercise``'s standing dose, each unlocked field no higher than ``cap``'s."""
        dose = ladder.dose_of(exercise, standing)
        locks = self.locks(exercise.id)
        for field in (ladder.SETS, ladder.HOLD):
            old, high = getattr(dose, field), getattr(cap, field)
            if field in locks or old <= high:
                continue
            dose = replace(dose, **{field: high})
            move = ladder.Move(field, old, high, dose)
            self._record(exercise.id, move, self._template(exercise, field), cause, high)
        return ladder.with_dose(standing, exercise, dose)

    def _template(self, exercise: Exercise, field: str) -> str:
        texts = self.policy.texts.changes
        if field == ladder.HOLD:
            return texts.hold_s
        return texts.rounds if exercise.style == "contract_relax" else texts.sets

    def _apply(
        self,
        exercise: Exercise,
        move: ladder.Move | None,
        standing: Prescription,
        cause: Cause,
        decision: Decision,
        at_limit: str,
    ) -> Prescription:
        if move is None:
            self.decisions.append(ItemDecision(exercise.id, Decision.AT_LIMIT, at_limit))
            return standing
        self.decisions.append(ItemDecision(exercise.id, decision, cause.value))
        self._record(exercise.id, move, self._template(exercise, move.field), cause, move.new)
        assert move.dose is not None
        return ladder.with_dose(standing, exercise, move.dose)

    def _massage(self, item: str, runs: list[Run], standing: Prescription) -> Prescription:
        """Massage options never step up. After one hurt, the standing option goes no higher
        than the next easier one this patient can use (the one that hurt when none is)."""
        latest = runs[-1] if runs else None
        if latest is None or not latest.outcome.step_down:
            self.decisions.append(ItemDecision(item, Decision.HOLD, "massage"))
            return standing
        cause = Cause.SPREAD if latest.outcome.peripheralised else Cause.PAIN_HIGH
        hurt = self.protocol.massage_option(latest.item)
        unusable = standing.excluded | ladder.out_of_reach(self.protocol, self.at_hand)
        target = ladder.easier_massage(hurt, self.protocol, excluded=unusable) or hurt.id
        ids = [m.id for m in self.protocol.massage_options]
        if ids.index(item) <= ids.index(target) or ladder.VARIANT in self.locks(item):
            at_limit = latest.item == item
            decision = Decision.AT_LIMIT if at_limit else Decision.HOLD
            self.decisions.append(
                ItemDecision(item, decision, "at_floor" if at_limit else cause.value)
            )
            return standing
        self.decisions.append(ItemDecision(item, Decision.REGRESS, cause.value))
        move = ladder.Move(ladder.VARIANT, item, target)
        self._record(
            item, move, self.policy.texts.changes.massage, cause, self.protocol.item_name(target)
        )
        return replace(standing, massage_option=target)

    def _record(
        self, item: str, move: ladder.Move, template: str, cause: Cause, new: int | str
    ) -> None:
        texts = self.policy.texts
        change = template.format(item=self.protocol.item_name(item), old=move.old, new=new)
        because = getattr(texts.because, cause.value)
        reason = texts.changes.reason.format(change=change, because=because)
        self.changes.append(DoseChange(item, move.field, move.old, move.new, reason, cause))


def _hold_reason(trailing: list[Run], need: int, blocker: str | None) -> str | None:
    """Why an item with no step-down stays where it is, or ``None`` to step up."""
    if not trailing:
        return "not_enough_sessions"
    if trailing[-1].outcome.amber:
        return "amber"
    if blocker is not None:
        return blocker
    if len(trailing) < need:
        return "not_enough_sessions"
    if not all(run.outcome.tolerated and run.morning_ok for run in trailing[-need:]):
        return "not_tolerated"
    return None
