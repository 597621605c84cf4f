"""The service worker shows a pushed reminder as a notification (decision 0019): a push
delivered to the worker through Chromium's DevTools (as a push service's would arrive) becomes
a notification with our words, the tag and the "Stop reminders" action."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Browser, expect

from piri.accounts.models import Patient
from tests.e2e.browser_helpers import signed_in_context

WORKERS = {"service_workers": "allow"}  # blocked in the other browser tests (conftest.py)
NOTIFICATIONS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return (await registration.getNotifications()).map((n) => ({
    title: n.title, body: n.body, tag: n.tag,
    actions: n.actions.map((a) => `${a.action}:${a.title}`),
    url: n.data.url, stop: n.data.stop_url,
  }));
}"""


def test_a_pushed_reminder_shows_as_a_notification_with_a_stop_action(
    browser: Browser, app_url: str, e2e_patient: Patient, browser_context_args: dict[str, Any]
) -> None:
    context = signed_in_context(
        browser, e2e_patient.user, app_url, **{**browser_context_args, **WORKERS}
    )
    context.grant_permissions(["notifications"], origin=app_url)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    registrations: list[dict[str, Any]] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    page.goto(f"{app_url}/reminders/")
    page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    expect(page.get_by_role("button", name="Turn on notifications on this device")).to_be_visible()
    scope = f"{app_url}/"
    for _ in range(50):  # DevTools reports the registration a moment after it is ready
        found = [r for r in registrations if r["scopeURL"] == scope and not r["isDeleted"]]
        if found:
            break
        page.wait_for_timeout(100)
    registration = found[0]
    message = {
        "title": "Time for your Piri exercises",
        "body": "Your session is ready when you are.",
        "url": f"{app_url}/",
        "tag": "piri-reminder",
        "stop_url": f"{app_url}/reminders/stop/token/",
    }
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": app_url,
            "registrationId": registration["registrationId"],
            "data": json.dumps(message),
        },
    )
    shown = None
    for _ in range(100):  # the worker shows it a moment after the push arrives
        shown = page.evaluate(NOTIFICATIONS)
        if shown:
            break
        page.wait_for_timeout(100)
    assert shown == [
        {
            "title": message["title"],
            "body": message["body"],
            "tag": "piri-reminder",
            "actions": ["stop:Stop reminders"],
            "url": message["url"],
            "stop": message["stop_url"],
        }
    ]
    context.close()
