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
    """The account django-axes counts wrong passwords against (``AXES_USERNAME_CALLABLE``):
    the lower-cased username, whether the person typed their username (in any case) or one
    of their email addresses (in any case). "FPAT", "fpat" and "Fpat@Example.org" are one
    person, so their wrong passwords add up. What matches no account counts as typed,
    lower-cased."""
    source: Any = credentials if credentials else getattr(request, "POST", {})
    typed = None
    if source:
        for key in ("login", "username", "email"):
            value = source.get(key)
            if isinstance(value, str) and value.strip():
                typed = value.strip()
                break
    if typed is None:
        return None
    return _account_name(typed)


def _account_name(typed: str) -> str:
    from allauth.account.models import EmailAddress

    from piri.accounts.models import User

    if "@" in typed:
        owner = (
            EmailAddress.objects.filter(email__iexact=typed).values_list("user_id", flat=True)
        ).first()
        users = User.objects.filter(pk=owner) if owner else User.objects.filter(email__iexact=typed)
        names = list(users.values_list("username", flat=True)[:2])
        if len(names) == 1 and not User.objects.filter(username__iexact=typed).exists():
            return names[0].lower()
    return typed.lower()
