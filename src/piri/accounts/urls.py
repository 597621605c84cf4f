"""Signing up, in and out at the top (``/signup/``, ``/login/``, ``/logout/``), and the rest of
django-allauth's account pages under ``/account/`` (email addresses, password reset and
change, email verification). Each of the three top pages carries allauth's name too
(``account_login``…), which allauth's own pages and emails use."""

from allauth.account import urls as allauth_urls
from allauth.mfa import urls as mfa_urls
from allauth.mfa.webauthn import urls as webauthn_urls
from django.urls import URLPattern, URLResolver, include, path

import piri.converters  # noqa: F401  (registers <id:…>)
from piri.accounts import leaving_views, views

AT_THE_TOP = {"account_login", "account_signup", "account_logout"}
# Signing in by a code (sent by email) is not offered, nor are its re-authentication pages.
NOT_OFFERED = {
    "account_confirm_login_code",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
}

account_pages: list[URLPattern | URLResolver] = [
    p for p in allauth_urls.urlpatterns if getattr(p, "name", None) not in AT_THE_TOP | NOT_OFFERED
]


def _two_factor_pages() -> list[URLPattern | URLResolver]:
    """allauth.mfa's pages, with a passkey's id read by the 64-bit id converter instead of
    ``<int:pk>`` (an id beyond 64 bits is a plain 404, never a database error)."""
    webauthn: list[URLPattern | URLResolver] = []
    for entry in webauthn_urls.urlpatterns:
        if isinstance(entry, URLResolver) and str(entry.pattern) == "keys/<int:pk>/":
            entry = path("keys/<id:pk>/", include(entry.url_patterns))
        webauthn.append(entry)
    pages = [entry for entry in mfa_urls.urlpatterns if str(entry.pattern) != "webauthn/"]
    return [*pages, path("webauthn/", include(webauthn))]


urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    # the same pages under allauth's names (never reached by these patterns: the ones above
    # answer first)
    path("signup/", views.signup, name="account_signup"),
    path("login/", views.login, name="account_login"),
    path("logout/", views.logout, name="account_logout"),
    path("account/delete/", leaving_views.delete, name="account-delete"),
    path("account/", include(account_pages)),
    # two-factor sign-in: an authenticator app and recovery codes (allauth.mfa)
    path("account/2fa/", include(_two_factor_pages())),
]
