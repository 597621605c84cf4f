from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

from piri.accounts.models import Patient
from tests.factories.people import make_patient, signed_in


@pytest.fixture
def patient(db: None) -> Patient:
    return make_patient(username="alex")


@pytest.fixture
def patient_client(patient: Patient) -> Client:
    return signed_in(patient.user)


@pytest.fixture(autouse=True)
def no_rate_limits_left_over() -> None:
    """django-allauth counts emails sent and sign-ups in the cache (local memory, one per
    process): each test starts with none counted, as on a fresh server."""
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing() -> Iterator[None]:
    """Argon2 is deliberately slow; tests hash many passwords (the app's own setting is
    checked in test_settings). For the whole run, so that data built once for a module
    (``tests.db``) is hashed fast too."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def _static_files_key(middleware: WhiteNoiseMiddleware) -> str:
    """Everything the table of static files depends on: where the finders look, and how
    WhiteNoise is set up (a test that changes any of it gets a table of its own)."""
    s = django_settings
    whitenoise = {k: getattr(s, k) for k in dir(s) if k.startswith("WHITENOISE_")}
    return repr(
        (
            s.INSTALLED_APPS,
            s.STATICFILES_DIRS,
            s.STATICFILES_FINDERS,
            s.STORAGES,
            sorted(whitenoise.items()),
            middleware.static_prefix,
            middleware.max_age,
            middleware.allow_all_origins,
            middleware.charset,
            middleware.index_file,
        )
    )


@pytest.fixture(autouse=True, scope="session")
def static_files_scanned_once() -> Iterator[None]:
    """WhiteNoise's middleware lists and stats every static file (Django's admin's too) each
    time it is made, and Django's test ``Client`` makes its own middleware: some 30 ms per
    client, for the same table each time. Scan once per set-up and hand later middleware the
    same (read-only) table; what a request gets is unchanged."""
    scan = WhiteNoiseMiddleware.add_files_from_finders
    tables: dict[str, dict[str, Any]] = {}

    def add_files_from_finders(self: WhiteNoiseMiddleware) -> None:
        key = _static_files_key(self)
        if key not in tables:
            before = dict(self.files)
            scan(self)
            tables[key] = {url: f for url, f in self.files.items() if before.get(url) is not f}
        self.files.update(tables[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WhiteNoiseMiddleware, "add_files_from_finders", add_files_from_finders)
        yield
