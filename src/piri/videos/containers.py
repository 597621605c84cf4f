"""What kind of video a file is and how long it runs, read from its bytes (never its name).

MP4 (ISO base media): a ``ftyp`` box at bytes 4-8; the length is ``moov/mvhd``'s duration over
its timescale. WebM (Matroska): the EBML magic ``1A 45 DF A3``, an EBML header whose DocType is
``webm``; the length is ``Segment/Info``'s Duration (a float, in TimecodeScale nanoseconds).
Only the boxes and elements needed are read, seeking past the rest, so a 200 MB file costs a
few reads. Anything that does not parse gives ``None`` (the caller refuses it).
"""

from __future__ import annotations

import struct
from typing import BinaryIO

MP4 = "video/mp4"
WEBM = "video/webm"
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
_EBML_DOCTYPE = 0x4282
_SEGMENT = 0x18538067
_INFO = 0x1549A966
_TIMECODE_SCALE = 0x2AD7B1
_DURATION = 0x4489
_CLUSTER = 0x1F43B675
_MAX_BOXES = 10_000  # a file of more top-level pieces than this is not one we take


def kind_of(head: bytes) -> str | None:
    """``video/mp4``, ``video/webm`` or ``None``, from the first bytes of a file (64 or more)."""
    if len(head) >= 8 and head[4:8] == b"ftyp":
        return MP4
    if head.startswith(EBML_MAGIC):
        doctype = _webm_doctype(head)
        return WEBM if doctype == b"webm" else None
    return None


def duration_of(stream: BinaryIO, kind: str) -> float | None:
    """The running time in seconds, or ``None`` when the file does not say it readably."""
    try:
        stream.seek(0)
        seconds = _mp4_duration(stream) if kind == MP4 else _webm_duration(stream)
    except (OSError, ValueError, struct.error):
        return None
    if seconds is None or seconds != seconds or seconds <= 0:  # NaN or nothing
        return None
    return seconds


# ---------------------------------------------------------------------------------------- MP4


def _boxes(stream: BinaryIO, end: int | None) -> list[tuple[bytes, int, int]]:
    """The (type, payload start, payload end) of the boxes from here to ``end``."""
    found: list[tuple[bytes, int, int]] = []
    while len(found) < _MAX_BOXES:
        start = stream.tell()
        if end is not None and start + 8 > end:
            break
        header = stream.read(8)
        if len(header) < 8:
            break
        size, kind = struct.unpack(">I4s", header)
        payload = start + 8
        if size == 1:
            size = struct.unpack(">Q", stream.read(8))[0]
            payload += 8
        elif size == 0:  # to the end of the file (or of the parent)
            stream.seek(0, 2)
            size = (end if end is not None else stream.tell()) - start
        if size < payload - start:
            raise ValueError("box smaller than its header")
        found.append((kind, payload, start + size))
        stream.seek(start + size)
    return found


def _mp4_duration(stream: BinaryIO) -> float | None:
    for kind, start, end in _boxes(stream, None):
        if kind != b"moov":
            continue
        stream.seek(start)
        for inner, istart, _iend in _boxes(stream, end):
            if inner != b"mvhd":
                continue
            stream.seek(istart)
            version = stream.read(4)[0]
            if version == 1:
                _, _, timescale, duration = struct.unpack(">QQIQ", stream.read(28))
            else:
                _, _, timescale, duration = struct.unpack(">IIII", stream.read(16))
            return duration / timescale if timescale else None
    return None


# --------------------------------------------------------------------------------------- WebM


def _vint(data: bytes, at: int, *, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length integer at ``at``: (value, where the next one starts). An
    element ID keeps its length marker; a size drops it (all ones means "unknown": -1)."""
    first = data[at]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 8 or at + length > len(data):
        raise ValueError("bad EBML number")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[at + 1 : at + length]:
        value = (value << 8) | byte
    if not keep_marker and value == (1 << (7 * length)) - 1:
        value = -1
    return value, at + length


def _elements(data: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    """The (id, payload start, payload end) of the elements in ``data[start:end]``; an element
    of unknown size (a live Segment or Cluster) runs to ``end``."""
    found: list[tuple[int, int, int]] = []
    at = start
    while at < end and len(found) < _MAX_BOXES:
        element, at = _vint(data, at, keep_marker=True)
        size, at = _vint(data, at, keep_marker=False)
        stop = end if size < 0 else min(at + size, end)
        found.append((element, at, stop))
        if element == _CLUSTER:  # the pictures begin: the header is over
            break
        at = stop
    return found


def _webm_doctype(head: bytes) -> bytes | None:
    try:
        [(element, start, end), *_] = _elements(head, 0, len(head))
        if element != int.from_bytes(EBML_MAGIC, "big"):
            return None
        for inner, istart, iend in _elements(head, start, end):
            if inner == _EBML_DOCTYPE:
                return head[istart:iend]
    except ValueError:
        return None
    return None


HEADER_BYTES = 1 << 20  # the EBML header and Segment/Info sit in the first megabyte


def _webm_duration(stream: BinaryIO) -> float | None:
    data = stream.read(HEADER_BYTES)
    for element, start, end in _elements(data, 0, len(data)):
        if element != _SEGMENT:
            continue
        for inner, istart, iend in _elements(data, start, end):
            if inner != _INFO:
                continue
            scale, duration = 1_000_000, None
            for field, fstart, fend in _elements(data, istart, iend):
                raw = data[fstart:fend]
                if field == _TIMECODE_SCALE:
                    scale = int.from_bytes(raw, "big")
                elif field == _DURATION and len(raw) in (4, 8):
                    duration = struct.unpack(">f" if len(raw) == 4 else ">d", raw)[0]
            return duration * scale / 1e9 if duration is not None else None
    return None
