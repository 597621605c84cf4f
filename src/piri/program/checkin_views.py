"""The morning check on the home page: pain on waking after a session day."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from piri.program.access import own_patient
from piri.program.services.checkins import record_morning

PAIN_CHOICES = [(str(n), str(n)) for n in range(11)]


class MorningForm(forms.Form):
    next_morning = forms.TypedChoiceField(
        label=gettext_lazy("Pain when you woke up today (0 = none, 10 = worst)"),
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    new_stiffness = forms.TypedChoiceField(
        label=gettext_lazy("Stiffer than usual this morning?"),
        choices=[("no", gettext_lazy("No")), ("yes", gettext_lazy("Yes"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


@login_required
@require_POST
def morning(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    form = MorningForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a pain number and answer the stiffness question."))
        return redirect("home")
    record_morning(patient, **form.cleaned_data)
    messages.success(request, _("Thanks, your morning answer is saved."))
    return redirect("home")
