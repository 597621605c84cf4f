"""HTTP byte ranges (RFC 9110 §14) over a file in a Django storage: one range per request,
which is what browsers ask of a video (``bytes=a-b``, ``bytes=a-``, ``bytes=-n``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from piri.videos.models import video_storage

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


class Unsatisfiable(ValueError):
    pass


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) byte a ``Range`` header asks for; ``None`` for the whole
    file (no header, or one we do not read: several ranges, another unit, which RFC 9110 lets
    a server ignore); ``Unsatisfiable`` when it starts past the end."""
    match = _RANGE.match(header.strip().replace(" ", ""))
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last n bytes
        count = int(last)
        if count == 0 or size == 0:
            raise Unsatisfiable
        return max(size - count, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        raise Unsatisfiable
    return start, end


def _chunks(handle: IO[bytes], start: int, count: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        while count > 0:
            data = handle.read(min(CHUNK, count))
            if not data:
                break
            count -= len(data)
            yield data
    finally:
        handle.close()


def ranged_response(request: HttpRequest, name: str, content_type: str) -> HttpResponseBase:
    """The stored file ``name``, whole (200) or the range asked for (206), or 416."""
    storage = video_storage()
    try:
        size = storage.size(name)
    except OSError:  # the row outlived its file (a store emptied by hand): nothing to send
        raise Http404 from None
    try:
        wanted = byte_range(request.headers.get("Range", ""), size)
    except Unsatisfiable:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return _common(refused)
    start, end = wanted if wanted is not None else (0, size - 1)
    count = max(end - start + 1, 0)
    if request.method == "HEAD":
        response: HttpResponseBase = HttpResponse(
            content_type=content_type, status=206 if wanted else 200
        )
    else:
        response = StreamingHttpResponse(
            _chunks(storage.open(name, "rb"), start, count),
            content_type=content_type,
            status=206 if wanted else 200,
        )
    response["Content-Length"] = str(count)
    if wanted is not None:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return _common(response)


def _common(response: HttpResponseBase) -> HttpResponseBase:
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, max-age=3600"
    return response
