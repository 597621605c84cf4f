"""What differs between two versions of a program, field by field, in words the patient reads.

One ``Change`` per changed field: the stretch variant, the massage in use, each item switched
on or off, each exercise's sets and hold, and each lock set or lifted. Dose and variant
wording comes from the safety policy's change texts (the same words the adaptation engine
uses); the clinician's "why" is joined on when the change is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from piri.domain.policy import Policy
from piri.domain.protocol import Exercise, Protocol
from piri.program.models import Prescription

ON, OFF = "on", "off"


@dataclass(frozen=True, slots=True)
class Change:
    item: str  # protocol item id
    field: str  # "variant", "included", "sets", "hold_s", "lock.sets", "lock.hold_s", …
    old: str
    new: str
    text: str  # "Side-lying clamshell hold, hold 15 s → 20 s"


def name_of(protocol: Protocol, item_id: str) -> str:
    try:
        return protocol.item_name(item_id)
    except KeyError:
        return item_id


def dose_value(exercise: Exercise, prescription: Prescription, field: str) -> int:
    """The ``sets`` or ``hold_s`` in force for ``exercise`` in ``prescription``."""
    override = (prescription.dose_overrides or {}).get(exercise.id) or {}
    return int(override.get(field) or getattr(exercise, field))


def _what(exercise: Exercise, field: str) -> str:
    if field == "sets":
        return _("rounds") if exercise.style == "contract_relax" else _("sets")
    return _("press") if exercise.style == "contract_relax" else _("hold")


def _choices(
    old: Prescription, new: Prescription, protocol: Protocol, policy: Policy
) -> list[Change]:
    texts = policy.texts.changes
    found = []
    for field, template in (("stretch_variant", texts.variant), ("massage_option", texts.massage)):
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            text = template.format(
                item=name_of(protocol, before), old=before, new=name_of(protocol, after)
            )
            found.append(Change(before, "variant", before, after, text))
    return found


def _switches(old: Prescription, new: Prescription, protocol: Protocol) -> list[Change]:
    before, after = set(old.excluded or ()), set(new.excluded or ())
    found = []
    ids = [m.id for m in protocol.massage_options] + [e.id for e in protocol.exercises]
    for item in ids:
        if (item in before) == (item in after):
            continue
        now_on = item not in after
        text = (_("%(item)s, switched on") if now_on else _("%(item)s, left out")) % {
            "item": name_of(protocol, item)
        }
        found.append(Change(item, "included", OFF if now_on else ON, ON if now_on else OFF, text))
    return found


def _doses(
    old: Prescription, new: Prescription, protocol: Protocol, policy: Policy
) -> list[Change]:
    texts = policy.texts.changes
    found = []
    for exercise in protocol.exercises:
        for field in ("sets", "hold_s"):
            before, after = dose_value(exercise, old, field), dose_value(exercise, new, field)
            if before == after:
                continue
            template = texts.hold_s if field == "hold_s" else texts.sets
            if field == "sets" and exercise.style == "contract_relax":
                template = texts.rounds
            text = template.format(item=exercise.name, old=before, new=after)
            found.append(Change(exercise.id, field, str(before), str(after), text))
    return found


def _lock_text(protocol: Protocol, new: Prescription, key: str, locked: bool) -> str:
    item, field = key.rsplit(".", 1)
    name = name_of(protocol, item)
    if field == "variant":
        text = _("%(item)s, kept as the stretch") if locked else _("%(item)s, may change again")
        return text % {"item": name}
    try:
        exercise = protocol.exercise(item)
    except KeyError:
        return (_("%(item)s, locked") if locked else _("%(item)s, unlocked")) % {"item": name}
    what = _what(exercise, field)
    if not locked:
        return _("%(item)s, %(what)s free to adapt again") % {"item": name, "what": what}
    value = dose_value(exercise, new, field)
    shown = _("%(n)s s") % {"n": value} if field == "hold_s" else str(value)
    return _("%(item)s, %(what)s fixed at %(value)s") % {"item": name, "what": what, "value": shown}


def _locks(old: Prescription, new: Prescription, protocol: Protocol) -> list[Change]:
    before, after = set(old.locked or ()), set(new.locked or ())
    found = []
    for key in sorted(before ^ after):
        if "." not in key:
            continue
        item, field = key.rsplit(".", 1)
        locked = key in after
        text = _lock_text(protocol, new, key, locked)
        found.append(
            Change(item, f"lock.{field}", OFF if locked else ON, ON if locked else OFF, text)
        )
    return found


def changes_between(
    old: Prescription, new: Prescription, *, protocol: Protocol, policy: Policy
) -> tuple[Change, ...]:
    """Every field of ``new`` that differs from ``old``, in a fixed order."""
    return (
        *_choices(old, new, protocol, policy),
        *_switches(old, new, protocol),
        *_doses(old, new, protocol, policy),
        *_locks(old, new, protocol),
    )
