"""Browser tests' helpers that are not about the player: a signed-in browser context, and
tapping a form's answer as a finger would."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page

from piri.accounts.models import User
from tests.factories.people import signed_in


def signed_in_context(browser: Browser, user: User, app_url: str, **args: Any) -> BrowserContext:
    """A new browser context (``args`` as for ``browser.new_context``) holding a real
    signed-in session cookie for ``user``."""
    context = browser.new_context(**args)
    cookie = signed_in(user).cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": app_url}]
    )
    return context


def tap(page: Page, question: str, answer: str) -> None:
    """Tap one answer (a radio pill or a tick box) of the question with the id ``q-<question>``:
    its label, the whole pill, as a finger would."""
    field = page.locator(f"#q-{question}").get_by_label(answer, exact=True)
    page.locator(f"label[for='{field.get_attribute('id')}']").click()


def open_menu(page: Page) -> None:
    """On a phone the header's links are behind the "Menu" button (nav.js): open it."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
        menu.click()
