"""What a patient is prescribed, the plans compiled from it, the sessions they did, and how
their doses changed. Prescriptions are append-only: a change is a new row, the newest current."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from piri.accounts.models import Patient


class Prescription(models.Model):
    class Sides(models.TextChoices):
        LEFT = "left", _("Left")
        RIGHT = "right", _("Right")
        BOTH = "both", _("Both")

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="prescriptions")
    protocol_id = models.CharField(max_length=64, default="rss")
    sides = models.CharField(_("affected side"), max_length=5, choices=Sides.choices)
    stretch_variant = models.CharField(max_length=64)
    massage_option = models.CharField(max_length=64)
    dose_overrides = models.JSONField(default=dict, blank=True)
    excluded = models.JSONField(default=list, blank=True)
    locked = models.JSONField(
        default=list, blank=True, help_text="doses a clinician locked: ['clamshell_hold.hold_s']"
    )
    flare_until = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prescriptions_made",
        help_text="The clinician who made this version; empty: the patient or the program.",
    )
    note = models.TextField(blank=True, help_text="The clinician's note to the patient.")
    note_seen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("patient", "-created_at"))]

    def __str__(self) -> str:
        return f"{self.patient} · {self.sides} · {self.created_at:%Y-%m-%d}"


class Plan(models.Model):
    """A compiled SessionPlan as the player received it (stored once per distinct content)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="plans")
    prescription = models.ForeignKey(Prescription, on_delete=models.PROTECT, related_name="plans")
    protocol_id = models.CharField(max_length=64)
    protocol_version = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("patient", "digest"), name="plan_unique_per_content")
        ]

    def __str__(self) -> str:
        return f"plan {self.id} ({self.protocol_id} {self.protocol_version})"


class ExerciseSession(models.Model):
    """One session a patient did (or started), recorded once by its client-made UUID."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="sessions")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="sessions")
    client_id = models.UUIDField()
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    local_date = models.DateField(help_text="The day it started, in the patient's time zone.")
    completed = models.BooleanField(default=True)
    end_pain = models.PositiveSmallIntegerField(null=True, blank=True)
    helped_most = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-started_at",)
        constraints = [
            models.UniqueConstraint(
                fields=("patient", "client_id"), name="session_unique_client_id"
            )
        ]
        indexes = [models.Index(fields=("patient", "local_date"))]

    def __str__(self) -> str:
        return f"{self.patient} · {self.local_date}"


class StepResult(models.Model):
    class Status(models.TextChoices):
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Skipped")
        STOPPED = "stopped", _("Stopped")
        NOT_REACHED = "not_reached", _("Not reached")

    session = models.ForeignKey(ExerciseSession, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField()
    step_id = models.CharField(max_length=128)
    status = models.CharField(max_length=12, choices=Status.choices)
    seconds = models.FloatField()

    class Meta:
        ordering = ("session", "position")

    def __str__(self) -> str:
        return f"{self.step_id}: {self.status} ({self.seconds:.1f} s)"


class CheckAnswer(models.Model):
    session = models.ForeignKey(ExerciseSession, on_delete=models.CASCADE, related_name="checks")
    position = models.PositiveIntegerField()
    step_id = models.CharField(max_length=128)
    change = models.CharField(max_length=4)
    extent = models.CharField(max_length=12)
    pain = models.PositiveSmallIntegerField(null=True, blank=True)
    action = models.CharField(max_length=16, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("session", "position")

    def __str__(self) -> str:
        return f"{self.step_id}: {self.change}, {self.extent}"


class DoseChange(models.Model):
    """One change of one dose, with the reason the patient reads. Append-only.

    A *standing* change is a new dose kept from now on (a new prescription version). A
    *next-session* change shapes only the session after it (an item left out after it made
    symptoms spread, a step down after a raised morning, flare-up care): the standing doses
    stay, and ``cause`` says what caused it ("session:12", "easing:2026-12-04"), so it is
    stored once per cause however often the rules run."""

    class Source(models.TextChoices):
        PROGRAM = "program", _("Adjusted by the program")
        CLINICIAN = "clinician", _("Changed by your specialist")

    class Kind(models.TextChoices):
        STANDING = "standing", _("From now on")
        NEXT_SESSION = "next_session", _("Next session only")

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="dose_changes")
    prescription = models.ForeignKey(
        Prescription, on_delete=models.CASCADE, related_name="dose_changes"
    )
    item = models.CharField(max_length=64)
    field = models.CharField(max_length=32)
    old = models.CharField(max_length=64, blank=True)
    new = models.CharField(max_length=64, blank=True)
    reason = models.CharField(max_length=300)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PROGRAM)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.STANDING)
    cause = models.CharField(
        max_length=64, blank=True, help_text="What caused a next-session change (stored once)."
    )
    seen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("patient", "item", "field", "cause"),
                condition=~models.Q(cause=""),
                name="dose_change_once_per_cause",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}.{self.field}: {self.old} → {self.new}"
