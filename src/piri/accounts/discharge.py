"""A clinic discharges a patient: the care link ends, the patient keeps their account.

Ending the link (``CareLink.left_at``) revokes the clinic's access at once, through the one
access door (``piri.accounts.access``): after a discharge the clinic sees nothing of the
patient, neither what came after nor what came before (decision 0017 says why: the clinic's
own clinical notes live in its own system; Piri keeps no half-open access). The link is kept,
marked ``discharged`` with the clinician's reason, so the patient sees who discharged them
and when, on their home page and their clinics page.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from piri.accounts.models import CareLink, Clinic, Patient

REASON_MAX = 300


@transaction.atomic
def discharge(*, patient: Patient, clinic: Clinic, reason: str, now: datetime) -> bool:
    """End ``patient``'s open link to ``clinic``; False when there was none."""
    ended = CareLink.objects.filter(clinic=clinic, patient=patient, left_at__isnull=True).update(
        left_at=now, discharged=True, discharge_reason=reason.strip()[:REASON_MAX]
    )
    return ended > 0


def discharge_notice(patient: Patient) -> CareLink | None:
    """The latest discharge, when it is newer than every clinic the patient has joined
    since (a patient who joined another clinic needs no reminder)."""
    latest = (
        CareLink.objects.filter(patient=patient)
        .select_related("clinic")
        .order_by("-joined_at", "-pk")
        .first()
    )
    if latest is None or not latest.discharged:
        return None
    return latest
