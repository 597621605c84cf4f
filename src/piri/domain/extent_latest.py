"""How far down the leg numbness or tingling reaches *now*: the most recent answer by time.

Two kinds of record say how far it reaches: a check during a session and the daily check-in.
The latest is simply the one answered last, whichever kind it is: a check-in in the evening
after a session's "below the knee" that says "back of the thigh" makes the thigh the latest,
and a session check after the morning's check-in wins over it. Never the furthest of a day:
that is another fact (the 14-day summary's "furthest"). Pure: the caller reads the records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from piri.domain.plan import Extent


class ExtentSource(StrEnum):
    SESSION = "session"  # a check during a session
    CHECKIN = "checkin"  # the daily check-in


@dataclass(frozen=True, slots=True)
class ExtentReading:
    extent: Extent
    at: datetime  # when it was answered (a check-in: when it was last saved)
    day: date  # the patient's date it belongs to
    source: ExtentSource
    order: int = 0  # answers of one session at the same moment: later positions higher


def latest_extent(readings: Iterable[ExtentReading]) -> ExtentReading | None:
    """The reading answered last (of two at the same moment, the later in the session, then
    the check-in); ``None`` when there is none."""
    return max(
        readings,
        key=lambda r: (r.at, r.order, r.source is ExtentSource.CHECKIN),
        default=None,
    )
