"""One step up or down a dose ladder (spec §4), within the policy's caps and floors.

Holds (``style: hold``): up is +5 s a hold until the cap (30 s), then +1 set until the cap
(6); down undoes the last move first (a set above the protocol's, then 5 s off the hold,
then a set), never below the floors. Contract-relax stretches go up by +1 round only (the
press stays as it is, never above 10 s); down is the easier variant (floor -> chair) when
there is one, otherwise -1 round (``easier_than`` compares the variants). Massage options do
not progress; down is the easier option.
A locked field is never changed: the ladder tries the next possible move instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from piri.domain.policy import DoseLimits
from piri.domain.prescription import DoseOverride, Prescription
from piri.domain.protocol import Exercise, MassageOption, Protocol

SETS, HOLD, VARIANT = "sets", "hold_s", "variant"
FIELDS = (SETS, HOLD, VARIANT)


@dataclass(frozen=True, slots=True)
class Dose:
    sets: int
    hold_s: int


@dataclass(frozen=True, slots=True)
class Move:
    """One step: a new dose of the same item, or another item (variant or massage option)."""

    field: str  # "sets" | "hold_s" | "variant"
    old: int | str
    new: int | str
    dose: Dose | None = None  # the new dose when ``field`` is sets or hold_s


def base_dose(exercise: Exercise) -> Dose:
    return Dose(exercise.sets, exercise.hold_s)


def dose_of(exercise: Exercise, prescription: Prescription) -> Dose:
    override = prescription.dose_overrides.get(exercise.id)
    if override is None:
        return base_dose(exercise)
    return Dose(override.sets or exercise.sets, override.hold_s or exercise.hold_s)


def with_dose(prescription: Prescription, exercise: Exercise, dose: Dose) -> Prescription:
    """The prescription with ``exercise`` at ``dose`` (an override only where it differs)."""
    overrides = dict(prescription.dose_overrides)
    override = DoseOverride(
        sets=None if dose.sets == exercise.sets else dose.sets,
        hold_s=None if dose.hold_s == exercise.hold_s else dose.hold_s,
    )
    if override == DoseOverride():
        overrides.pop(exercise.id, None)
    else:
        overrides[exercise.id] = override
    return replace(prescription, dose_overrides=overrides)


def step_up(
    exercise: Exercise, dose: Dose, *, limits: DoseLimits, locked: frozenset[str] = frozenset()
) -> Move | None:
    """The next step up, or ``None`` at the caps (or when every possible move is locked)."""
    sets_cap, hold_cap = limits.sets_cap.value, limits.hold_cap_s.value
    more_sets = Dose(min(dose.sets + _step(limits, exercise), sets_cap), dose.hold_s)
    if exercise.style == "contract_relax":
        moves = [(SETS, more_sets)] if dose.sets < sets_cap else []
    else:
        longer = Dose(dose.sets, min(dose.hold_s + limits.hold_step_s.value, hold_cap))
        moves = []
        if dose.sets < min(exercise.sets, sets_cap):
            moves.append((SETS, more_sets))
        if dose.hold_s < hold_cap:
            moves.append((HOLD, longer))
        if dose.sets < sets_cap:
            moves.append((SETS, more_sets))
    return _first(moves, dose, locked)


def step_down(
    exercise: Exercise, dose: Dose, *, limits: DoseLimits, locked: frozenset[str] = frozenset()
) -> Move | None:
    """The next step down, or ``None`` at the floors (or when every move is locked)."""
    if exercise.next_easier is not None and VARIANT not in locked:
        return Move(VARIANT, exercise.id, exercise.next_easier)
    sets_floor, hold_floor = limits.sets_floor.value, limits.hold_floor_s.value
    fewer_sets = Dose(max(dose.sets - _step(limits, exercise), sets_floor), dose.hold_s)
    moves = []
    if exercise.style == "contract_relax":
        if dose.sets > sets_floor:
            moves.append((SETS, fewer_sets))
    else:
        shorter = Dose(dose.sets, max(dose.hold_s - limits.hold_step_s.value, hold_floor))
        if dose.sets > max(exercise.sets, sets_floor):
            moves.append((SETS, fewer_sets))
        if dose.hold_s > hold_floor:
            moves.append((HOLD, shorter))
        if dose.sets > sets_floor:
            moves.append((SETS, fewer_sets))
    return _first(moves, dose, locked)


def easier_massage(
    option: MassageOption, protocol: Protocol, *, excluded: frozenset[str] = frozenset()
) -> str | None:
    """The next easier massage option that is not left out (``excluded``: options a clinician
    switched off); the protocol lists them easiest first."""
    ids = [m.id for m in protocol.massage_options]
    easier = [i for i in ids[: ids.index(option.id)] if i not in excluded]
    return easier[-1] if easier else None


def out_of_reach(protocol: Protocol, at_hand: frozenset[str] | None) -> frozenset[str]:
    """The massage options not in ``at_hand`` (the ones this patient can use; ``None``: all)."""
    if at_hand is None:
        return frozenset()
    return frozenset(m.id for m in protocol.massage_options if m.id not in at_hand)


def easier_than(protocol: Protocol, harder: str, easier: str) -> bool:
    """Whether ``easier`` is below ``harder`` on the ``next_easier`` steps (floor stretch ->
    chair stretch): the two variants of one slot compared."""
    seen = {harder}
    step = protocol.exercise(harder).next_easier
    while step is not None and step not in seen:
        if step == easier:
            return True
        seen.add(step)
        step = protocol.exercise(step).next_easier
    return False


def cut_hold(
    exercise: Exercise, dose: Dose, *, percent: int, limits: DoseLimits, locked: frozenset[str]
) -> Dose:
    """The hold cut to ``percent`` (whole seconds, never below the floor) unless locked."""
    if HOLD in locked:
        return dose
    return Dose(dose.sets, max(dose.hold_s * percent // 100, limits.hold_floor_s.value))


def _step(limits: DoseLimits, exercise: Exercise) -> int:
    return (limits.rounds_step if exercise.style == "contract_relax" else limits.sets_step).value


def _first(moves: list[tuple[str, Dose]], dose: Dose, locked: frozenset[str]) -> Move | None:
    for field, new in moves:
        if field in locked or new == dose:
            continue
        return Move(field, getattr(dose, field), getattr(new, field), new)
    return None
