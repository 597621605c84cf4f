"""Security: sign-in throttling, headers on every page, no inline scripts, and a clean
`piri check --deploy` under the production settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.cli import piri, piri_process, settings_made_from
from tests.factories.people import PASSWORD, make_patient, signed_in


def sign_in(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(db, settings):
    patient = make_patient(username="kim")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "kim", "wrong-password").status_code == 200
    last_wrong = sign_in(client, "kim", "wrong-password")
    assert last_wrong.status_code == 429
    locked = sign_in(client, "kim", PASSWORD)
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Signing in is paused for this account" in text
    assert "Try again in 15 minutes" in text
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code in (200, 302)  # the welcome page, not signed in
    assert patient.user.pk  # the account itself is untouched


def test_a_right_password_before_the_limit_signs_in_and_resets_the_count(db, settings):
    make_patient(username="lee")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "lee", "wrong-password")
    assert sign_in(client, "lee", PASSWORD).status_code == 302
    other = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(other, "lee", "wrong-password").status_code == 200


def test_the_admin_sign_in_is_throttled_too(db, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "root", "password": "guess"})
    assert client.post("/admin/login/", {"username": "root", "password": "x"}).status_code == 429


@pytest.mark.parametrize("url", ["/", "/clinics/", "/clinics/access-log/", "/clinics/join/"])
def test_pages_send_the_security_headers_and_no_inline_script(db, url):
    response = signed_in(make_patient().user).get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    html = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert all("src=" in attrs or "application/json" in attrs for attrs in scripts), scripts
    assert "<style" not in html and " style=" not in html and "onclick" not in html


def test_the_session_cookie_is_http_only_and_same_site(db):
    client = Client()
    make_patient(username="ana")
    sign_in(client, "ana", PASSWORD)
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


DEPLOY_CHECK = ("check", "--deploy", "--fail-level", "WARNING")


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A production environment: nothing of the test run's own PIRI_* or DJANGO_* settings
    (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which the deploy check rightly flags)."""
    return {
        "PIRI_DATA_DIR": str(tmp_path),
        "PIRI_SECRET_KEY": "a-long-random-production-secret-" + "x7Kq9!" * 10,
        "PIRI_ALLOWED_HOSTS": "piri.example.org",
        **extra,
    }


def test_the_deploy_check_is_clean_under_the_production_settings(tmp_path):
    """The smoke test of ``piri check``, in a fresh interpreter with the production settings."""
    env = production_env(tmp_path, PIRI_HTTPS="1", PIRI_PROXY_SSL_HEADER="1")
    result = piri_process(*DEPLOY_CHECK, data_dir=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_https_the_deploy_check_names_what_is_missing(tmp_path, settings):
    # the settings piri.settings makes from that environment alone, in force for this test
    # (the database stays the test database: the deploy check does not open it)
    for name, value in settings_made_from(production_env(tmp_path)).items():
        if name != "DATABASES" and getattr(settings, name, None) != value:
            setattr(settings, name, value)
    result = piri(*DEPLOY_CHECK)
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr + result.stdout
