"""Scheduled jobs that fire once per slot (a day, or a minute), however many workers run.

A schedule names a task and the setting that holds its time of day (``HH:MM`` in
``PIRI_DEFAULT_TIME_ZONE``, the clinic's today; empty turns it off). Every worker, on every
turn of its loop, works out the latest slot that has come (today's time if it has passed,
else yesterday's) and tries to store ``ScheduledRun(name, slot)`` and enqueue the task in one
transaction. The pair is unique, so only one worker's insert commits; the others get an
``IntegrityError`` and their enqueue is rolled back with it. A slot missed while no worker ran
fires when one starts (only the latest: a week off runs the job once, not seven times).

An every-minute schedule (``every_minute``: the reminders' fan-out) works the same way with the
current minute as its slot; its runs older than a day are cleared once an hour.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import checks
from django.db import IntegrityError, transaction

from piri.jobs.models import ScheduledRun
from piri.jobs.policy import AnyTask

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True, slots=True)
class Daily:
    name: str
    task: AnyTask
    setting: str  # the setting holding "HH:MM", or "" for off

    quiet = False  # the worker prints each time it fires

    def at(self) -> time | None:
        return parse_at(self.setting, str(getattr(settings, self.setting, "")))

    def slot(self, *, now: datetime) -> datetime | None:
        at = self.at()
        return None if at is None else last_slot(at, now=now, tz=zone())


@dataclass(frozen=True, slots=True)
class EveryMinute:
    name: str
    task: AnyTask
    setting: str = ""
    quiet = True  # once a minute: the worker does not print it

    def at(self) -> time | None:
        return None

    def slot(self, *, now: datetime) -> datetime | None:
        return now.replace(second=0, microsecond=0)


Schedule = Daily | EveryMinute
_schedules: dict[str, Schedule] = {}


def daily(name: str, task: AnyTask, *, setting: str) -> None:
    """Run ``task`` (no arguments) once a day at the time in ``settings.<setting>``."""
    _schedules[name] = Daily(name=name, task=task, setting=setting)


def every_minute(name: str, task: AnyTask) -> None:
    """Run ``task`` (no arguments) once a minute."""
    _schedules[name] = EveryMinute(name=name, task=task)


def schedules() -> list[Schedule]:
    return list(_schedules.values())


def parse_at(name: str, value: str) -> time | None:
    """``"03:00"`` → 03:00; empty or ``off`` → None; anything else a ValueError naming ``name``."""
    text = value.strip().lower()
    if text in ("", "off"):
        return None
    match = _TIME.match(text)
    if not match:
        raise ValueError(
            f"{name}={value!r}: give a time of day as HH:MM (24-hour, e.g. 03:00), "
            "or leave it empty to turn it off"
        )
    return time(int(match[1]), int(match[2]))


def zone() -> ZoneInfo:
    return ZoneInfo(settings.PIRI_DEFAULT_TIME_ZONE)


def last_slot(at: time, *, now: datetime, tz: ZoneInfo) -> datetime:
    """The latest moment at ``at`` o'clock in ``tz`` that is not after ``now``."""
    local = now.astimezone(tz)
    slot = datetime.combine(local.date(), at, tzinfo=tz)
    if slot > local:
        slot = datetime.combine(local.date() - timedelta(days=1), at, tzinfo=tz)
    return slot


def fire_due(
    *, now: datetime, among: Iterable[Schedule] | None = None
) -> list[tuple[Schedule, Any]]:
    """Enqueue every schedule whose latest slot has not fired yet; returns what this call
    fired, with the job's id (another worker may have fired the rest)."""
    fired = []
    for schedule in schedules() if among is None else among:
        slot = schedule.slot(now=now)
        if slot is None:
            continue
        if isinstance(schedule, EveryMinute) and slot.minute == 0:
            ScheduledRun.objects.filter(
                name=schedule.name, slot__lt=slot - timedelta(days=1)
            ).delete()
        if ScheduledRun.objects.filter(name=schedule.name, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                result = schedule.task.enqueue()
                ScheduledRun.objects.create(
                    name=schedule.name, slot=slot, job=result.id, fired_at=now
                )
        except IntegrityError:  # another worker fired this slot first
            continue
        fired.append((schedule, result.id))
    return fired


def check_schedules(**kwargs: Any) -> list[checks.CheckMessage]:
    """A schedule time that is not HH:MM stops ``piri serve`` with the setting named."""
    errors: list[checks.CheckMessage] = []
    for schedule in schedules():
        try:
            schedule.at()
        except ValueError as error:
            errors.append(checks.Error(str(error), id="piri.jobs.E001"))
    return errors
