"""The worker: claim a due job, run it, record how it went; keep a heartbeat; give the jobs of
workers that died back to the queue.

- **Claiming** happens in one short transaction: ``SELECT … FOR UPDATE SKIP LOCKED`` on
  PostgreSQL (two workers never wait for, or take, the same row), an exclusive transaction on
  SQLite (one writer at a time anyway); the row becomes RUNNING with this worker's id added
  to ``worker_ids`` (so their number is the attempt), and this worker's heartbeat row names
  the job.
- **Running**: a job that returns is SUCCESSFUL; one that raises goes back to READY with
  ``run_after`` pushed out by its back-off and the error kept on the row, or, after its last
  attempt, FAILED.
- **The lease**: a thread updates the heartbeat every quarter of ``PIRI_WORKER_LEASE``
  seconds while the worker lives, whatever the job is doing. A RUNNING job whose worker has
  not been seen for the lease (killed, machine gone) counts as a failed attempt and is
  retried like one. A job may therefore run twice; jobs are written to be safe to repeat.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from traceback import format_exception
from typing import Any, cast

from django.conf import settings
from django.db import OperationalError, connection
from django.db.models import Q
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskContext, TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from piri.jobs.models import WorkerBeat
from piri.jobs.policy import DEFAULT, Retry, name_of, retry_of

log = logging.getLogger(__name__)
Status = TaskResultStatus


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one job: ``done``, ``retry`` (``next_at`` says when), ``failed`` or
    ``lost`` (its worker died; retried or failed as its attempts allow)."""

    job_id: str
    name: str
    result: str
    attempt: int
    attempts: int
    seconds: float = 0.0
    error: str = ""
    next_at: datetime | None = None


def lease() -> timedelta:
    return timedelta(seconds=settings.PIRI_WORKER_LEASE)


def _error(exc: BaseException) -> tuple[str, str, str]:
    kind = type(exc)
    return (
        f"{kind.__module__}.{kind.__qualname__}",
        "".join(format_exception(exc)),
        f"{kind.__name__}: {exc}"[:300],
    )


def _give_back(row: DBTaskResult, policy: Retry, *, now: datetime, kind: str, tb: str) -> str:
    """After a failed attempt: READY again after the back-off, or FAILED after the last."""
    attempt = len(row.worker_ids)
    row.exception_class_path, row.traceback = kind, tb
    row.return_value = None
    fields = ["status", "exception_class_path", "traceback", "return_value"]
    if attempt < policy.attempts:
        row.status = Status.READY
        row.run_after = now + policy.delay(attempt)
        fields.append("run_after")
        result = "retry"
    else:
        row.status = Status.FAILED
        row.finished_at = now
        fields.append("finished_at")
        result = "failed"
    row.save(update_fields=fields)
    return result


class Worker:
    """One worker's claims, runs and heartbeats. ``start()`` before, ``stop()`` after."""

    def __init__(self, *, worker_id: str | None = None, backend: str = DEFAULT_TASK_BACKEND_ALIAS):
        host = socket.gethostname()
        self.worker_id = (worker_id or f"{host[:30]}-{os.getpid()}-{uuid.uuid4().hex[:6]}")[:64]
        self.host = host
        self.backend = backend
        self._stop_beating = threading.Event()
        self._beating: threading.Thread | None = None

    # -- heartbeat ---------------------------------------------------------------------------

    def start(self, *, beat: bool = True) -> None:
        now = timezone.now()
        WorkerBeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()  # long gone
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"host": self.host, "pid": os.getpid(), "started_at": now, "seen_at": now},
        )
        if beat:
            self._beating = threading.Thread(target=self._beat, name="heartbeat", daemon=True)
            self._beating.start()

    def _beat(self) -> None:
        every = max(settings.PIRI_WORKER_LEASE / 4, 0.2)
        try:
            while not self._stop_beating.wait(every):
                try:
                    WorkerBeat.objects.filter(pk=self.worker_id).update(seen_at=timezone.now())
                except Exception as error:  # a locked database: the next beat tries again
                    log.warning("heartbeat of %s missed: %s", self.worker_id, error)
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop_beating.set()
        if self._beating is not None:
            self._beating.join(timeout=5)
        WorkerBeat.objects.filter(pk=self.worker_id).delete()

    # -- claiming and running ----------------------------------------------------------------

    def due(self, now: datetime) -> Q:
        return Q(status=Status.READY, backend_name=self.backend) & (
            Q(run_after__lte=now) | Q(run_after=get_date_max())
        )

    def claim(self, now: datetime) -> DBTaskResult | None:
        """Take the next due job, or None (also when the database is busy: try again)."""
        rows = DBTaskResult.objects.filter(self.due(now))
        try:
            with exclusive_transaction(rows.db):
                row = rows.get_locked()
                if row is not None:
                    row.claim(self.worker_id)
                    WorkerBeat.objects.filter(pk=self.worker_id).update(job=row.id, seen_at=now)
                return row
        except OperationalError as error:
            if is_locked_database_exception(error):
                return None
            raise

    def run(self, row: DBTaskResult, *, now: Callable[[], datetime] = timezone.now) -> Outcome:
        """Run a claimed job and record how it went."""
        started = time.monotonic()
        policy, name = DEFAULT, name_of(row.task_path)
        try:
            task = row.task
            policy, name = retry_of(row.task_path), task.name
            args, kwargs = row.args_kwargs["args"], row.args_kwargs["kwargs"]
            if task.takes_context:
                context = TaskContext(task_result=cast(Any, row.task_result))
                value = task.call(context, *args, **kwargs)
            else:
                value = task.call(*args, **kwargs)
            row.set_successful(value)
            result, said = "done", ""
            next_at = None
        except Exception as exc:
            kind, tb, said = _error(exc)
            result = _give_back(row, policy, now=now(), kind=kind, tb=tb)
            next_at = row.run_after if result == "retry" else None
            log.warning("job %s (%s) attempt %d: %s", row.id, name, len(row.worker_ids), said)
        finally:
            WorkerBeat.objects.filter(pk=self.worker_id).update(job=None)
        return Outcome(
            job_id=str(row.id),
            name=name,
            result=result,
            attempt=len(row.worker_ids),
            attempts=policy.attempts,
            seconds=time.monotonic() - started,
            error=said,
            next_at=next_at,
        )

    def drain(
        self,
        *,
        now: datetime | None = None,
        keep_going: Callable[[], bool] = lambda: True,
        report: Callable[[Outcome], None] = lambda outcome: None,
    ) -> list[Outcome]:
        """Run every due job, one after another, until none is due (``now``: the moment to
        call "now", for tests; the clock otherwise)."""
        clock = (lambda: now) if now is not None else timezone.now
        done: list[Outcome] = []
        while keep_going():
            row = self.claim(clock())
            if row is None:
                break
            outcome = self.run(row, now=clock)
            report(outcome)
            done.append(outcome)
        return done

    # -- the lease -----------------------------------------------------------------------------

    def recover_lost(self, *, now: datetime) -> list[Outcome]:
        """Give the RUNNING jobs of workers not seen for the lease back to the queue."""
        cutoff = now - lease()
        alive = WorkerBeat.objects.filter(seen_at__gte=cutoff, job__isnull=False).values("job")
        rows = DBTaskResult.objects.filter(status=Status.RUNNING, backend_name=self.backend)
        rows = rows.exclude(id__in=alive)  # the claim names the job on the beat, atomically
        lost: list[Outcome] = []
        if not rows.exists():  # the usual case: no write lock taken
            return lost
        with exclusive_transaction(rows.db):
            for row in rows.select_for_update(skip_locked=True):
                policy = retry_of(row.task_path)
                who = row.worker_ids[-1] if row.worker_ids else "?"
                said = f"worker {who} stopped answering while running this job"
                result = _give_back(row, policy, now=now, kind="piri.jobs.Lost", tb=said)
                lost.append(
                    Outcome(
                        job_id=str(row.id),
                        name=name_of(row.task_path),
                        result=f"lost, {result}",
                        attempt=len(row.worker_ids),
                        attempts=policy.attempts,
                        error=said,
                        next_at=row.run_after if result == "retry" else None,
                    )
                )
        return lost


def run_due_jobs(*, now: datetime | None = None) -> list[Outcome]:
    """Run every due job here and now, in this process (``piri worker --once`` without the
    schedules, and what tests call to deliver the emails a page queued)."""
    worker = Worker(worker_id=f"in-process-{os.getpid()}")
    worker.start(beat=False)
    try:
        return worker.drain(now=now)
    finally:
        worker.stop()
