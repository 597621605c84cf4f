"""The queue in Django's admin, read-only: jobs (queued, running, waiting to retry, failed,
done), the workers alive and the daily slots fired. The site (``ClinicAdminSite``) shows every
admin not scoped to a clinic to superusers only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from piri.jobs.models import ScheduledRun, WorkerBeat
from piri.jobs.policy import retry_of


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def state(row: DBTaskResult) -> str:
    """The job's state in words: queued, waiting to retry, running, failed, done."""
    tries = len(row.worker_ids)
    if row.status == TaskResultStatus.READY:
        if tries:
            return str(_("waiting to retry (%(n)d tried)") % {"n": tries})
        return str(_("queued"))
    if row.status == TaskResultStatus.RUNNING:
        return str(_("running (attempt %(n)d)") % {"n": tries})
    if row.status == TaskResultStatus.FAILED:
        return str(_("failed after %(n)d attempts") % {"n": tries})
    return str(_("done"))


class JobAdmin(ReadOnly, DBTaskResultAdmin):
    list_display = (  # type: ignore[assignment]
        "task_name",
        "job_state",
        "attempts",
        "enqueued_at",
        "display_run_after",
        "finished_at",
        "last_error",
    )
    list_filter = ("status", "task_path")  # type: ignore[assignment]
    search_fields = ("id", "task_path", "exception_class_path")

    @admin.display(description=_("state"))
    def job_state(self, row: DBTaskResult) -> str:
        return state(row)

    @admin.display(description=_("attempts"))
    def attempts(self, row: DBTaskResult) -> str:
        return f"{len(row.worker_ids)} / {retry_of(row.task_path).attempts}"

    @admin.display(description=_("last error"))
    def last_error(self, row: DBTaskResult) -> str:
        return row.exception_class_path.rsplit(".", 1)[-1] if row.exception_class_path else ""


@admin.register(WorkerBeat)
class WorkerBeatAdmin(ReadOnly):
    list_display = ("worker_id", "host", "pid", "started_at", "seen_at", "job")


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ReadOnly):
    list_display = ("name", "slot", "fired_at", "job")
    list_filter = ("name",)


if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, JobAdmin)
