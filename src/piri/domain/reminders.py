"""When a patient's exercise reminder is due, and whether a due one goes out.

Pure Python; the clock (``now``, aware) and the facts (session done today, weekly aim met,
the safety tier's lock) are passed in. Times of day are the patient's own, in their zone:

- a local time that does not exist (the spring-forward gap, e.g. 01:30 in London on the last
  Sunday of March) is sent at the first valid instant after it (02:00 local, the end of the
  gap);
- a local time that happens twice (the autumn fall-back) is sent once, at the first
  occurrence.

``decide`` says what to do with a reminder that has come due: send it, send the lock's own
message instead (during an emergency or urgent lock), or skip it, with the reason.
See ``docs/decisions/0018-reminders.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

ALL_DAYS = frozenset(range(7))  # Monday 0 … Sunday 6, as date.weekday()


class Mode(StrEnum):
    DAYS = "days"  # on the chosen weekdays at the time
    NOT_DONE_BY = "not_done_by"  # any day the session is not done by the time


class Lock(StrEnum):
    NONE = "none"
    PAUSED = "paused"  # urgent: exercises paused until a clinician has seen the patient
    LOCKED = "locked"  # emergency: Piri locked


class Action(StrEnum):
    SEND = "send"
    LOCK_MESSAGE = "lock_message"
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class Schedule:
    at: time
    weekdays: frozenset[int] = ALL_DAYS
    mode: Mode = Mode.DAYS
    quiet_start: time | None = None  # quiet hours, local; may run past midnight
    quiet_end: time | None = None
    skip_when_aim_met: bool = False

    @property
    def days(self) -> frozenset[int]:
        return ALL_DAYS if self.mode is Mode.NOT_DONE_BY else self.weekdays


@dataclass(frozen=True, slots=True)
class Facts:
    done_today: bool = False
    aim_met: bool = False
    lock: Lock = Lock.NONE


@dataclass(frozen=True, slots=True)
class Verdict:
    action: Action
    reason: str  # a short code: "due", "done-today", "aim-met", "quiet-hours", "late", "locked"…


@dataclass(frozen=True, slots=True)
class Skips:
    """Local dates on which no regular reminder is due (today, once the session is done)."""

    dates: frozenset[date] = field(default_factory=frozenset)


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of ``at`` o'clock on ``day`` in ``tz``: the first occurrence of an
    ambiguous time, the end of the gap for a time that does not exist."""
    first = datetime.combine(day, at, tzinfo=tz).replace(fold=0)
    utc = first.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) != first.replace(tzinfo=None):
        # in the gap: zoneinfo read it with the offset before the change; the gap ends at
        # the first local instant after the wall-clock time that exists.
        later = datetime.combine(day, at, tzinfo=tz).replace(fold=1).astimezone(UTC)
        earlier = utc
        return _gap_end(min(earlier, later), max(earlier, later), tz)
    return utc


def _gap_end(low: datetime, high: datetime, tz: ZoneInfo) -> datetime:
    """The instant the clocks jump, between ``low`` and ``high`` (UTC), to the minute."""
    offset = low.astimezone(tz).utcoffset()
    while high - low > timedelta(minutes=1):
        mid = low + (high - low) / 2
        mid = mid.replace(second=0, microsecond=0)
        if mid <= low:
            break
        if mid.astimezone(tz).utcoffset() == offset:
            low = mid
        else:
            high = mid
    return high


def next_due(
    schedule: Schedule, tz: ZoneInfo, *, after: datetime, skips: Skips | None = None
) -> datetime:
    """The first reminder instant (UTC) strictly after ``after``."""
    skipped = skips.dates if skips is not None else frozenset()
    start = after.astimezone(tz).date() - timedelta(days=1)
    for offset in range(0, 9):
        day = start + timedelta(days=offset)
        if day.weekday() not in schedule.days or day in skipped:
            continue
        instant = local_instant(day, schedule.at, tz)
        if instant > after:
            return instant
    raise ValueError("a schedule with no weekdays has no next reminder")


def in_quiet_hours(schedule: Schedule, moment: time) -> bool:
    """Whether the local time ``moment`` falls in the quiet hours (start included, end not)."""
    start, end = schedule.quiet_start, schedule.quiet_end
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end  # past midnight, e.g. 22:00 to 07:00


def decide(
    schedule: Schedule,
    facts: Facts,
    *,
    due: datetime,
    now: datetime,
    tz: ZoneInfo,
    late_after: timedelta,
    test: bool = False,
) -> Verdict:
    """What to do with the reminder due at ``due`` when a worker reaches it at ``now``.
    A test reminder (asked for on the page) skips only the lock and lateness rules."""
    if now - due > late_after:
        return Verdict(Action.SKIP, "late")
    if facts.lock is not Lock.NONE:
        return Verdict(Action.LOCK_MESSAGE, facts.lock.value)
    if test:
        return Verdict(Action.SEND, "test")
    if facts.done_today:
        return Verdict(Action.SKIP, "done-today")
    if schedule.skip_when_aim_met and facts.aim_met:
        return Verdict(Action.SKIP, "aim-met")
    if in_quiet_hours(schedule, due.astimezone(tz).time()):
        return Verdict(Action.SKIP, "quiet-hours")
    return Verdict(Action.SEND, "due")
