"""Dates and times on every page are shown in the signed-in patient's own time zone.

``/healthz`` shows no times: it is answered without loading the session or the person (a
load balancer's probe with a browser's cookie costs what a signed-out one does)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

NO_LOCAL_TIMES = frozenset({"/healthz"})


class PatientTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info in NO_LOCAL_TIMES:
            timezone.deactivate()
            return self.get_response(request)
        patient = getattr(request.user, "patient", None) if request.user.is_authenticated else None
        if patient is not None:
            timezone.activate(patient.zone)
        else:
            timezone.deactivate()
        return self.get_response(request)
