"""Installable, and offline from a cold start (docs/decisions/0015-service-worker.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from piri.accounts.models import Patient
from piri.program.models import ExerciseSession
from tests.e2e.browser_helpers import signed_in_context
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.player_helpers import OUTBOX, finish, open_player, skip_until, start
from tests.factories.people import signed_in
from tests.factories.program import flag

READY = "html[data-offline-ready=true]"
WORKERS = {"service_workers": "allow"}  # blocked in the other browser tests (conftest.py)
BANNER = "You are offline: your session will be sent when you are back online."


def _context(
    browser: Browser, patient: Patient, app_url: str, args: dict[str, Any]
) -> BrowserContext:
    return signed_in_context(browser, patient.user, app_url, **{**args, **WORKERS})


def _visit_once_online(context: BrowserContext, app_url: str) -> Page:
    """The first online visit: the session page (after the safety questions), until the
    service worker has installed and kept the pages."""
    page = context.new_page()
    open_player(page, app_url, fake_clock=False)
    expect(page.locator(READY)).to_have_count(1)
    return page


def test_installable_and_a_session_done_offline_from_a_cold_start_is_sent_once(
    playwright: Playwright,
    app_url: str,
    e2e_patient: Patient,
    browser_context_args: dict[str, Any],
    tmp_path: Path,
) -> None:
    # A profile on disk, as on a phone: Chromium never offers to install from an incognito
    # context (Playwright's usual one), and says so as an installability error.
    context = playwright.chromium.launch_persistent_context(
        tmp_path / "profile",
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        **{**browser_context_args, **WORKERS},
    )
    cookie = signed_in(e2e_patient.user).cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": app_url}]
    )
    page = _visit_once_online(context, app_url)
    cdp = context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    manifest = page.request.get(f"{app_url}/static/piri/manifest.webmanifest").json()
    assert {i["purpose"] for i in manifest["icons"]} == {"any", "maskable"}
    page.close()

    context.set_offline(True)
    page = context.new_page()
    plan = open_player(page, app_url)  # no network at all: the kept page and files
    expect(page.get_by_role("status").filter(has_text=BANNER)).to_be_visible()
    start(page)
    skip_until(page, plan, "session.finish")
    finish(page, pain=2, helped=plan["helped_options"][0]["id"])
    expect(page.locator("#save-state")).to_have_text("Offline — will send when you are back online")
    assert ExerciseSession.objects.count() == 0
    page.close()

    context.set_offline(False)
    page = context.new_page()
    page.goto(f"{app_url}/learn/")
    expect(page.get_by_role("status").filter(has_text=BANNER)).to_be_hidden()
    expect(page.locator(READY)).to_have_count(1)  # the worker has refreshed the kept pages
    page.wait_for_function(
        f"async () => (await (await import('{OUTBOX}')).waitingReports()).length === 0"
    )
    assert ExerciseSession.objects.filter(patient=e2e_patient).count() == 1
    context.close()


def test_the_how_to_pages_open_offline(
    browser: Browser, app_url: str, e2e_patient: Patient, browser_context_args: dict[str, Any]
) -> None:
    context = _context(browser, e2e_patient, app_url, browser_context_args)
    _visit_once_online(context, app_url).close()
    context.set_offline(True)
    page = context.new_page()
    page.goto(f"{app_url}/learn/")
    link = page.locator(".howto-links a").first
    name = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    context.close()


def test_a_new_version_takes_over_and_old_caches_go(
    browser: Browser,
    app_url: str,
    e2e_patient: Patient,
    browser_context_args: dict[str, Any],
    settings: Any,
) -> None:
    context = _context(browser, e2e_patient, app_url, browser_context_args)
    page = _visit_once_online(context, app_url)
    old = page.evaluate("document.documentElement.dataset.swVersion")
    page.goto(f"{app_url}/learn/")
    expect(page.locator(READY)).to_have_count(1)

    settings.PIRI_SW_VERSION = "next-version"
    page.reload()
    # the new worker installs (precaching every static file), takes over, and the page reloads
    page.wait_for_function(
        "() => document.documentElement.dataset.swVersion === 'next-version'", timeout=60_000
    )
    controller = page.evaluate(
        """() => new Promise((resolve) => {
            const channel = new MessageChannel();
            channel.port1.onmessage = (event) => resolve(event.data.version);
            navigator.serviceWorker.controller.postMessage({ type: 'version' }, [channel.port2]);
        })"""
    )
    assert controller == "next-version"
    page.wait_for_function(
        "async (old) => (await caches.keys()).every((n) => !n.includes(old))", arg=old
    )
    names = page.evaluate("caches.keys()")
    assert "piri-static-next-version" in names
    assert not [n for n in names if old in n]
    context.close()


def test_a_locked_patients_kept_session_page_does_not_start(
    browser: Browser, app_url: str, e2e_patient: Patient, browser_context_args: dict[str, Any]
) -> None:
    context = _context(browser, e2e_patient, app_url, browser_context_args)
    page = _visit_once_online(context, app_url)
    flag(e2e_patient, "E")  # an emergency answer recorded elsewhere (another device)
    # any answer of the app now says 423 (or leads to the emergency screen)
    status = page.evaluate("async () => (await fetch('/api/v1/sessions')).status")
    assert status == 423
    page.close()

    context.set_offline(True)
    page = context.new_page()
    page.goto(f"{app_url}/session/")
    expect(page.get_by_text("Piri is locked until a clinician has seen you")).to_be_visible()
    expect(page.get_by_role("button", name="Start", exact=True)).to_have_count(0)
    expect(page.locator("#player")).to_have_count(0)

    # online again, the emergency screen; offline after it, still locked
    context.set_offline(False)
    page.goto(f"{app_url}/session/")
    expect(page).to_have_url(f"{app_url}/safety/emergency/")
    context.set_offline(True)
    page.goto(f"{app_url}/learn/")
    expect(page.get_by_role("alert").filter(has_text="Call 999, 112 or 911 now")).to_be_visible()
    expect(page.get_by_role("button", name="Start", exact=True)).to_have_count(0)
    context.close()


def test_the_session_page_guards_itself_when_a_lock_is_known(
    browser: Browser, app_url: str, e2e_patient: Patient, browser_context_args: dict[str, Any]
) -> None:
    """Belt and braces: a kept session page checks the last known tier before it can start."""
    context = _context(browser, e2e_patient, app_url, browser_context_args)
    page = _visit_once_online(context, app_url)
    page.evaluate(
        """async () => (await caches.open('piri-state')).put('/__piri/safety-tier',
            new Response('U'))"""
    )
    page.close()
    context.set_offline(True)
    page = context.new_page()
    page.goto(f"{app_url}/session/")
    expect(
        page.get_by_text("Your exercises are paused until a clinician has seen you")
    ).to_be_visible()
    expect(page.locator("#player")).to_have_count(0)
    context.close()
