"""Sending a notification to every browser a person subscribed (pywebpush: the payload
encrypted for each subscription, aes128gcm, and signed with Piri's VAPID key).

The words are the caller's: they may show on a lock screen, so no health details
(``docs/decisions/0019-web-push.md``). A subscription the push service says is gone (404,
410) is removed; any other failure counts against it and, when no device got the message,
raises ``PushRetry`` so the job that sent it is tried again later.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime

import requests
from django.db.models import F
from pywebpush import WebPushException, webpush

from piri.push import keys
from piri.push.models import PushSubscription

log = logging.getLogger(__name__)
TIMEOUT_S = 5.0
GONE = frozenset({404, 410})


@dataclass(frozen=True, slots=True)
class PushMessage:
    title: str
    body: str
    url: str  # where a tap opens
    tag: str  # a newer notification with the same tag replaces the older one
    stop_url: str | None = None  # a "Stop reminders" action posts here
    ttl: int = 3600  # seconds the push service keeps it for an offline device
    urgency: str = "normal"  # RFC 8030: very-low, low, normal, high


@dataclass(frozen=True, slots=True)
class PushOutcome:
    sent: int = 0
    removed: int = 0
    failed: int = 0


class PushRetry(Exception):
    """No device got the message and at least one failure may pass: try again later."""


def payload(message: PushMessage) -> str:
    """What the service worker's push handler reads."""
    fields = asdict(message)
    return json.dumps({k: fields[k] for k in ("title", "body", "url", "tag", "stop_url")})


def send_push(*, user_id: int, message: PushMessage, now: datetime) -> PushOutcome:
    sent = removed = failed = 0
    data = payload(message)
    for subscription in PushSubscription.objects.filter(user_id=user_id).order_by("pk"):
        try:
            webpush(
                subscription_info=subscription.info(),
                data=data,
                vapid_private_key=keys.vapid(),
                vapid_claims={"sub": keys.subject()},  # a new dict: pywebpush adds aud and exp
                ttl=message.ttl,
                headers={"Urgency": message.urgency},
                timeout=TIMEOUT_S,
            )
        except WebPushException as error:
            status = getattr(error.response, "status_code", None)
            if status in GONE:
                subscription.delete()
                removed += 1
                continue
            log.warning("push to subscription %s failed: %s", subscription.pk, status or error)
            PushSubscription.objects.filter(pk=subscription.pk).update(failures=F("failures") + 1)
            failed += 1
        except requests.RequestException as error:
            log.warning("push to subscription %s failed: %s", subscription.pk, error)
            PushSubscription.objects.filter(pk=subscription.pk).update(failures=F("failures") + 1)
            failed += 1
        else:
            PushSubscription.objects.filter(pk=subscription.pk).update(
                last_success_at=now, failures=0
            )
            sent += 1
    if failed and not sent:
        raise PushRetry(f"{failed} device(s) could not be reached")
    return PushOutcome(sent=sent, removed=removed, failed=failed)
