"""Reminder schedules for tests, made through the service the page uses."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time

from piri.accounts.models import Patient
from piri.domain.reminders import Mode
from piri.reminders.models import ReminderSchedule
from piri.reminders.services import Choice, save_schedule


def set_reminders(
    patient: Patient,
    *,
    now: datetime,
    at: time = time(18),
    weekdays: Iterable[int] = range(7),
    mode: Mode = Mode.DAYS,
    channels: Iterable[str] = ("email",),
    quiet: tuple[time, time] | None = None,
    skip_when_aim_met: bool = False,
    enabled: bool = True,
) -> ReminderSchedule:
    choice = Choice(
        enabled=enabled,
        weekdays=frozenset(weekdays),
        at=at,
        mode=mode,
        channels=tuple(channels),
        quiet_start=quiet[0] if quiet else None,
        quiet_end=quiet[1] if quiet else None,
        skip_when_aim_met=skip_when_aim_met,
    )
    return save_schedule(patient, choice=choice, now=now)
