"""The latest reach of numbness or tingling: the answer given last, whichever kind."""

from datetime import UTC, date, datetime, timedelta

from piri.domain.extent_latest import ExtentReading, ExtentSource, latest_extent
from piri.domain.plan import Extent

DAY = date(2026, 12, 4)
MORNING = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def reading(extent: str, minutes: int, source: ExtentSource, order: int = 0) -> ExtentReading:
    return ExtentReading(Extent(extent), MORNING + timedelta(minutes=minutes), DAY, source, order)


def test_nothing_recorded_has_no_latest():
    assert latest_extent([]) is None


def test_the_evening_check_in_wins_over_the_furthest_check_of_the_morning():
    found = latest_extent(
        [
            reading("below_knee", 4, ExtentSource.SESSION, 1),
            reading("thigh", 14, ExtentSource.SESSION, 3),
            reading("thigh", 9 * 60, ExtentSource.CHECKIN),
        ]
    )
    assert found is not None
    assert (found.extent, found.source) == (Extent.THIGH, ExtentSource.CHECKIN)


def test_a_session_check_after_the_check_in_is_the_latest():
    found = latest_extent(
        [reading("thigh", 0, ExtentSource.CHECKIN), reading("buttock", 30, ExtentSource.SESSION)]
    )
    assert found is not None and found.extent is Extent.BUTTOCK


def test_answers_at_the_same_moment_go_by_their_order_in_the_session():
    found = latest_extent(
        [reading("foot", 5, ExtentSource.SESSION, 2), reading("none", 5, ExtentSource.SESSION, 3)]
    )
    assert found is not None and found.extent is Extent.NONE
