"""Red-flag screenings and the clinical reviews that lift a lock. Both are append-only: a new
answer or decision is a new row; nothing is edited or deleted by the app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from piri.accounts.models import Patient


class Tier(models.TextChoices):
    EMERGENCY = "E", _("Emergency now")
    URGENT = "U", _("Urgent, today")
    DOCTOR = "D", _("See a doctor within days")
    CONTINUE = "C", _("Continue")


class Screening(models.Model):
    class Kind(models.TextChoices):
        ONBOARDING = "onboarding", _("At sign-up")
        BEFORE_SESSION = "before_session", _("Before a session")
        WEEKLY = "weekly", _("Weekly")
        AFTER_WORSE = "after_worse", _("After a “worse” check-in")
        SPREADING = "spreading", _("Follow-up of spreading symptoms")
        PROGRAM = "program", _("Raised by the program")

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="screenings")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    answers = models.JSONField(default=dict, help_text="question id → yes / no / not_sure")
    tier = models.CharField(max_length=1, choices=Tier.choices)
    reasons = models.JSONField(default=list, help_text="question or rule ids behind the tier")
    note = models.CharField(max_length=300, blank=True)
    policy_version = models.CharField(max_length=32)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("patient", "-created_at"))]

    def __str__(self) -> str:
        return f"{self.patient} · {self.get_kind_display()} · {self.tier}"


class ClinicalReview(models.Model):
    """A clinician's record that they assessed the patient: it lifts any lock raised before it."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews_given"
    )
    note = models.TextField(_("note"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.patient} reviewed by {self.reviewer} on {self.created_at:%Y-%m-%d}"
