"""'Your specialist changed your plan': the clinician's versions a patient has not yet
acknowledged, with the note and what changed, and marking them read.

A version counts until the patient ticks it off, even when a newer version (the program's
own step, or the patient's massage choice) has followed it since.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet

from piri.accounts.models import Patient
from piri.program.models import DoseChange, Prescription

SHOWN = 5  # versions shown at once; acknowledging marks every one


@dataclass(frozen=True, slots=True)
class SpecialistChange:
    version: Prescription
    clinician: str
    changes: tuple[DoseChange, ...]


def _unseen(patient: Patient) -> QuerySet[Prescription]:
    return patient.prescriptions.filter(created_by__isnull=False, note_seen_at__isnull=True)


def unseen_specialist_changes(patient: Patient) -> tuple[SpecialistChange, ...]:
    """The clinician's versions not yet acknowledged, newest first (two queries)."""
    versions = list(_unseen(patient).select_related("created_by").order_by("-created_at", "-id"))
    versions = versions[:SHOWN]
    if not versions:
        return ()
    by_version: dict[int, list[DoseChange]] = defaultdict(list)
    for change in DoseChange.objects.filter(
        prescription__in=versions, source=DoseChange.Source.CLINICIAN
    ).order_by("id"):
        by_version[change.prescription_id].append(change)
    return tuple(
        SpecialistChange(
            version=v,
            clinician=v.created_by.get_full_name() or v.created_by.get_username(),  # type: ignore[union-attr]
            changes=tuple(by_version[v.pk]),
        )
        for v in versions
    )


def acknowledge(patient: Patient, *, now: datetime) -> int:
    """Mark every unacknowledged clinician version read, with its dose changes; how many."""
    with transaction.atomic():
        ids = list(_unseen(patient).values_list("pk", flat=True))
        DoseChange.objects.filter(
            prescription_id__in=ids, source=DoseChange.Source.CLINICIAN, seen_at__isnull=True
        ).update(seen_at=now)
        return Prescription.objects.filter(pk__in=ids).update(note_seen_at=now)
