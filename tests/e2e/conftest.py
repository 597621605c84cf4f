"""Browser tests: Playwright driving Debian's Chromium against the real app over HTTP."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from piri.accounts.models import Patient
from tests.e2e.browser_helpers import signed_in_context
from tests.factories.people import make_patient

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves (factories, assertions on stored rows) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = next(
    (p for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium") if os.path.exists(p)),
    "/usr/bin/chromium",
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # The service worker (pwa.js, /sw.js) is blocked except in test_pwa.py, which allows it:
    # its background requests would otherwise reach the server after a test has ended.
    return {
        **browser_context_args,
        "viewport": {"width": 360, "height": 740},
        "locale": "en-GB",
        "service_workers": "block",
    }


@pytest.fixture
def app_url(live_server: Any, transactional_db: None) -> str:
    return str(live_server.url)


@pytest.fixture
def e2e_patient(transactional_db: None) -> Patient:
    return make_patient(username="sam", sides="right")


@pytest.fixture
def patient_page(
    browser: Browser, app_url: str, e2e_patient: Patient, browser_context_args: dict[str, Any]
) -> Iterator[Page]:
    context = signed_in_context(browser, e2e_patient.user, app_url, **browser_context_args)
    page = context.new_page()
    yield page
    context.close()
