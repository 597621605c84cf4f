"""'Talk to a specialist': a patient's request to their clinic, and the thread of replies.

A request carries a snapshot of the patient's last 14 days (``summary``) taken when it was
sent, so the clinician reads what the patient saw then. Status: new (waiting for the clinic),
answered (the clinic replied last), closed. Messages are stored as typed: plain text, always
escaped when shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from piri.accounts.models import Clinic, Patient

MESSAGE_MAX_CHARS = 4000


class SpecialistRequest(models.Model):
    class Topic(models.TextChoices):
        EXERCISES = "exercises", _("My exercises")
        SYMPTOMS = "symptoms", _("My symptoms")
        PLAN = "plan", _("My plan and doses")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        NEW = "new", _("Waiting for the clinic")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="requests")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="requests")
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.NEW)
    urgent = models.BooleanField(default=False, help_text="Sent while a U or D red flag was open.")
    summary = models.JSONField(default=dict, help_text="The last 14 days, as sent.")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(help_text="The last message or change of status.")
    last_reply_at = models.DateTimeField(null=True, blank=True)
    patient_seen_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-updated_at", "-id")
        indexes = [
            models.Index(fields=("patient", "-updated_at")),
            models.Index(fields=("clinic", "status")),
        ]

    def __str__(self) -> str:
        return f"{self.patient} · {self.get_topic_display()} · {self.status}"

    @property
    def unread_reply(self) -> bool:
        return self.last_reply_at is not None and (
            self.patient_seen_at is None or self.patient_seen_at < self.last_reply_at
        )


class RequestMessage(models.Model):
    request = models.ForeignKey(
        SpecialistRequest, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="request_messages"
    )
    from_clinic = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_CHARS)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.author} · {self.created_at:%Y-%m-%d %H:%M}"
