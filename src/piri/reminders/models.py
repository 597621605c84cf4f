"""A patient's reminder schedule (with the next instant it is due, in UTC, indexed: one
minute's due reminders are one range query), what became of each due instant (sent once),
and the patient's private calendar feed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from piri.accounts.models import Patient
from piri.domain.reminders import Mode


class ReminderSchedule(models.Model):
    class Modes(models.TextChoices):
        DAYS = Mode.DAYS.value, _("On the days I choose")
        NOT_DONE_BY = Mode.NOT_DONE_BY.value, _("On any day I have not exercised by then")

    patient = models.OneToOneField(Patient, on_delete=models.CASCADE, related_name="reminders")
    enabled = models.BooleanField(_("reminders on"), default=False)
    weekdays = models.JSONField(_("weekdays"), default=list, help_text="0 Monday … 6 Sunday")
    at = models.TimeField(_("time of day"))
    mode = models.CharField(_("when"), max_length=16, choices=Modes.choices, default=Mode.DAYS)
    channels = models.JSONField(_("how"), default=list, help_text='e.g. ["email", "push"]')
    quiet_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours until"), null=True, blank=True)
    skip_when_aim_met = models.BooleanField(_("not once the weekly aim is met"), default=True)
    test_at = models.DateTimeField(_("test reminder at"), null=True, blank=True)
    next_due_at = models.DateTimeField(_("next due (UTC)"), null=True, blank=True, db_index=True)
    queued_for = models.DateTimeField(_("queued for"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder schedule")
        verbose_name_plural = _("reminder schedules")

    def __str__(self) -> str:
        return f"{self.patient} · {self.at:%H:%M}"


class ReminderDelivery(models.Model):
    """One due instant of one schedule, handled once (the unique pair is the claim)."""

    schedule = models.ForeignKey(
        ReminderSchedule, on_delete=models.CASCADE, related_name="deliveries"
    )
    due_at = models.DateTimeField()
    outcome = models.CharField(max_length=16)  # sending, sent, lock_message, skip
    reason = models.CharField(max_length=32, blank=True)
    channels = models.JSONField(default=list)
    handled_at = models.DateTimeField()

    class Meta:
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "due_at"], name="reminder_once_per_due")
        ]

    def __str__(self) -> str:
        return f"{self.schedule_id} {self.due_at:%Y-%m-%d %H:%M} {self.outcome}"


class CalendarFeed(models.Model):
    """The secret address of a patient's calendar feed; a new token retires the old one."""

    patient = models.OneToOneField(Patient, on_delete=models.CASCADE, related_name="calendar")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.patient} calendar"
