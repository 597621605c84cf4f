"""Signing up, in and out at the top (``/signup/``, ``/login/``, ``/logout/``), and the rest of
django-allauth's account pages under ``/account/`` (email addresses, password reset and
change, email verification). Each of the three top pages carries allauth's name too
(``account_login``…), which allauth's own pages and emails use."""

from allauth.account import urls as allauth_urls
from django.urls import URLPattern, URLResolver, include, path

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
    path("account/2fa/", include("allauth.mfa.urls")),
]
