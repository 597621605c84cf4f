"""Web push (issue 15, decision 0019) with real parts: a push service on 127.0.0.1 that checks
the VAPID signature and decrypts each payload with the subscription's own keys
(``tests/push_service.py``), the app's own client, and the reminders' worker."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from piri.jobs.schedules import fire_due
from piri.jobs.worker import run_due_jobs
from piri.push import keys
from piri.push.models import PushSubscription
from piri.push.send import PushMessage, PushRetry, send_push
from piri.reminders.models import ReminderDelivery
from tests.factories.people import make_patient, signed_in
from tests.factories.reminders import set_reminders
from tests.push_service import PushService, push_service

pytestmark = pytest.mark.django_db

MESSAGE = PushMessage(
    title="Time for your Piri exercises",
    body="Your session is ready when you are.",
    url="https://piri.example/",
    tag="piri-reminder",
    stop_url="https://piri.example/reminders/stop/abc/",
)


@pytest.fixture
def service(settings: Any) -> Iterator[PushService]:
    settings.PIRI_PUSH_ALLOW_LOCAL = True
    with push_service() as running:
        yield running


def _subscribe(client: Client, body: Any, content_type: str = "application/json") -> Any:
    raw = body if isinstance(body, str) else json.dumps(body)
    return client.post("/push/subscriptions", raw, content_type=content_type)


def test_the_key_pair_is_made_once_kept_private_and_read_back_the_same(settings):
    first = Client()
    patient = make_patient()
    key = signed_in(patient.user).get("/push/key").json()["key"]
    path = settings.DATA_DIR / keys.KEY_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    keys._key_at.cache_clear()  # as a restarted server would
    assert keys.public_key() == key
    assert len(keys.b64url(b"x" * 65)) == len(key)  # an uncompressed P-256 point
    assert first.get("/push/key").status_code == 302  # signed out: sign in first


def test_a_browser_subscription_is_stored_for_the_signed_in_person(service):
    patient = make_patient()
    device = service.device("phone")
    response = _subscribe(signed_in(patient.user), device.subscription_json())
    assert response.status_code == 201
    row = PushSubscription.objects.get()
    assert row.user_id == patient.user_id and row.endpoint == device.endpoint


@pytest.mark.parametrize(
    ("change", "status", "field", "says"),
    [
        ({"endpoint": "http://push.example/x"}, 422, "endpoint", "https://"),
        ({"endpoint": 7}, 422, "endpoint", "push service"),
        ({"keys": "none"}, 422, "keys", "p256dh and auth"),
        ({"keys": {"p256dh": "AAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, 422, "keys.p256dh", "65"),
        ({"keys": {"p256dh": None, "auth": "x"}}, 422, "keys.p256dh", "missing"),
        ({"auth": "c2hvcnQ"}, 422, "keys.auth", "16 bytes"),
        ({"auth": "!!"}, 422, "keys.auth", "base64url"),
    ],
)
def test_a_bad_subscription_is_refused_naming_the_field_and_nothing_is_stored(
    settings, change, status, field, says
):
    settings.PIRI_PUSH_ALLOW_LOCAL = False
    body = {
        "endpoint": "https://push.example/abc",
        "keys": {
            "p256dh": _device_point(),
            "auth": keys.b64url(os.urandom(16)),
        },
    }
    if "auth" in change:
        body["keys"]["auth"] = change.pop("auth")
    body.update(change)
    response = _subscribe(signed_in(make_patient().user), body)
    assert response.status_code == status
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", field] and says in problem["msg"]
    assert not PushSubscription.objects.exists()


def _device_point() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    public = ec.generate_private_key(ec.SECP256R1()).public_key()
    raw = public.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return keys.b64url(raw)


@pytest.mark.parametrize(
    ("raw", "content_type", "status"),
    [
        ("garbage", "application/json", 400),
        ("{}", "text/plain", 415),
        ("null", "application/json", 422),
    ],
)
def test_a_body_that_is_not_a_subscription_is_a_4xx(raw, content_type, status):
    response = _subscribe(signed_in(make_patient().user), raw, content_type)
    assert response.status_code == status
    assert response.json()["detail"][0]["msg"]


def test_a_push_arrives_signed_by_piri_and_readable_only_with_the_devices_keys(service):
    patient = make_patient()
    client = signed_in(patient.user)
    phone, laptop = service.device("phone"), service.device("laptop")
    for device in (phone, laptop):
        assert _subscribe(client, device.subscription_json()).status_code == 201
    outcome = send_push(user_id=patient.user_id, message=MESSAGE, now=timezone.now())
    assert (outcome.sent, outcome.removed, outcome.failed) == (2, 0, 0)
    assert service.refused == []
    assert sorted(r.path for r in service.received) == ["/push/laptop", "/push/phone"]
    for received in service.received:
        assert received.vapid_key == keys.public_key()
        assert received.claims["aud"] == service.origin
        assert received.claims["sub"].startswith("mailto:")
        assert received.message == {
            "title": MESSAGE.title,
            "body": MESSAGE.body,
            "url": MESSAGE.url,
            "tag": MESSAGE.tag,
            "stop_url": MESSAGE.stop_url,
        }
        assert {k.lower(): v for k, v in received.headers.items()}["urgency"] == "normal"
    assert PushSubscription.objects.filter(last_success_at__isnull=False).count() == 2


def test_a_device_the_service_says_is_gone_is_forgotten(service):
    patient = make_patient()
    client = signed_in(patient.user)
    gone, kept = service.device("old-phone"), service.device("phone")
    for device in (gone, kept):
        _subscribe(client, device.subscription_json())
    service.answer(gone, 410)
    outcome = send_push(user_id=patient.user_id, message=MESSAGE, now=timezone.now())
    assert (outcome.sent, outcome.removed) == (1, 1)
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [kept.endpoint]


def test_a_failing_service_means_a_retry_and_the_subscription_stays(service):
    patient = make_patient()
    device = service.device("phone")
    _subscribe(signed_in(patient.user), device.subscription_json())
    service.answer(device, 500)
    with pytest.raises(PushRetry):
        send_push(user_id=patient.user_id, message=MESSAGE, now=timezone.now())
    assert PushSubscription.objects.get().failures == 1


def test_nobody_removes_another_persons_subscription(service):
    owner, other = make_patient(), make_patient()
    device = service.device("phone")
    _subscribe(signed_in(owner.user), device.subscription_json())
    response = signed_in(other.user).post(
        "/push/subscriptions/delete",
        json.dumps({"endpoint": device.endpoint}),
        content_type="application/json",
    )
    assert response.json() == {"removed": 0}
    assert PushSubscription.objects.filter(user=owner.user).exists()
    mine = signed_in(owner.user).post(
        "/push/subscriptions/delete",
        json.dumps({"endpoint": device.endpoint}),
        content_type="application/json",
    )
    assert mine.json() == {"removed": 1} and not PushSubscription.objects.exists()


MONDAY = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)  # 13:00 in London
DUE = datetime(2026, 6, 1, 17, 0, tzinfo=UTC)  # 18:00 in London


def test_a_reminder_arrives_as_a_notification_with_a_stop_action(service, settings, monkeypatch):
    settings.PIRI_SITE_URL = "https://piri.example"
    monkeypatch.setattr(timezone, "now", lambda: clock["at"])
    clock = {"at": MONDAY}
    patient = make_patient(now=MONDAY, username="ada")
    device = service.device("phone")
    _subscribe(signed_in(patient.user), device.subscription_json())
    set_reminders(patient, now=MONDAY, channels=("push",))
    for at in (DUE - timedelta(minutes=1), DUE + timedelta(seconds=3)):
        clock["at"] = at
        fire_due(now=at)
        run_due_jobs(now=at)
    [received] = service.received
    assert received.message["title"] == "Time for your Piri exercises"
    assert received.message["stop_url"].startswith("https://piri.example/reminders/stop/")
    assert received.message["url"].startswith("https://piri.example/")
    for health_word in ("pain", "numb", "symptom", "flag"):
        assert health_word not in json.dumps(received.message).lower()
    assert ReminderDelivery.objects.get().outcome == "sent"
