"""Daily check-ins: how the day (and the morning) went. One per patient per local day."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models

from piri.accounts.models import Patient

PAIN = [MaxValueValidator(10)]


class CheckIn(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField(help_text="The patient's own date.")
    pain_now = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    pain_average = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    next_morning = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    new_stiffness = models.BooleanField(null=True, blank=True)
    extent = models.CharField(max_length=12, blank=True)
    new_numbness_or_weakness = models.BooleanField(null=True, blank=True)
    stops_activities = models.BooleanField(null=True, blank=True)
    worse = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-day",)
        constraints = [
            models.UniqueConstraint(fields=("patient", "day"), name="one_checkin_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.patient} · {self.day}"
