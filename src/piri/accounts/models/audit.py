"""The audit log: who read or changed a patient's data, what, when and from where.

Rows are only ever added (``piri.accounts.audit.record``). Nothing in the app updates or
deletes them: the manager refuses bulk updates and deletes, the admin is read-only, and the
links to the person and the patient are kept as plain ids (no database constraint, nothing
cascades), with their names copied, so the record outlives the accounts it mentions.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from piri.accounts.models.clinics import Clinic
from piri.accounts.models.people import Patient


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove audit rows."""


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are never changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit events are never deleted")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        READ = "read", _("Viewed")
        CHANGE = "change", _("Changed")
        EXPORT = "export", _("Exported")
        DENIED = "denied", _("Refused")

    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    actor_name = models.CharField(_("who"), max_length=150)
    patient = models.ForeignKey(
        Patient, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    patient_name = models.CharField(_("whose data"), max_length=150, blank=True)
    clinic = models.ForeignKey(
        Clinic, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=6, choices=Action.choices)
    what = models.CharField(_("what"), max_length=200)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("from where"), null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ("-at", "-id")
        indexes = [
            models.Index(fields=("patient", "-at")),
            models.Index(fields=("clinic", "-at")),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.what}"
