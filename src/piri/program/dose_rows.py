"""Doses in words: what the current prescription asks for, and the latest changes with
the reason each one gave (the report, the clinician's patient page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from piri.accounts.models import Patient
from piri.domain.protocol import Exercise, Protocol
from piri.program.models import DoseChange, Prescription
from piri.program.services.plans import current_prescription, to_domain


@dataclass(frozen=True, slots=True)
class DoseRow:
    name: str
    dose: str  # "4 x 15 s", "5 rounds, 10 s press", "2 min per side", "left out"
    locked: bool  # a clinician fixed this dose


@dataclass(frozen=True, slots=True)
class DoseChangeRow:
    changed_at: datetime
    item: str
    old: str
    new: str
    reason: str
    source: str  # who changed it, in words


@dataclass(frozen=True, slots=True)
class Doses:
    sides: str  # the affected side(s), in words; "" before onboarding
    rows: tuple[DoseRow, ...]
    flare_until: date | None
    changes: tuple[DoseChangeRow, ...]  # newest first
    changes_total: int

    @property
    def more_changes(self) -> int:
        return self.changes_total - len(self.changes)


def item_name(protocol: Protocol, item_id: str) -> str:
    try:
        return protocol.item_name(item_id)
    except KeyError:
        return item_id


def _exercise_dose(exercise: Exercise, sets: int, hold_s: int) -> str:
    if exercise.style == "contract_relax":
        return _("%(rounds)s rounds, %(seconds)s s press") % {"rounds": sets, "seconds": hold_s}
    return _("%(sets)s x %(seconds)s s") % {"sets": sets, "seconds": hold_s}


def _seconds(total: int) -> str:
    minutes, seconds = divmod(total, 60)
    if minutes and seconds:
        return _("%(m)s min %(s)s s") % {"m": minutes, "s": seconds}
    return _("%(m)s min") % {"m": minutes} if minutes else _("%(s)s s") % {"s": seconds}


def current_doses(prescription: Prescription, protocol: Protocol) -> tuple[DoseRow, ...]:
    """The massage option and each exercise the prescription includes, with its dose."""
    domain = to_domain(prescription)
    locked = {str(entry).split(".", 1)[0] for entry in prescription.locked or []}
    rows = []
    try:
        option = protocol.massage_option(domain.massage_option)
        left_out = option.id in domain.excluded
        rows.append(
            DoseRow(
                name=option.name,
                dose=_("left out")
                if left_out
                else _("%(time)s per side") % {"time": _seconds(option.duration_s)},
                locked=option.id in locked,
            )
        )
    except KeyError:
        pass
    for exercise in protocol.exercises:
        stretch = exercise.id in protocol.stretch_variants
        if stretch and exercise.id != domain.stretch_variant:
            continue
        override = domain.dose_overrides.get(exercise.id)
        sets = override.sets if override and override.sets is not None else exercise.sets
        hold_s = override.hold_s if override and override.hold_s is not None else exercise.hold_s
        dose = (
            _("left out")
            if exercise.id in domain.excluded
            else _exercise_dose(exercise, sets, hold_s)
        )
        rows.append(DoseRow(name=exercise.name, dose=dose, locked=exercise.id in locked))
    return tuple(rows)


def doses_for(patient: Patient, *, protocol: Protocol, changes: int = 8) -> Doses:
    prescription = current_prescription(patient)
    recent = patient.dose_changes.order_by("-created_at", "-id")
    rows = [
        DoseChangeRow(
            changed_at=change.created_at,
            item=item_name(protocol, change.item),
            old=change.old,
            new=change.new,
            reason=change.reason,
            source=str(DoseChange.Source(change.source).label)
            if change.source in DoseChange.Source.values
            else change.source,
        )
        for change in recent[:changes]
    ]
    total = recent.count() if len(rows) == changes else len(rows)
    if prescription is None:
        return Doses(sides="", rows=(), flare_until=None, changes=tuple(rows), changes_total=total)
    return Doses(
        sides=str(prescription.get_sides_display()),
        rows=current_doses(prescription, protocol),
        flare_until=prescription.flare_until,
        changes=tuple(rows),
        changes_total=total,
    )
