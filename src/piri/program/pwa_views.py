"""``GET /sw.js``: the service worker (docs/decisions/0015-service-worker.md).

Served from the root so that its scope covers the whole app, never cached by the browser's
HTTP cache, and rendered with its version and the list of files it keeps on the phone. The
version is a digest of the worker itself and of every static file of the app, so any change to
them installs a new worker that replaces the old caches (``PIRI_SW_VERSION`` overrides it).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from piri.program.services.protocol import active_protocol

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
TEMPLATE = "piri/sw.js"
TEMPLATE_FILE = Path(__file__).resolve().parent.parent / "templates" / TEMPLATE


def _static_names() -> list[str]:
    return sorted(
        p.relative_to(STATIC_DIR).as_posix()
        for p in STATIC_DIR.rglob("*")
        if p.is_file() and p.suffix in {".js", ".css", ".png", ".webmanifest"}
    )


@cache
def _digest() -> str:
    h = hashlib.sha256()
    h.update(TEMPLATE_FILE.read_bytes())
    for name in _static_names():
        h.update(name.encode())
        h.update((STATIC_DIR / name).read_bytes())
    return h.hexdigest()[:16]


def sw_version() -> str:
    return str(getattr(settings, "PIRI_SW_VERSION", "") or _digest())


def _precache() -> list[str]:
    urls: list[str] = []
    for name in _static_names():
        # the page asks for the stored (hashed) name, a module's `import './x.js'` the plain one
        for url in (static(name), f"{settings.STATIC_URL.rstrip('/')}/{name}"):
            url = url if url.startswith("/") else f"/{url}"
            if url not in urls:
                urls.append(url)
    return urls


def _pages() -> list[str]:
    protocol = active_protocol()
    items = [m.id for m in protocol.massage_options] + [e.id for e in protocol.exercises]
    return [
        reverse("home"),
        reverse("dose-history"),
        reverse("learn"),
        *(reverse("learn-item", args=[item]) for item in items),
    ]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    context = {
        "version": mark_safe(json.dumps(sw_version())),
        "precache": mark_safe(json.dumps(_precache())),
        "pages": mark_safe(json.dumps(_pages())),
        "session_url": mark_safe(json.dumps(reverse("session"))),
        "emergency_url": mark_safe(json.dumps(reverse("safety-emergency"))),
        "urgent_url": mark_safe(json.dumps(reverse("safety-urgent"))),
        "login_url": mark_safe(json.dumps(reverse("login"))),
        "static_url": mark_safe(json.dumps(settings.STATIC_URL)),
        "icon": mark_safe(json.dumps(static("piri/icons/icon-192.png"))),
        "stop_title": mark_safe(json.dumps(gettext("Stop reminders"))),
        # the clinic's videos, captions and posters (/videos/): never kept, always the network
        "media_url": mark_safe(
            json.dumps(reverse("clinic-video-file", args=[0]).removesuffix("0/video"))
        ),
    }
    body = get_template(TEMPLATE).render(context, request)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
