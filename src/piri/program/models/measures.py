"""Weekly outcome measures, the activities a patient rates, and their own ratings of items.

A ``MeasureResponse`` is one instrument answered in one local week (Monday first): answering
again in the same week replaces that week's answers; an earlier week is never edited. Scores
are computed by the domain (``piri.domain.measures``) and stored beside the answers so that a
report reads exactly what the patient saw. ``WeeklyCheck`` holds "compared with last week";
``Activity`` the 3-5 things a patient named for the PSFS-style rating; ``ItemRating`` the
patient's own 1-5 rating of an exercise or massage option ("what works for me").
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from piri.accounts.models import Patient

ACTIVITY_NAME_MAX = 80
MIN_ACTIVITIES = 3
MAX_ACTIVITIES = 5


class Activity(models.Model):
    """An everyday activity the patient named; rated 0-10 each week until retired."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="activities")
    slot = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ACTIVITIES)],
        help_text="1-5: the PSFS item it answers (activity_<slot>).",
    )
    name = models.CharField(_("activity"), max_length=ACTIVITY_NAME_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("slot", "created_at")
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(
                fields=("patient", "slot"),
                condition=models.Q(retired_at__isnull=True),
                name="one_current_activity_per_slot",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MeasureResponse(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="measures")
    instrument = models.CharField(max_length=32, help_text="measures.yaml instrument id")
    week_start = models.DateField(help_text="Monday of the patient's local week.")
    day = models.DateField(help_text="The patient's own date of the (last) answer.")
    answers = models.JSONField(default=dict, help_text="item id → whole number or null")
    scores = models.JSONField(default=dict, help_text="score id → value (null: not scored)")
    labels = models.JSONField(
        default=dict, blank=True, help_text="item id → what it asked (PSFS: the activity)"
    )
    catalog_version = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-week_start", "instrument")
        constraints = [
            models.UniqueConstraint(
                fields=("patient", "instrument", "week_start"), name="one_measure_per_week"
            )
        ]
        indexes = [models.Index(fields=("patient", "instrument", "week_start"))]

    def __str__(self) -> str:
        return f"{self.patient} · {self.instrument} · {self.week_start}"


class WeeklyCheck(models.Model):
    """ "Compared with last week": the weekly check-in the review rules read."""

    class Change(models.TextChoices):
        BETTER = "better", _("Better")
        SAME = "same", _("About the same")
        WORSE = "worse", _("Worse")

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="weekly_checks")
    week_start = models.DateField()
    day = models.DateField()
    change = models.CharField(max_length=6, choices=Change.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-week_start",)
        constraints = [
            models.UniqueConstraint(fields=("patient", "week_start"), name="one_weekly_check")
        ]

    def __str__(self) -> str:
        return f"{self.patient} · week of {self.week_start}: {self.change}"


class ItemRating(models.Model):
    """The patient's own rating of an exercise or massage option, 1 (not for me) .. 5."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="item_ratings")
    item = models.CharField(max_length=64, help_text="protocol item id")
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("item",)
        constraints = [
            models.UniqueConstraint(fields=("patient", "item"), name="one_rating_per_item"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.rating}"
