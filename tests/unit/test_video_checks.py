"""The checks a clinic video, its captions and its poster must pass (piri.videos.checks):
types judged by content, the size and length limits, and captions that parse."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest

from piri.videos.checks import Refusal, check_captions, check_poster, check_video
from piri.videos.containers import MP4, WEBM, duration_of, kind_of

MEDIA = Path(__file__).resolve().parents[1] / "media"
MB = 1_000_000


def media(name: str) -> io.BytesIO:
    return io.BytesIO((MEDIA / name).read_bytes())


def refused(call: object, *args: object, **kwargs: object) -> Refusal:
    with pytest.raises(Refusal) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value


@pytest.mark.parametrize(("name", "kind"), [("pattern.webm", WEBM), ("pattern.mp4", MP4)])
def test_a_real_clip_is_known_by_its_content_and_runs_four_seconds(name: str, kind: str) -> None:
    checked = check_video(media(name), max_bytes=200 * MB, max_seconds=600)
    assert checked.content_type == kind
    assert checked.duration_seconds == pytest.approx(4.0, abs=0.05)
    assert checked.size == (MEDIA / name).stat().st_size


def test_a_picture_named_like_a_video_is_refused_for_its_content() -> None:
    refusal = refused(check_video, media("poster.png"), max_bytes=200 * MB, max_seconds=600)
    assert refusal.field == "video"
    assert "not an MP4 or WebM" in refusal.message


def test_a_matroska_file_that_is_not_webm_is_refused() -> None:
    webm = (MEDIA / "pattern.webm").read_bytes()
    assert b"webm" in webm[:64]
    mkv = webm.replace(b"\x42\x82\x84webm", b"\x42\x82\x84mkvx", 1)
    assert kind_of(webm[:64]) == WEBM
    assert kind_of(mkv[:64]) is None


def test_an_empty_file_is_refused() -> None:
    refusal = refused(check_video, io.BytesIO(b""), max_bytes=MB, max_seconds=600)
    assert refusal.field == "video" and "empty" in refusal.message


def test_a_file_over_the_size_limit_is_refused_naming_the_limit() -> None:
    refusal = refused(check_video, media("pattern.webm"), max_bytes=10_000, max_seconds=600)
    assert refusal.field == "video"
    assert "the largest this clinic takes is 0 MB" in refusal.message


def test_a_clip_longer_than_allowed_is_refused_naming_both_lengths() -> None:
    refusal = refused(check_video, media("pattern.mp4"), max_bytes=200 * MB, max_seconds=3)
    assert refusal.field == "video"
    assert "runs 4 seconds" in refusal.message and "3 seconds" in refusal.message


def test_a_cut_off_mp4_whose_length_cannot_be_read_is_refused() -> None:
    head = (MEDIA / "pattern.mp4").read_bytes()
    start = head.index(b"moov") - 4
    broken = io.BytesIO(head[:start] + struct.pack(">I4s", 8, b"free"))
    refusal = refused(check_video, broken, max_bytes=200 * MB, max_seconds=600)
    assert "length could not be read" in refusal.message


def test_an_mp4_with_a_64_bit_box_and_a_version_1_movie_header_is_read() -> None:
    mvhd_body = bytes([1, 0, 0, 0]) + struct.pack(">QQIQ", 0, 0, 1000, 7500) + bytes(80)
    mvhd = struct.pack(">I4s", 8 + len(mvhd_body), b"mvhd") + mvhd_body
    moov = struct.pack(">I4sQ", 1, b"moov", 16 + len(mvhd)) + mvhd
    ftyp = struct.pack(">I4s4sI", 16, b"ftyp", b"isom", 0)
    data = io.BytesIO(ftyp + moov)
    assert kind_of(data.getvalue()[:64]) == MP4
    assert duration_of(data, MP4) == pytest.approx(7.5)


def test_a_webm_without_a_duration_is_refused() -> None:
    webm = (MEDIA / "pattern.webm").read_bytes()
    at = webm.index(b"\x44\x89")
    no_duration = webm[:at] + b"\xec" + webm[at + 1 :]  # the Duration becomes a Void element
    refusal = refused(check_video, io.BytesIO(no_duration), max_bytes=200 * MB, max_seconds=600)
    assert "length could not be read" in refusal.message


GOOD_VTT = (
    b"WEBVTT\n\n00:00.000 --> 00:01.500\nHello\n\n00:00:01.500 --> 00:00:03.000 line:90%\nNext\n"
)


def test_good_captions_count_their_cues() -> None:
    assert check_captions(io.BytesIO(GOOD_VTT)) == 2
    assert check_captions(io.BytesIO((MEDIA / "captions.vtt").read_bytes())) == 2


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"\xff\xfeW\x00E\x00", "not UTF-8"),
        (b"1\n00:00:00.000 --> 00:00:01.000\nHi\n", "start with the line WEBVTT"),
        (b"WEBVTT\n\nJust words, no cue.\n", "no cues"),
        (b"WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nHi\n", "Line 3"),
        (b"WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nHi\n", "ends before it starts"),
    ],
)
def test_bad_captions_are_refused_saying_what_is_wrong(body: bytes, words: str) -> None:
    refusal = refused(check_captions, io.BytesIO(body))
    assert refusal.field == "captions"
    assert words in refusal.message


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(8), "image/png"),
        (b"\xff\xd8\xff\xe0" + bytes(8), "image/jpeg"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
    ],
)
def test_posters_are_known_by_their_first_bytes(head: bytes, kind: str) -> None:
    assert check_poster(io.BytesIO(head)) == kind


def test_a_poster_that_is_not_a_picture_is_refused() -> None:
    refusal = refused(check_poster, io.BytesIO(b"GIF89a" + bytes(20)))
    assert refusal.field == "poster" and "PNG, JPEG or WebP" in refusal.message
