from django.conf import settings as django_settings

from piri import settings as piri_settings


def test_passwords_are_hashed_with_argon2_in_the_app() -> None:
    assert piri_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_session_cookie_is_http_only() -> None:
    assert django_settings.SESSION_COOKIE_HTTPONLY
