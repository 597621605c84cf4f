"""Storing and removing a browser's subscription, with its fields checked: every refusal says
which field and why (``docs/decisions/0010-bad-input.md``)."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from piri.accounts.models import User
from piri.domain.errors import FieldError
from piri.push.models import PushSubscription

BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")


def _unb64(value: str, field: str) -> bytes:
    if not BASE64URL.fullmatch(value):
        raise FieldError(field, _("is not base64url"))
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as error:
        raise FieldError(field, _("is not base64url")) from error


def _endpoint(value: Any) -> str:
    if not isinstance(value, str) or not value or len(value) > 1000:
        raise FieldError(
            "endpoint", _("must be the push service's address (up to 1000 characters)")
        )
    parts = urlsplit(value)
    local = parts.scheme == "http" and parts.netloc.split(":")[0] in {"127.0.0.1", "localhost"}
    if parts.scheme == "https" and parts.netloc:
        return value
    if local and getattr(settings, "PIRI_PUSH_ALLOW_LOCAL", False):
        return value
    raise FieldError("endpoint", _("must be an https:// address"))


def _keys(value: Any) -> tuple[str, str]:
    if not isinstance(value, dict):
        raise FieldError("keys", _("must be an object with p256dh and auth"))
    p256dh, auth = value.get("p256dh"), value.get("auth")
    if not isinstance(p256dh, str) or not p256dh:
        raise FieldError("keys.p256dh", _("is missing"))
    if not isinstance(auth, str) or not auth:
        raise FieldError("keys.auth", _("is missing"))
    point = _unb64(p256dh, "keys.p256dh")
    if len(point) != 65 or point[0] != 4:
        raise FieldError("keys.p256dh", _("must be an uncompressed P-256 public key (65 bytes)"))
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError as error:
        raise FieldError("keys.p256dh", _("is not a point on the P-256 curve")) from error
    if len(_unb64(auth, "keys.auth")) != 16:
        raise FieldError("keys.auth", _("must be 16 bytes"))
    return p256dh, auth


def subscribe(*, user: User, body: Any, label: str, now: datetime) -> PushSubscription:
    """Store this browser's subscription for ``user`` (a subscription seen before moves to
    ``user`` with its new keys: one browser, one person signed in at a time)."""
    if not isinstance(body, dict):
        raise FieldError("body", _("must be the JSON of the browser's PushSubscription"))
    endpoint = _endpoint(body.get("endpoint"))
    p256dh, auth = _keys(body.get("keys"))
    with transaction.atomic():
        row, _created = PushSubscription.objects.update_or_create(
            endpoint=endpoint,
            defaults={
                "user": user,
                "p256dh": p256dh,
                "auth": auth,
                "label": label[:120],
                "failures": 0,
            },
            create_defaults={
                "user": user,
                "p256dh": p256dh,
                "auth": auth,
                "label": label[:120],
                "created_at": now,
            },
        )
    return row


def unsubscribe(*, user: User, endpoint: Any) -> int:
    """Remove ``user``'s subscription at ``endpoint`` (another person's is never touched)."""
    if not isinstance(endpoint, str) or not endpoint:
        raise FieldError("endpoint", _("is missing"))
    removed, _rows = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return removed


def subscribed(user: User) -> bool:
    return PushSubscription.objects.filter(user=user).exists()
