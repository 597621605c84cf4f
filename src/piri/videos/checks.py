"""The checks an uploaded video, its captions and its poster must pass, each refusal a
sentence naming the field. Pure functions over file objects and limits passed in (the upload
service reads the limits from the settings); nothing is trusted from a file's name or from
the type the browser claims."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext as _

from piri.videos.containers import MP4, WEBM, duration_of, kind_of

_TIMING = re.compile(
    r"^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})\s+-->\s+(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})(?:\s.*)?$"
)
_POSTER_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


class Refusal(ValueError):
    """An upload refused: ``field`` is the form field, ``message`` what is wrong with it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class CheckedVideo:
    content_type: str  # video/mp4 or video/webm
    duration_seconds: float
    size: int


def _size_of(stream: BinaryIO) -> int:
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def check_video(stream: BinaryIO, *, max_bytes: int, max_seconds: int) -> CheckedVideo:
    size = _size_of(stream)
    if size == 0:
        raise Refusal("video", _("The video file is empty."))
    if size > max_bytes:
        raise Refusal(
            "video",
            _("The video is %(size)s MB; the largest this clinic takes is %(limit)s MB.")
            % {"size": round(size / 1_000_000, 1), "limit": max_bytes // 1_000_000},
        )
    kind = kind_of(stream.read(64))
    if kind is None:
        raise Refusal(
            "video",
            _("The video is not an MP4 or WebM file (judged by its content, not its name)."),
        )
    seconds = duration_of(stream, kind)
    if seconds is None:
        raise Refusal("video", _("The video's length could not be read; the file may be damaged."))
    if seconds > max_seconds:
        raise Refusal(
            "video",
            _("The video runs %(seconds)d seconds; the longest allowed is %(limit)d seconds.")
            % {"seconds": round(seconds), "limit": max_seconds},
        )
    stream.seek(0)
    return CheckedVideo(content_type=kind, duration_seconds=seconds, size=size)


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


MAX_CAPTION_BYTES = 1_000_000


def check_captions(stream: BinaryIO) -> int:
    """The number of cues in a WebVTT file; a refusal unless it is UTF-8, starts with
    ``WEBVTT`` and has at least one cue whose end comes after its start."""
    raw = stream.read(MAX_CAPTION_BYTES + 1)
    if len(raw) > MAX_CAPTION_BYTES:
        raise Refusal("captions", _("The captions file is larger than 1 MB."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refusal("captions", _("The captions file is not UTF-8 text.")) from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = lines[0]
    if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise Refusal("captions", _("The captions file must start with the line WEBVTT."))
    cues = 0
    for number, line in enumerate(lines[1:], start=2):
        if "-->" not in line:
            continue
        match = _TIMING.match(line.strip())
        if match is None:
            raise Refusal(
                "captions",
                _(
                    "Line %(line)d of the captions has timings not written "
                    "hh:mm:ss.mmm --> hh:mm:ss.mmm."
                )
                % {"line": number},
            )
        parts = match.groups()
        start, end = _seconds(*parts[:4]), _seconds(*parts[4:])
        if end <= start:
            raise Refusal(
                "captions",
                _("Line %(line)d of the captions ends before it starts.") % {"line": number},
            )
        cues += 1
    if cues == 0:
        raise Refusal("captions", _("The captions file has no cues (no line with -->)."))
    stream.seek(0)
    return cues


MAX_POSTER_BYTES = 5_000_000


def check_poster(stream: BinaryIO) -> str:
    """The poster's type (PNG, JPEG or WebP, by its first bytes)."""
    size = _size_of(stream)
    if size > MAX_POSTER_BYTES:
        raise Refusal("poster", _("The poster picture is larger than 5 MB."))
    head = stream.read(12)
    stream.seek(0)
    for magic, kind in _POSTER_MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    raise Refusal("poster", _("The poster is not a PNG, JPEG or WebP picture."))


VIDEO_TYPES = (MP4, WEBM)
