"""Signing up (onboarding, which sets up the program, is ``piri.program.onboarding_views``)."""

from __future__ import annotations

from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from piri.accounts import backends
from piri.accounts.forms import SignUpForm
from piri.accounts.models import Patient


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            Patient.objects.create(user=user)
        login(request, user, backend=backends.PATH)
        return redirect("onboarding")
    return render(request, "piri/signup.html", {"form": form}, status=400 if form.errors else 200)
