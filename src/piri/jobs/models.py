"""What the workers keep beside the library's job rows (``DBTaskResult``): who is alive and
what each one runs (the lease), and which daily slots have fired."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerBeat(models.Model):
    """A running worker. ``seen_at`` moves on every few seconds while it lives; a job it
    holds (``job``) whose worker has not been seen for the lease is run again."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen at"), db_index=True)
    job = models.UUIDField(_("job running"), null=True, blank=True)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return self.worker_id


class ScheduledRun(models.Model):
    """One slot of a daily schedule that has fired: the unique pair (name, slot) is what
    lets only one of several workers enqueue it."""

    name = models.CharField(_("schedule"), max_length=64)
    slot = models.DateTimeField(_("slot"))
    job = models.UUIDField(_("job"))
    fired_at = models.DateTimeField(_("fired at"))

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-slot"]
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="jobs_one_run_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.slot:%Y-%m-%d %H:%M}"
