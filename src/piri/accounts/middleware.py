"""Dates and times on every page are shown in the signed-in patient's own time zone."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone


class PatientTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        patient = getattr(request.user, "patient", None) if request.user.is_authenticated else None
        if patient is not None:
            timezone.activate(patient.zone)
        else:
            timezone.deactivate()
        return self.get_response(request)
