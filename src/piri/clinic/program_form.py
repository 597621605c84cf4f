"""The program editor's form: what it shows (built from a version, or from what was posted
after a refusal) and how a post becomes a ``ProgramEdit``.

Field names: ``on`` (every item switched on, repeated), ``stretch_variant``,
``massage_option``, ``<exercise>.sets`` and ``<exercise>.hold_s`` (whole numbers), ``lock``
(repeated: ``<exercise>.sets`` / ``<exercise>.hold_s``), ``lock_variant`` (keep the chosen
stretch), ``note``, ``why`` and ``based_on`` (the version the form was opened on).

A lock holds one field, not the exercise: the engine still moves the other field
(docs/decisions/0011-partial-dose-locks.md). Each exercise row says so in words
(``ExerciseRow.lock_note``: "Hold locked; the sets still adapt.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from piri.clinic.services.program_changes import dose_value, name_of
from piri.clinic.services.program_edit import DOSE_FIELDS, VARIANT, Dose, ProgramEdit, dose_limits
from piri.domain.errors import FieldError
from piri.domain.policy import Policy
from piri.domain.protocol import Exercise, Protocol
from piri.program.models import Prescription

DOSE_KEY = re.compile(r"^(?P<item>[^.]+)\.(?P<field>sets|hold_s)$")
NUMBER_MAX_CHARS = 4


@dataclass(frozen=True, slots=True)
class FormState:
    """The form's values as text, the way they are shown and posted."""

    on: frozenset[str]
    stretch_variant: str
    massage_option: str
    doses: dict[str, str]  # "clamshell_hold.hold_s" -> "15"
    locks: frozenset[str]
    lock_variant: bool
    note: str = ""
    why: str = ""
    based_on: str = ""


def state_of(prescription: Prescription, protocol: Protocol) -> FormState:
    """The form for ``prescription`` as it stands (note and why start empty)."""
    doses = {
        f"{e.id}.{f}": str(dose_value(e, prescription, f))
        for e in protocol.exercises
        for f in DOSE_FIELDS
    }
    locked = set(prescription.locked or ())
    return FormState(
        on=frozenset(protocol.item_ids - set(prescription.excluded or ())),
        stretch_variant=prescription.stretch_variant,
        massage_option=prescription.massage_option,
        doses=doses,
        locks=frozenset(k for k in locked if not k.endswith(f".{VARIANT}")),
        lock_variant=f"{prescription.stretch_variant}.{VARIANT}" in locked,
        based_on=str(prescription.pk),
    )


def state_from_post(post: QueryDict) -> FormState:
    return FormState(
        on=frozenset(post.getlist("on")),
        stretch_variant=post.get("stretch_variant", ""),
        massage_option=post.get("massage_option", ""),
        doses={key: post.get(key, "") for key in post if DOSE_KEY.match(key)},
        locks=frozenset(post.getlist("lock")),
        lock_variant=post.get("lock_variant") == "on",
        note=post.get("note", ""),
        why=post.get("why", ""),
        based_on=post.get("based_on", ""),
    )


def _whole(key: str, raw: str) -> int:
    text = raw.strip()
    if not text or len(text) > NUMBER_MAX_CHARS or not text.isascii() or not text.isdigit():
        raise FieldError(key, _("enter a whole number of %(what)s") % {"what": _unit(key)})
    return int(text)


def _unit(key: str) -> str:
    return _("seconds") if key.endswith(".hold_s") else _("sets or rounds")


def parse(state: FormState, protocol: Protocol) -> ProgramEdit:
    """The edit a posted form asks for; ``FieldError`` names the first field that is wrong."""
    exercise_ids = {e.id for e in protocol.exercises}
    for key in sorted(state.doses):
        item = key.rsplit(".", 1)[0]
        if item not in exercise_ids:
            raise FieldError(key, _("%(id)s is not an exercise of this program") % {"id": item})
    doses = {}
    for exercise in protocol.exercises:
        values = [
            _whole(f"{exercise.id}.{f}", state.doses.get(f"{exercise.id}.{f}", ""))
            for f in DOSE_FIELDS
        ]
        doses[exercise.id] = Dose(*values)
    locks = set(state.locks)
    if state.lock_variant:
        locks.add(f"{state.stretch_variant}.{VARIANT}")
    based_on = state.based_on.strip()
    return ProgramEdit(
        based_on=int(based_on) if based_on.isascii() and based_on.isdigit() else None,
        included=state.on,
        stretch_variant=state.stretch_variant,
        massage_option=state.massage_option,
        doses=doses,
        locked=frozenset(locks),
        why=state.why,
        note=state.note,
    )


def field_label(key: str, protocol: Protocol) -> str:
    """Where a field is on the form, in words: "Side-lying clamshell hold, hold (seconds)"."""
    labels = {
        "on": _("Exercises and massage switched on"),
        "stretch_variant": _("Stretch variant"),
        "massage_option": _("Massage in use now"),
        "lock": _("Locks"),
        "why": _("Why"),
        "note": _("Note to the patient"),
        "program": _("Program"),
        "based_on": _("Version"),
    }
    if key in labels:
        return labels[key]
    match = DOSE_KEY.match(key)
    if match is None:
        return key
    item = match["item"]
    try:
        exercise: Exercise | None = protocol.exercise(item)
    except KeyError:
        exercise = None
    what = _sets_label(exercise) if match["field"] == "sets" else _hold_label(exercise)
    return f"{name_of(protocol, item)}, {what}"


def _short_label(exercise: Exercise, field: str) -> str:
    """The label beside the input, under the exercise's own heading."""
    if exercise.style == "contract_relax":
        return _("Rounds") if field == "sets" else _("Press (s)")
    return _("Sets") if field == "sets" else _("Hold (s)")


def _sets_label(exercise: Exercise | None) -> str:
    return _("rounds") if exercise and exercise.style == "contract_relax" else _("sets")


def _hold_label(exercise: Exercise | None) -> str:
    if exercise and exercise.style == "contract_relax":
        return _("press (seconds)")
    return _("hold (seconds)")


def input_id(key: str) -> str:
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


@dataclass(frozen=True, slots=True)
class DoseInput:
    key: str  # "clamshell_hold.hold_s"
    id: str
    label: str
    value: str
    low: int
    high: int
    locked: bool
    error: str = ""


@dataclass(frozen=True, slots=True)
class ExerciseRow:
    id: str
    name: str
    on: bool
    stretch: bool
    chosen: bool  # the stretch variant in use
    inputs: tuple[DoseInput, ...]
    base: str  # the protocol's own dose, in words
    lock_note: str = ""  # what the locks keep and what still adapts; "" without a lock


@dataclass(frozen=True, slots=True)
class MassageRow:
    id: str
    name: str
    on: bool
    current: bool


@dataclass(frozen=True, slots=True)
class EditorForm:
    state: FormState
    exercises: tuple[ExerciseRow, ...]
    massage: tuple[MassageRow, ...]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def stretches(self) -> tuple[ExerciseRow, ...]:
        return tuple(row for row in self.exercises if row.stretch)

    @property
    def others(self) -> tuple[ExerciseRow, ...]:
        return tuple(row for row in self.exercises if not row.stretch)


def editor_form(
    state: FormState,
    *,
    protocol: Protocol,
    policy: Policy,
    errors: dict[str, str] | None = None,
) -> EditorForm:
    errors = errors or {}
    rows = []
    for exercise in protocol.exercises:
        low, high = dose_limits(exercise, policy)
        inputs = tuple(
            DoseInput(
                key=key,
                id=input_id(key),
                label=_short_label(exercise, f),
                value=state.doses.get(key, ""),
                low=getattr(low, f),
                high=getattr(high, f),
                locked=key in state.locks,
                error=errors.get(key, ""),
            )
            for f in DOSE_FIELDS
            for key in [f"{exercise.id}.{f}"]
        )
        rows.append(
            ExerciseRow(
                id=exercise.id,
                name=exercise.name,
                on=exercise.id in state.on,
                stretch=exercise.id in protocol.stretch_variants,
                chosen=exercise.id == state.stretch_variant,
                inputs=inputs,
                base=_base(exercise),
                lock_note=lock_note(exercise, state, protocol),
            )
        )
    massage = tuple(
        MassageRow(m.id, m.name, m.id in state.on, m.id == state.massage_option)
        for m in protocol.massage_options
    )
    return EditorForm(state=state, exercises=tuple(rows), massage=massage, errors=errors)


def lock_note(exercise: Exercise, state: FormState, protocol: Protocol) -> str:
    """What the locks of ``exercise`` keep, and what the program may still change."""
    sets, hold = (f"{exercise.id}.{f}" in state.locks for f in DOSE_FIELDS)
    names = {"sets": _sets_label(exercise), "hold": _hold_word(exercise)}
    if sets and hold:
        note = _("%(sets)s and %(hold)s locked: the program does not change this dose.") % names
    elif sets and exercise.style == "contract_relax":  # the program never moves the press
        note = _("%(sets)s locked: the program does not change this dose.") % names
    elif sets:
        note = _("%(sets)s locked; the %(hold)s still adapts.") % names
    elif hold:
        note = _("%(hold)s locked; the %(sets)s still adapt.") % names
    else:
        return ""
    stretch = exercise.id in protocol.stretch_variants
    kept = state.lock_variant and state.stretch_variant == exercise.id
    if stretch and exercise.next_easier is not None and not kept:
        note += " " + _("It may still switch to the easier stretch.")
    return note[:1].upper() + note[1:]


def _hold_word(exercise: Exercise) -> str:
    return _("press") if exercise.style == "contract_relax" else _("hold")


def _base(exercise: Exercise) -> str:
    values: dict[str, Any] = {"sets": exercise.sets, "s": exercise.hold_s}
    if exercise.style == "contract_relax":
        return _("program: %(sets)s rounds, %(s)s s press") % values
    return _("program: %(sets)s × %(s)s s") % values
