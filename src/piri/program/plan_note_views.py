"""The patient ticks off 'your specialist changed your plan' (POST /plan/changes/seen/)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from piri.accounts.access import own_patient
from piri.program.services.plan_notes import acknowledge


@login_required
@require_POST
def seen(request: HttpRequest) -> HttpResponse:
    acknowledge(own_patient(request.user), now=timezone.now())
    return redirect("home")
