"""Onboarding: the patient's answers that set up their program (the first prescription, or
a changed one). Views translate HTTP; services do the work."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from piri.accounts.access import own_patient
from piri.accounts.forms import OnboardingForm
from piri.program.measure_forms import ActivitiesForm
from piri.program.services.activities import current_activities, name_activities, slot_id
from piri.program.services.onboarding import onboard
from piri.program.services.plans import current_prescription
from piri.program.services.protocol import active_protocol


@login_required
@require_http_methods(["GET", "POST"])
def onboarding(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    current = current_prescription(patient)
    initial = {
        "weekly_target": patient.weekly_target,
        "time_zone": patient.time_zone,
        "tools": patient.massage_tools,
        "floor_ok": "yes" if patient.floor_ok else "no",
        "baseline_pain": patient.baseline_pain,
        "sides": current.sides if current is not None else None,
    }
    form = OnboardingForm(request.POST or None, initial=initial)
    named = {slot_id(a.slot): a.name for a in current_activities(patient)}
    activities = ActivitiesForm(request.POST or None, initial=named, optional=True, prefix="a")
    valid = all([form.is_valid(), activities.is_valid()])  # both run: every error shows
    if request.method == "POST" and valid:
        with transaction.atomic():
            now = timezone.now()
            onboard(patient, protocol=active_protocol(), now=now, **form.cleaned_data)
            if activities.names:
                name_activities(patient, activities.names, now=now)
        if current is None:
            return redirect(f"{reverse('safety-check')}?kind=onboarding")
        return redirect("home")
    context = {"form": form, "activities_form": activities, "first_time": current is None}
    errors = form.errors or activities.errors
    return render(request, "piri/onboarding.html", context, status=400 if errors else 200)
