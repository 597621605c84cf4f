"""The reminders' defaults and limits, read from ``data/reminders.yaml`` (policy, with its
source there), not written in code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from functools import cache
from pathlib import Path

import yaml

from piri.domain.reminders import Schedule

DATA = Path(__file__).with_name("data") / "reminders.yaml"


def _time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True, slots=True)
class Rules:
    default: Schedule
    late_after: timedelta
    test_in: timedelta
    default_session_s: int
    keep_deliveries: timedelta


@cache
def rules() -> Rules:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    d = data["defaults"]
    default = Schedule(
        at=_time(d["at"]),
        weekdays=frozenset(int(day) for day in d["weekdays"]),
        quiet_start=_time(d["quiet_start"]),
        quiet_end=_time(d["quiet_end"]),
        skip_when_aim_met=bool(d["skip_when_aim_met"]),
    )
    return Rules(
        default=default,
        late_after=timedelta(minutes=int(data["late_after_minutes"])),
        test_in=timedelta(minutes=int(data["test_in_minutes"])),
        default_session_s=int(data["default_session_minutes"]) * 60,
        keep_deliveries=timedelta(days=int(data["keep_deliveries_days"])),
    )
