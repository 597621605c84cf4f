"""Keeping each patient's triage row (``TriageRow``) up to date. (Filled in by the dashboard
work: until then, refreshing is a no-op.)"""

from __future__ import annotations

from datetime import datetime

from piri.accounts.models import Patient


def refresh_triage(patient: Patient, *, now: datetime | None = None) -> None:
    """Recompute ``patient``'s triage row from their stored data."""
