"""The one place that enforces the red-flag tier in force for a signed-in patient.

Tier E: every page leads to the emergency screen and the API answers 423, whatever the URL;
only the emergency screen itself, signing out, and recording a session done earlier remain.
Tier U: the exercise routes (the session page, new plans) lead to the urgent-care screen.
The tier is lifted only by a recorded clinician review (``services.screening``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from piri.accounts.models import Patient
from piri.program.services.protocol import active_policy
from piri.program.services.screening import safety_state

# (method, route name): "*" is any method. An API path serves several methods under one name.
OPEN_WHEN_LOCKED = frozenset(
    {
        ("*", "safety-emergency"),
        ("*", "logout"),
        ("*", "healthz"),
        ("*", "service-worker"),
        ("POST", "post_session"),
        ("*", "reminders-stop"),  # stopping reminders from a link: never held by a lock
        ("*", "reminders-calendar"),  # the calendar feed: no session, no patient
    }
)
EXERCISE_ROUTES = frozenset({("*", "session"), ("POST", "create_plan")})


def _matches(routes: frozenset[tuple[str, str]], method: str, name: str | None) -> bool:
    return ("*", name) in routes or (method, name) in routes


def _route_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


def _refuse(request: HttpRequest, *, to: str, message: str) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message, "see": to}, status=423)
    return redirect(to)


class SafetyGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/static/"):
            return self.get_response(request)
        name = _route_name(request)
        method = request.method or "GET"
        if _matches(OPEN_WHEN_LOCKED, method, name):
            return self.get_response(request)  # open whatever the tier: no need to look it up
        patient = self._patient(request)
        if patient is None:
            return self.get_response(request)
        state = safety_state(patient, policy=active_policy())
        if state.locked:
            return _refuse(
                request,
                to="/safety/emergency/",
                message=_(
                    "Your answers need emergency care. Piri is locked until a clinician "
                    "has seen you."
                ),
            )
        if state.paused and not state.locked and _matches(EXERCISE_ROUTES, method, name):
            return _refuse(
                request,
                to="/safety/urgent/",
                message=_("Your exercises are paused until a clinician has seen you."),
            )
        return self.get_response(request)

    @staticmethod
    def _patient(request: HttpRequest) -> Patient | None:
        user = request.user
        if not user.is_authenticated:
            return None
        try:
            return user.patient
        except Patient.DoesNotExist:
            return None
