"""Reading the ``Range`` header of a video request (piri.videos.ranges.byte_range)."""

from __future__ import annotations

import pytest

from piri.videos.ranges import Unsatisfiable, byte_range


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=-5000", (0, 999)),
        ("bytes=990-5000", (990, 999)),
        ("bytes=0-0", (0, 0)),
        ("items=0-5", None),  # another unit: the whole file
        ("bytes=0-5,10-20", None),  # several ranges: the whole file
    ],
)
def test_ranges_of_a_thousand_byte_file(header: str, expected: tuple[int, int] | None) -> None:
    assert byte_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0", "bytes=9-3"])
def test_ranges_outside_the_file_cannot_be_met(header: str) -> None:
    with pytest.raises(Unsatisfiable):
        byte_range(header, 1000)
