"""Temporary changes for the next session only (spec §3-§4); the standing doses stay.

- *Left out*: what spread (peripheralised) in the latest session is left out of the next
  one ("not next time"): the item itself; for a stretch, every variant (the lying and the
  chair figure-4 are one stretch); for a massage option, every option with the same tool
  (the same massage on the same spot), the massage slot then taking the next easier option
  with another tool this patient can use, or no massage at all when there is none.
- *Easing*: after a raised morning (pain +2 or new stiffness), every exercise is one step
  down for 48 h (the floor stretch becomes the chair one).
- *Flare-up*: Rest phase only: the massage option, the flare-up stretch (the chair one) and
  the kept exercises, the named ones at a cut hold (half), for 48-72 h.

After that the next session is the standing prescription again: the last tolerated level.
Locked ``(item, field)`` pairs are never changed here either (a locked massage option is not
swapped for another); leaving an item out is not a dose change, so a lock does not stop it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from piri.domain import ladder
from piri.domain.flareup import Easing, FlareUp
from piri.domain.policy import Policy
from piri.domain.prescription import Prescription
from piri.domain.protocol import Exercise, Protocol

Locks = frozenset[tuple[str, str]]  # (item id, "sets" | "hold_s" | "variant")


class NoticeKind(StrEnum):
    LEFT_OUT = "left_out"
    EASING = "easing"
    FLARE_UP = "flare_up"


@dataclass(frozen=True, slots=True)
class Notice:
    """A temporary change to the next session, in the patient's words."""

    kind: NoticeKind
    text: str
    item: str | None = None


def items_of(protocol: Protocol, prescription: Prescription) -> list[str]:
    """A prescription's items: the massage option, then its exercises in session order."""
    items = [prescription.massage_option]
    items += [
        e.id
        for e in protocol.exercises
        if e.id not in protocol.stretch_variants or e.id == prescription.stretch_variant
    ]
    return [item for item in items if item not in prescription.excluded]


def locks_of(locked: Locks, item: str) -> frozenset[str]:
    return frozenset(field for locked_item, field in locked if locked_item == item)


def leave_out(spread: frozenset[str], protocol: Protocol) -> frozenset[str]:
    """Every item the next session leaves out because ``spread`` items spread in the last one:
    each of them, every stretch variant for a stretch, every option sharing a massage tool."""
    out = set(spread)
    for item in spread:
        if item in protocol.stretch_variants:
            out |= set(protocol.stretch_variants)
        elif item in {m.id for m in protocol.massage_options}:
            tool = protocol.massage_option(item).tool
            out |= {m.id for m in protocol.massage_options if m.tool == tool}
    return frozenset(out)


def overlay(
    standing: Prescription,
    *,
    protocol: Protocol,
    policy: Policy,
    locked: Locks,
    left_out: frozenset[str],
    eased: Easing | None,
    flare: FlareUp | None,
    today: date,
    at_hand: frozenset[str] | None = None,
) -> tuple[Prescription, tuple[Notice, ...]]:
    """The next session's prescription, and a notice for each temporary change.
    ``left_out``: as ``leave_out`` gives; ``at_hand``: the massage options this patient can
    use (``None``: all)."""
    texts = policy.texts.notices
    notices: list[Notice] = []
    nxt = standing
    if flare is not None and flare.active:
        nxt = _flare_mode(standing, protocol=protocol, policy=policy, locked=locked)
        notices.append(Notice(NoticeKind.FLARE_UP, texts.flare_up))
    elif eased is not None:
        exercise_ids = {e.id for e in protocol.exercises}
        for item in items_of(protocol, standing):
            if item in exercise_ids:
                nxt = _ease(nxt, protocol.exercise(item), policy=policy, locked=locked)
        days = (eased.until - today).days
        notices.append(Notice(NoticeKind.EASING, texts.easing.format(days=days)))
    for item in items_of(protocol, nxt):
        if item in left_out:
            name = protocol.item_name(item)
            notices.append(Notice(NoticeKind.LEFT_OUT, texts.left_out.format(item=name), item))
    massage = _massage_instead(
        nxt, protocol=protocol, locked=locked, left_out=left_out, at_hand=at_hand
    )
    return replace(nxt, massage_option=massage, excluded=nxt.excluded | left_out), tuple(notices)


def _massage_instead(
    nxt: Prescription,
    *,
    protocol: Protocol,
    locked: Locks,
    left_out: frozenset[str],
    at_hand: frozenset[str] | None,
) -> str:
    """The massage option of the next session: the standing one unless it is left out; then
    the next easier option left in that the patient can use, if any and if not locked (else
    the left-out one stays named, and the session has no massage)."""
    option = nxt.massage_option
    if option not in left_out or ladder.VARIANT in locks_of(locked, option):
        return option
    unusable = left_out | nxt.excluded | ladder.out_of_reach(protocol, at_hand)
    easier = ladder.easier_massage(protocol.massage_option(option), protocol, excluded=unusable)
    return option if easier is None else easier


def _ease(nxt: Prescription, exercise: Exercise, *, policy: Policy, locked: Locks) -> Prescription:
    limits = policy.progression.limits
    dose = ladder.dose_of(exercise, nxt)
    move = ladder.step_down(exercise, dose, limits=limits, locked=locks_of(locked, exercise.id))
    if move is None:
        return nxt
    if move.field == ladder.VARIANT:
        return replace(nxt, stretch_variant=str(move.new))
    assert move.dose is not None
    return ladder.with_dose(nxt, exercise, move.dose)


def _flare_mode(
    standing: Prescription, *, protocol: Protocol, policy: Policy, locked: Locks
) -> Prescription:
    rules = policy.flare_up
    stretch = standing.stretch_variant
    if (stretch, ladder.VARIANT) not in locked:
        stretch = rules.stretch
    keep = {*rules.keep, stretch}
    nxt = replace(
        standing,
        stretch_variant=stretch,
        excluded=standing.excluded | {e.id for e in protocol.exercises if e.id not in keep},
    )
    for item in rules.half_hold:
        exercise = protocol.exercise(item)
        dose = ladder.cut_hold(
            exercise,
            ladder.dose_of(exercise, nxt),
            percent=rules.hold_percent.value,
            limits=policy.progression.limits,
            locked=locks_of(locked, item),
        )
        nxt = ladder.with_dose(nxt, exercise, dose)
    return nxt
