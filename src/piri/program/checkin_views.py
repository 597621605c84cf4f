"""The morning check on the home page: pain on waking after a session day."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
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
    worse = forms.TypedChoiceField(
        label=gettext_lazy("Overall, compared with a few days ago, are you…"),
        choices=[
            ("better", gettext_lazy("Better")),
            ("same", gettext_lazy("About the same")),
            ("worse", gettext_lazy("Worse")),
        ],
        coerce=lambda value: value == "worse",
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
    checkin = record_morning(patient, **form.cleaned_data)
    messages.success(request, _("Thanks, your morning answer is saved."))
    if checkin.worse:
        return redirect(f"{reverse('safety-check')}?kind=after_worse")
    return redirect("home")
