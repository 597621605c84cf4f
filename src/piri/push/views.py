"""The browser's side of push: the key to subscribe with, and storing or removing this
browser's subscription. JSON in and out; the signed-in person's own subscriptions only."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from piri.domain.errors import FieldError
from piri.push import keys
from piri.push.subscriptions import subscribe, unsubscribe


def _problem(status: int, field: str, message: str) -> JsonResponse:
    return JsonResponse({"detail": [{"loc": ["body", field], "msg": message}]}, status=status)


def _json_body(request: HttpRequest) -> Any:
    if request.content_type != "application/json":
        raise _NotJson(415, _("send the subscription as application/json"))
    try:
        return json.loads(request.body)
    except (UnicodeDecodeError, ValueError) as error:
        raise _NotJson(400, _("the body is not valid JSON")) from error


class _NotJson(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@login_required
@require_GET
def public_key(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"key": keys.public_key()})


@login_required
@require_POST
def save_subscription(request: HttpRequest) -> JsonResponse:
    try:
        body = _json_body(request)
        row = subscribe(
            user=request.user,  # type: ignore[arg-type]
            body=body,
            label=request.headers.get("User-Agent", "")[:120],
            now=timezone.now(),
        )
    except _NotJson as error:
        return _problem(error.status, "body", error.message)
    except FieldError as error:
        return _problem(422, error.field, error.message)
    return JsonResponse({"subscribed": True, "id": row.pk}, status=201)


@login_required
@require_POST
def remove_subscription(request: HttpRequest) -> JsonResponse:
    try:
        body = _json_body(request)
        removed = unsubscribe(
            user=request.user,  # type: ignore[arg-type]
            endpoint=body.get("endpoint") if isinstance(body, dict) else None,
        )
    except _NotJson as error:
        return _problem(error.status, "body", error.message)
    except FieldError as error:
        return _problem(422, error.field, error.message)
    return JsonResponse({"removed": removed})
