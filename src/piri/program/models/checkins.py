"""Daily check-ins: how the day (and the morning) went. One per patient per local day.

A patient's own triggers (``OwnTrigger``) sit beside the protocol's: a check-in's ``triggers``
holds protocol trigger ids (``soft_seat``) and own ones as ``own:<name>``."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower

from piri.accounts.models import Patient

PAIN = [MaxValueValidator(10)]
SITTING_MAX_MINUTES = 600
OWN_TRIGGER_NAME_MAX = 60


class CheckIn(models.Model):
    class Change(models.TextChoices):
        BETTER = "better"
        SAME = "same"
        WORSE = "worse"

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField(help_text="The patient's own date.")
    pain_now = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    pain_average = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    next_morning = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    new_stiffness = models.BooleanField(null=True, blank=True)
    extent = models.CharField(max_length=12, blank=True)
    new_numbness_or_weakness = models.BooleanField(null=True, blank=True)
    stops_activities = models.BooleanField(null=True, blank=True)
    change = models.CharField(
        max_length=6, blank=True, choices=Change.choices, help_text="better / same / worse"
    )
    worse = models.BooleanField(null=True, blank=True)
    sitting_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(SITTING_MAX_MINUTES)],
        help_text="Minutes of sitting before the pain makes the patient move.",
    )
    triggers = models.JSONField(
        null=True,
        blank=True,
        default=None,
        help_text="Triggers met that day (ids; own ones as 'own:<name>'); null: not asked.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-day",)
        constraints = [
            models.UniqueConstraint(fields=("patient", "day"), name="one_checkin_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.patient} · {self.day}"


class OwnTrigger(models.Model):
    """A trigger the patient named themself, offered on every check-in until removed."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="own_triggers")
    name = models.CharField(max_length=OWN_TRIGGER_NAME_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")
        constraints = [
            models.UniqueConstraint(
                "patient", Lower("name"), name="own_trigger_name_unique_per_patient"
            )
        ]

    def __str__(self) -> str:
        return self.name
