"""Django's gzip middleware, except for responses served by byte ranges.

Compressing a 206 would make its ``Content-Range`` count bytes the client never gets, and a
player seeking in a video would read garbage; video, captions and posters are served with
``Accept-Ranges: bytes`` (``piri.videos.ranges``) and pass through as stored. Every other
response is compressed as before."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware


class GZipExceptRanges(GZipMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if response.get("Accept-Ranges") == "bytes":
            return response
        return super().process_response(request, response)
