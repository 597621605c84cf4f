"""A clinician's change to a patient's program: checked against the protocol and the safety
policy's dose limits, then stored as one new prescription version and one ``DoseChange`` per
changed field.

The version records who made it (``created_by``), why (``reason``, required), the note the
patient reads and the doses the clinician locked (``locked``: ``"clamshell_hold.hold_s"``),
which the adaptation engine never changes. Nothing is stored when nothing changed. The edit
names the version it was made from (``based_on``): if the program moved on since (the engine
stored a new version), the edit is refused rather than silently undoing that change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from piri.accounts.models import Patient, User
from piri.clinic.services.program_changes import Change, changes_between
from piri.clinic.services.triage_rows import refresh_triage
from piri.domain.errors import FieldError
from piri.domain.policy import Policy
from piri.domain.protocol import Exercise, Protocol
from piri.program.models import DoseChange, Prescription
from piri.program.services.plans import current_prescription

DOSE_FIELDS = ("sets", "hold_s")
VARIANT = "variant"
WHY_MAX = 300  # Prescription.reason
NOTE_MAX = 2000


class StaleProgram(Exception):
    """The program changed after the form was opened: ``current`` is the version in force."""

    def __init__(self, current: Prescription) -> None:
        super().__init__(f"the program is now version {current.pk}")
        self.current = current


@dataclass(frozen=True, slots=True)
class Dose:
    sets: int
    hold_s: int


@dataclass(frozen=True, slots=True)
class ProgramEdit:
    """What the editor form asks for, already parsed into types (``program_form``)."""

    based_on: int | None  # the version the form was filled in from
    included: frozenset[str]  # exercises and massage options switched on
    stretch_variant: str
    massage_option: str
    doses: Mapping[str, Dose]  # one per exercise of the protocol
    locked: frozenset[str]  # "item.sets", "item.hold_s", "item.variant"
    why: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class EditResult:
    prescription: Prescription | None  # None: nothing changed, nothing stored
    changes: tuple[Change, ...] = field(default_factory=tuple)
    note: str = ""

    @property
    def stored(self) -> bool:
        return self.prescription is not None


def dose_limits(exercise: Exercise, policy: Policy) -> tuple[Dose, Dose]:
    """(lowest, highest) dose the policy allows for ``exercise``: a contract-relax press is
    never longer than the policy's press cap."""
    limits = policy.progression.limits
    hold_cap = limits.hold_cap_s.value
    if exercise.style == "contract_relax":
        hold_cap = min(hold_cap, limits.contract_cap_s.value)
    low = Dose(limits.sets_floor.value, limits.hold_floor_s.value)
    return low, Dose(limits.sets_cap.value, hold_cap)


def lock_keys(protocol: Protocol) -> frozenset[str]:
    """Every lock the editor can set: each exercise's sets and hold, each stretch variant."""
    keys = {f"{e.id}.{f}" for e in protocol.exercises for f in DOSE_FIELDS}
    return frozenset(keys | {f"{v}.{VARIANT}" for v in protocol.stretch_variants})


def _check(edit: ProgramEdit, *, protocol: Protocol, policy: Policy) -> None:
    unknown = sorted(edit.included - protocol.item_ids)
    if unknown:
        raise FieldError(
            "on", _("%(id)s is not an exercise or massage option") % {"id": unknown[0]}
        )
    if edit.stretch_variant not in protocol.stretch_variants:
        raise FieldError("stretch_variant", _("choose one of the stretch variants listed"))
    massage_ids = [m.id for m in protocol.massage_options]
    if edit.massage_option not in massage_ids:
        raise FieldError("massage_option", _("choose one of the massage options listed"))
    if edit.massage_option not in edit.included and edit.included & set(massage_ids):
        raise FieldError(
            "massage_option",
            _("the massage the patient does now must be switched on (or switch every one off)"),
        )
    for exercise in protocol.exercises:
        dose = edit.doses.get(exercise.id)
        if dose is None:
            raise FieldError(f"{exercise.id}.sets", _("enter the dose of every exercise"))
        low, high = dose_limits(exercise, policy)
        for name in DOSE_FIELDS:
            value, least, most = getattr(dose, name), getattr(low, name), getattr(high, name)
            if not least <= value <= most:
                raise FieldError(
                    f"{exercise.id}.{name}",
                    _("%(value)s is outside the limits: %(low)s to %(high)s")
                    % {"value": value, "low": least, "high": most},
                )
    unknown_locks = sorted(edit.locked - lock_keys(protocol))
    if unknown_locks:
        raise FieldError(
            "lock", _("%(key)s is not a dose that can be locked") % {"key": unknown_locks[0]}
        )
    if not edit.why.strip():
        raise FieldError("why", _("say why you are changing the program"))
    if len(edit.why.strip()) > WHY_MAX:
        raise FieldError("why", _("keep it to %(n)s characters") % {"n": WHY_MAX})
    if len(edit.note.strip()) > NOTE_MAX:
        raise FieldError("note", _("keep it to %(n)s characters") % {"n": NOTE_MAX})


def _overrides(edit: ProgramEdit, protocol: Protocol) -> dict[str, dict[str, int]]:
    """Only what differs from the protocol's own dose, as the engine stores it."""
    overrides = {}
    for exercise in protocol.exercises:
        dose = edit.doses[exercise.id]
        own = {
            name: getattr(dose, name)
            for name in DOSE_FIELDS
            if getattr(dose, name) != getattr(exercise, name)
        }
        if own:
            overrides[exercise.id] = own
    return overrides


def _locked(edit: ProgramEdit, current: Prescription, protocol: Protocol) -> list[str]:
    """The editor's locks, plus any older entry the editor does not manage (kept as it was)."""
    managed = lock_keys(protocol)
    kept = [key for key in current.locked or [] if key not in managed]
    return sorted({*kept, *edit.locked})


def edit_program(
    patient: Patient,
    edit: ProgramEdit,
    *,
    by: User,
    protocol: Protocol,
    policy: Policy,
    now: datetime,
) -> EditResult:
    """Store ``edit`` as a new version made by ``by``; raise ``FieldError`` (nothing stored)
    for input that does not fit, ``StaleProgram`` when the form is out of date."""
    _check(edit, protocol=protocol, policy=policy)
    why, note = edit.why.strip(), edit.note.strip()
    if edit.based_on is None:
        raise FieldError("based_on", _("the form does not say which version it was opened on"))
    with transaction.atomic():
        # one edit at a time per patient (PostgreSQL; SQLite lets one writer in anyway)
        Patient.objects.select_for_update().filter(pk=patient.pk).exists()
        current = current_prescription(patient)
        if current is None:
            raise FieldError("program", _("this patient has not set up their program yet"))
        if edit.based_on != current.pk:
            raise StaleProgram(current)
        new = Prescription(
            patient=patient,
            protocol_id=current.protocol_id,
            sides=current.sides,
            stretch_variant=edit.stretch_variant,
            massage_option=edit.massage_option,
            dose_overrides=_overrides(edit, protocol),
            excluded=sorted(protocol.item_ids - edit.included),
            locked=_locked(edit, current, protocol),
            flare_until=current.flare_until,
            reason=why,
            created_by=by,
            note=note,
        )
        changes = changes_between(current, new, protocol=protocol, policy=policy)
        if not changes and not note:
            return EditResult(prescription=None)
        new.save()
        template = policy.texts.changes.reason
        DoseChange.objects.bulk_create(
            DoseChange(
                patient=patient,
                prescription=new,
                item=change.item,
                field=change.field,
                old=change.old,
                new=change.new,
                reason=template.format(change=change.text, because=why)[:300],
                source=DoseChange.Source.CLINICIAN,
                created_at=now,
            )
            for change in changes
        )
    refresh_triage(patient, now=now)
    return EditResult(prescription=new, changes=changes, note=note)
