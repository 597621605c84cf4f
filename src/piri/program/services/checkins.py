"""Check-ins. For now the morning question the dosing rules need after a session day:
pain on waking and new stiffness. One row per patient per local day, editable that day."""

from __future__ import annotations

from datetime import datetime, timedelta

from piri.accounts.models import Patient
from piri.program.models import CheckIn, ExerciseSession
from piri.program.services.history import local_today


def morning_check_due(patient: Patient, *, now: datetime | None = None) -> bool:
    """Due on a day after a session day, until answered."""
    today = local_today(patient, now=now)
    did_yesterday = ExerciseSession.objects.filter(
        patient=patient, local_date=today - timedelta(days=1)
    ).exists()
    answered = CheckIn.objects.filter(
        patient=patient, day=today, next_morning__isnull=False
    ).exists()
    return did_yesterday and not answered


def record_morning(
    patient: Patient,
    *,
    next_morning: int,
    new_stiffness: bool,
    worse: bool | None = None,
    now: datetime | None = None,
) -> CheckIn:
    row, _ = CheckIn.objects.update_or_create(
        patient=patient,
        day=local_today(patient, now=now),
        defaults={"next_morning": next_morning, "new_stiffness": new_stiffness, "worse": worse},
    )
    return row
