"""``GET /sw.js``: served from the root for the whole app, never cached, open under a lock."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from piri.program.pwa_views import sw_version
from tests.factories.people import make_patient, signed_in
from tests.factories.program import flag

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_for_the_whole_app() -> None:
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert f'const VERSION = "{sw_version()}";' in body
    assert '"/static/piri/pwa.js"' in body
    assert '"/learn/"' in body
    assert "{{" not in body


def test_the_version_follows_the_setting(settings: Any) -> None:
    settings.PIRI_SW_VERSION = "v-test"
    assert 'const VERSION = "v-test";' in Client().get("/sw.js").content.decode()


def test_a_locked_patient_still_gets_the_worker() -> None:
    patient = make_patient(username="lee")
    flag(patient, "E")
    client = signed_in(patient.user)
    assert client.get("/session/").status_code == 302
    assert client.get("/sw.js").status_code == 200
