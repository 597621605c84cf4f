"""When reminders are due (across daylight-saving changes) and whether a due one goes out."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from piri.domain.reminders import (
    Facts,
    Lock,
    Mode,
    Schedule,
    Skips,
    decide,
    in_quiet_hours,
    local_instant,
    next_due,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
AUCKLAND = ZoneInfo("Pacific/Auckland")
LATE = timedelta(minutes=60)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def dues(schedule: Schedule, tz: ZoneInfo, *, start: datetime, count: int) -> list[datetime]:
    found, after = [], start
    for _ in range(count):
        after = next_due(schedule, tz, after=after)
        found.append(after)
    return found


@pytest.mark.parametrize(
    ("tz", "before", "after", "offset_before", "offset_after"),
    [
        (LONDON, date(2026, 3, 28), date(2026, 3, 30), 0, 1),  # BST starts 29 March
        (LONDON, date(2026, 10, 24), date(2026, 10, 26), 1, 0),  # BST ends 25 October
        (NEW_YORK, date(2026, 3, 7), date(2026, 3, 9), -5, -4),  # EDT starts 8 March
        (NEW_YORK, date(2026, 10, 31), date(2026, 11, 2), -4, -5),  # EDT ends 1 November
        (AUCKLAND, date(2026, 4, 4), date(2026, 4, 6), 13, 12),  # NZDT ends 5 April
        (AUCKLAND, date(2026, 9, 26), date(2026, 9, 28), 12, 13),  # NZDT starts 27 September
    ],
)
def test_a_daily_reminder_keeps_its_local_time_across_the_change(
    tz: ZoneInfo, before: date, after: date, offset_before: int, offset_after: int
) -> None:
    schedule = Schedule(at=time(18, 30))
    start = datetime.combine(before, time(12), tzinfo=tz)
    got = dues(schedule, tz, start=start, count=3)
    assert [d.astimezone(tz).time() for d in got] == [time(18, 30)] * 3
    assert [d.astimezone(tz).date() for d in got] == [before, before + timedelta(1), after]
    assert got[0].astimezone(tz).utcoffset() == timedelta(hours=offset_before)
    assert got[2].astimezone(tz).utcoffset() == timedelta(hours=offset_after)
    # UTC moves by the change: the two days around it are 23 or 25 hours apart
    assert got[1] - got[0] == timedelta(hours=24 - (offset_after - offset_before))
    assert got[2] - got[1] == timedelta(hours=24)


@pytest.mark.parametrize(
    ("tz", "day", "at", "expected_utc"),
    [
        (LONDON, date(2026, 3, 29), time(1, 30), utc(2026, 3, 29, 1, 0)),  # 02:00 BST
        (NEW_YORK, date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 7, 0)),  # 03:00 EDT
        (AUCKLAND, date(2026, 9, 27), time(2, 15), utc(2026, 9, 26, 14, 0)),  # 03:00 NZDT
    ],
)
def test_a_time_in_the_spring_gap_is_sent_when_the_gap_ends(
    tz: ZoneInfo, day: date, at: time, expected_utc: datetime
) -> None:
    assert local_instant(day, at, tz) == expected_utc
    got = next_due(Schedule(at=at), tz, after=datetime.combine(day, time(0), tzinfo=tz))
    assert got == expected_utc


@pytest.mark.parametrize(
    ("tz", "day", "at", "expected_utc"),
    [
        (LONDON, date(2026, 10, 25), time(1, 30), utc(2026, 10, 25, 0, 30)),  # BST, the first
        (NEW_YORK, date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),  # EDT, the first
        (AUCKLAND, date(2026, 4, 5), time(2, 30), utc(2026, 4, 4, 13, 30)),  # NZDT, the first
    ],
)
def test_a_time_that_happens_twice_is_sent_once_at_the_first(
    tz: ZoneInfo, day: date, at: time, expected_utc: datetime
) -> None:
    schedule = Schedule(at=at)
    first = next_due(schedule, tz, after=datetime.combine(day, time(0), tzinfo=tz))
    assert first == expected_utc
    second = next_due(schedule, tz, after=first)
    assert second.astimezone(tz).date() == day + timedelta(days=1)  # not again an hour later


def test_only_the_chosen_weekdays() -> None:
    schedule = Schedule(at=time(8), weekdays=frozenset({0, 3}))  # Monday, Thursday
    got = dues(schedule, LONDON, start=utc(2026, 6, 1, 9), count=3)  # Monday after 08:00
    assert [d.astimezone(LONDON).strftime("%a %H:%M") for d in got] == [
        "Thu 08:00",
        "Mon 08:00",
        "Thu 08:00",
    ]


def test_not_done_by_mode_is_every_day() -> None:
    schedule = Schedule(at=time(20), weekdays=frozenset({0}), mode=Mode.NOT_DONE_BY)
    got = dues(schedule, LONDON, start=utc(2026, 6, 1, 12), count=3)
    assert [d.astimezone(LONDON).day for d in got] == [1, 2, 3]


def test_a_day_done_is_skipped_when_the_next_is_worked_out() -> None:
    schedule = Schedule(at=time(20))
    got = next_due(
        schedule, LONDON, after=utc(2026, 6, 1, 12), skips=Skips(frozenset({date(2026, 6, 1)}))
    )
    assert got.astimezone(LONDON).date() == date(2026, 6, 2)


def test_no_weekdays_is_an_error() -> None:
    with pytest.raises(ValueError):
        next_due(Schedule(at=time(8), weekdays=frozenset()), LONDON, after=utc(2026, 1, 1))


def test_quiet_hours_past_midnight_and_within_a_day() -> None:
    night = Schedule(at=time(8), quiet_start=time(22), quiet_end=time(7))
    assert in_quiet_hours(night, time(23, 0)) and in_quiet_hours(night, time(6, 59))
    assert not in_quiet_hours(night, time(7, 0)) and not in_quiet_hours(night, time(21, 59))
    lunch = Schedule(at=time(8), quiet_start=time(12), quiet_end=time(14))
    assert in_quiet_hours(lunch, time(13)) and not in_quiet_hours(lunch, time(14))
    assert not in_quiet_hours(Schedule(at=time(8)), time(3))


DUE = utc(2026, 6, 1, 17)  # 18:00 in London


def verdict(facts: Facts, *, schedule: Schedule | None = None, **kw: object) -> tuple[str, str]:
    s = schedule or Schedule(at=time(18), skip_when_aim_met=True)
    now = kw.pop("now", DUE + timedelta(seconds=5))
    got = decide(s, facts, due=DUE, now=now, tz=LONDON, late_after=LATE, **kw)  # type: ignore[arg-type]
    return got.action.value, got.reason


def test_sent_when_nothing_stands_in_the_way() -> None:
    assert verdict(Facts()) == ("send", "due")


def test_nothing_once_todays_session_is_done() -> None:
    assert verdict(Facts(done_today=True)) == ("skip", "done-today")


def test_nothing_once_the_weekly_aim_is_met_only_if_the_patient_chose_it() -> None:
    assert verdict(Facts(aim_met=True)) == ("skip", "aim-met")
    keep = Schedule(at=time(18), skip_when_aim_met=False)
    assert verdict(Facts(aim_met=True), schedule=keep) == ("send", "due")


def test_the_locks_own_message_instead_during_a_lock() -> None:
    assert verdict(Facts(lock=Lock.LOCKED, done_today=True)) == ("lock_message", "locked")
    assert verdict(Facts(lock=Lock.PAUSED)) == ("lock_message", "paused")
    assert verdict(Facts(lock=Lock.LOCKED), test=True) == ("lock_message", "locked")


def test_quiet_hours_hold_a_reminder_back() -> None:
    quiet = Schedule(at=time(18), quiet_start=time(17, 30), quiet_end=time(19))
    assert verdict(Facts(), schedule=quiet) == ("skip", "quiet-hours")
    assert verdict(Facts(), schedule=quiet, test=True) == ("send", "test")


def test_a_reminder_reached_too_late_is_dropped() -> None:
    assert verdict(Facts(), now=DUE + LATE + timedelta(seconds=1)) == ("skip", "late")
    assert verdict(Facts(), now=DUE + LATE) == ("send", "due")
