"""What someone sees when django-axes has locked their sign-in (``AXES_LOCKOUT_CALLABLE``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """429 with a page in our words: how long to wait, and what to do meanwhile."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {"minutes": minutes, "attempts": settings.AXES_FAILURE_LIMIT}
    return render(request, "piri/locked_out.html", context, status=429)


def username_of(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The username django-axes counts wrong passwords against (``AXES_USERNAME_CALLABLE``),
    lower-cased: "FPAT" and "fpat" are one person, so their wrong passwords add up."""
    source: Any = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username") if source else None
    return username.lower() if isinstance(username, str) else username
