"""One triage row per patient: why they may need their clinic's attention, precomputed.

The dashboard reads these rows only (one query for a page, one for the count, whatever the
number of patients). Services that store screenings, reviews, sessions, check-ins and
requests refresh the patient's row (``piri.clinic.services.triage_rows``). "No session for N
days" depends on today and the clinic's setting, so it is worked out from
``last_session_on`` when the dashboard asks.
"""

from __future__ import annotations

from django.db import models

from piri.accounts.models import Patient


class TriageRow(models.Model):
    patient = models.OneToOneField(
        Patient, on_delete=models.CASCADE, primary_key=True, related_name="triage"
    )
    rank = models.PositiveSmallIntegerField(
        default=0, help_text="The most urgent open reason (0: none); higher first."
    )
    since = models.DateTimeField(
        null=True, blank=True, help_text="When the most urgent open reason began."
    )
    reasons = models.JSONField(
        default=list, help_text="[{code, rank, at, detail}] for every open reason."
    )
    flag_tier = models.CharField(max_length=1, blank=True, help_text="Open E/U/D flag, if any.")
    open_requests = models.PositiveSmallIntegerField(default=0)
    last_session_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=("-rank", "since"))]

    def __str__(self) -> str:
        return f"{self.patient}: rank {self.rank}"
