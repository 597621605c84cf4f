"""Declaring a job: a Django Task with how often, and how long apart, it is tried.

    @job(retry=Retry(attempts=8, first_delay_s=30))
    def email_flag(screening_id: int) -> int: ...

    email_flag.enqueue(screening.pk)    # arguments must be JSON: ids, not model instances

A job that raises is tried again after ``first_delay_s``, then twice as long each time (up to
``max_delay_s``), until ``attempts`` tries have failed; then it is marked failed and stays in
the admin. A job may run more than once (a worker that dies mid-job leaves it to another), so
a job must be safe to repeat.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ParamSpec, TypeVar

from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import Task

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Retry:
    attempts: int = 5
    first_delay_s: float = 30.0
    max_delay_s: float = 3600.0

    def delay(self, attempt: int) -> timedelta:
        """How long to wait after failed try number ``attempt`` (1 for the first)."""
        seconds = self.first_delay_s * 2 ** max(attempt - 1, 0)
        return timedelta(seconds=min(seconds, self.max_delay_s))


DEFAULT = Retry()
_policies: dict[str, Retry] = {}


def job(*, retry: Retry = DEFAULT, priority: int = 0) -> Callable[[Callable[P, T]], Task[P, T]]:
    """Make ``func`` a Task on the database queue, tried as ``retry`` says."""

    def wrap(func: Callable[P, T]) -> Task[P, T]:
        made: Task[P, T] = task(priority=priority)(func)
        _policies[made.module_path] = retry
        return made

    return wrap


def retry_of(task_path: str) -> Retry:
    """The retry policy of the task at ``task_path`` (imported here if it was not), or the
    default for a task no longer in the code."""
    if task_path not in _policies:
        with suppress(ImportError, AttributeError, ValueError):
            import_string(task_path)
    return _policies.get(task_path, DEFAULT)


def name_of(task_path: str) -> str:
    return task_path.rsplit(".", 1)[-1]


AnyTask = Task[Any, Any]
