"""The reminder use cases: read and save a patient's schedule (its next due instant worked
out again every time), ask for a test reminder, stop from a link, and the clinic's one line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from piri.accounts.models import Patient
from piri.domain.reminders import Mode, Schedule, Skips, next_due
from piri.program.services.history import adherence_of
from piri.reminders.channels import KNOWN
from piri.reminders.models import ReminderSchedule
from piri.reminders.rules import rules


def schedule_of(patient: Patient) -> ReminderSchedule:
    """The patient's schedule, or an unsaved one with the defaults (reminders off)."""
    row = ReminderSchedule.objects.filter(patient=patient).first()
    if row is not None:
        return row
    d = rules().default
    return ReminderSchedule(
        patient=patient,
        enabled=False,
        weekdays=sorted(d.weekdays),
        at=d.at,
        mode=d.mode.value,
        channels=[],
        quiet_start=d.quiet_start,
        quiet_end=d.quiet_end,
        skip_when_aim_met=d.skip_when_aim_met,
    )


def to_domain(row: ReminderSchedule) -> Schedule:
    return Schedule(
        at=row.at,
        weekdays=frozenset(int(day) for day in row.weekdays),
        mode=Mode(row.mode),
        quiet_start=row.quiet_start,
        quiet_end=row.quiet_end,
        skip_when_aim_met=row.skip_when_aim_met,
    )


def regular_next(row: ReminderSchedule, *, after: datetime, now: datetime) -> datetime | None:
    """The next regular instant after ``after``; today left out once today's session is done."""
    schedule = to_domain(row)
    if not row.enabled or not schedule.days:
        return None
    adherence = adherence_of(row.patient, now=now)
    skips = Skips(frozenset({adherence.today}) if adherence.today_count else frozenset())
    return next_due(schedule, row.patient.zone, after=after, skips=skips)


def recompute(row: ReminderSchedule, *, now: datetime, after: datetime | None = None) -> None:
    """Set ``next_due_at``: the earlier of the test reminder and the next regular one."""
    regular = regular_next(row, after=after or now, now=now)
    candidates = [t for t in (regular, row.test_at) if t is not None]
    row.next_due_at = min(candidates) if candidates else None


@dataclass(frozen=True, slots=True)
class Choice:
    enabled: bool
    weekdays: frozenset[int]
    at: time
    mode: Mode
    channels: tuple[str, ...]
    quiet_start: time | None
    quiet_end: time | None
    skip_when_aim_met: bool


def save_schedule(patient: Patient, *, choice: Choice, now: datetime) -> ReminderSchedule:
    with transaction.atomic():
        row = schedule_of(patient)
        if row.pk is not None:
            row = ReminderSchedule.objects.select_for_update().get(pk=row.pk)
        row.enabled = choice.enabled
        row.weekdays = sorted(choice.weekdays)
        row.at = choice.at
        row.mode = choice.mode.value
        row.channels = [c for c in KNOWN if c in choice.channels]
        row.quiet_start, row.quiet_end = choice.quiet_start, choice.quiet_end
        row.skip_when_aim_met = choice.skip_when_aim_met
        recompute(row, now=now)
        row.save()
    return row


def ask_test(patient: Patient, *, now: datetime) -> ReminderSchedule:
    """A test reminder a couple of minutes from now, on the chosen channels."""
    with transaction.atomic():
        row = schedule_of(patient)
        if row.pk is not None:
            row = ReminderSchedule.objects.select_for_update().get(pk=row.pk)
        at = now + rules().test_in  # on a whole minute, when the fan-out looks
        row.test_at = at.replace(second=0, microsecond=0) + timedelta(
            minutes=1 if at.second or at.microsecond else 0
        )
        recompute(row, now=now)
        row.save()
    return row


def refresh(patient_id: int, *, now: datetime) -> bool:
    """Work the next due instant out again (a session was recorded, a review lifted a lock)."""
    with transaction.atomic():
        row = ReminderSchedule.objects.select_for_update().filter(patient_id=patient_id).first()
        if row is None or not row.enabled:
            return False
        recompute(row, now=now)
        row.save(update_fields=["next_due_at", "updated_at"])
    return True


def stop(patient_id: int) -> bool:
    """Turn reminders off (the one-tap link); True when they were on."""
    changed = ReminderSchedule.objects.filter(patient_id=patient_id, enabled=True).update(
        enabled=False, next_due_at=None, test_at=None
    )
    return bool(changed)


def summary(patient: Patient) -> str:
    """The clinic's line: "on (email, calendar)", "calendar only" or "off" (one query)."""
    enabled, channels, feed = (
        Patient.objects.filter(pk=patient.pk)
        .values_list("reminders__enabled", "reminders__channels", "calendar__id")
        .get()
    )
    names = {"email": _("email"), "push": _("on this device"), "calendar": _("calendar")}
    how = [str(names.get(c, c)) for c in (channels or [])] if enabled else []
    if feed is not None:
        how.append(str(names["calendar"]))
    if not enabled:
        return _("calendar only") if feed is not None else _("off")
    return _("on (%(how)s)") % {"how": ", ".join(how)} if how else _("on")
