"""Two-factor sign-in a clinic requires of its staff, enforced in this one place.

A clinic may require two-factor sign-in of its staff (``Clinic.staff_two_factor_required``).
A person with a current clinician or clinic-admin membership of such a clinic who has neither an
authenticator app nor a passkey (allauth.mfa) is led to the app's set-up page (which offers a
passkey instead), with a message, from every page but the set-up itself and their own account
pages, signing out and the static files: the triage dashboard, the patient pages, the requests,
the reports and exports, the admin and the rest. The JSON API answers 403 with the same words.
So no patient data is shown until it is set up, whatever the route; new routes are covered
without a change here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from piri.accounts.backends import TWO_FACTOR_ATTRIBUTE
from piri.accounts.models import StaffMembership, User

SETUP_ROUTE = "mfa_activate_totp"  # its page offers a passkey instead
# Either counts as the second step; recovery codes alone do not (they only stand in for one).
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
# Route names open to such a person: signing in and out, their own account pages (allauth's
# account_* and mfa_* pages: email, password, re-typing the password, two-factor set-up).
OPEN_ROUTES = frozenset({"login", "logout", "healthz"})
OPEN_PREFIXES = ("account_", "mfa_")


def requires_two_factor(user: Any) -> bool:
    """True when ``user`` works now in a clinic that requires two-factor sign-in of its staff."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    known = getattr(user, TWO_FACTOR_ATTRIBUTE, None)  # read with the person
    if known is not None:
        return bool(known)
    return StaffMembership.objects.filter(
        user=user, ended_at__isnull=True, clinic__staff_two_factor_required=True
    ).exists()


def missing_two_factor(user: Any) -> bool:
    """True when ``user``'s clinic requires two-factor sign-in and they have not set it up."""
    return requires_two_factor(user) and not is_mfa_enabled(user, SECOND_FACTORS)


def _open(request: HttpRequest) -> bool:
    if request.path_info.startswith("/static/"):
        return True
    try:
        # the full name: the admin's own "login" or "account_emailaddress_changelist" are
        # "admin:…", never open here
        name = resolve(request.path_info).view_name
    except Resolver404:
        return True  # nothing there: the 404 shows no data
    return name in OPEN_ROUTES or name.startswith(OPEN_PREFIXES)


class StaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # the open routes first: /healthz is answered without loading the session or the person
        if _open(request) or not request.user.is_authenticated:
            return self.get_response(request)
        if not missing_two_factor(request.user):
            return self.get_response(request)
        words = _(
            "Your clinic asks its staff to use two-factor sign-in. Set up an authenticator "
            "app or a passkey to go on."
        )
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": words, "see": "/account/2fa/totp/activate/"}, status=403)
        messages.warning(request, words)
        return redirect(SETUP_ROUTE)
