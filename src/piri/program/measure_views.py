"""The weekly questions (/measures/) and naming activities (/measures/activities/).

One form a week on a phone: compared with last week, pain, the patient's own activities, the
RMDQ and plug-ins when the clinic supplied their words, and the global rating of change.
Answering again in the same week changes that week's answers. A "worse" answer leads to the
full red-flag questions (``?kind=after_worse``), as the daily check-in's does.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from piri.accounts.access import own_patient
from piri.domain.errors import FieldError
from piri.domain.measures.grc import GRC_ID
from piri.domain.measures.psfs import PSFS_ID
from piri.domain.measures.rmdq import RMDQ_ID
from piri.program.measure_forms import ActivitiesForm, WeeklyForm, initial_for
from piri.program.models import WeeklyCheck
from piri.program.services.activities import current_activities, name_activities, slot_id
from piri.program.services.measure_texts import catalog
from piri.program.services.measures import ThisWeek, record_week, this_week


def _render(
    request: HttpRequest, week: ThisWeek, form: WeeklyForm, *, status: int = 200
) -> HttpResponse:
    instruments = catalog()
    offered = form.offered
    plugins = [
        {"offered": offered[i], "fields": [form[name] for name in names]}
        for i, names in form.plugin_fields.items()
    ]
    context = {
        "form": form,
        "week": week,
        "psfs": instruments[PSFS_ID],
        "activity_fields": [form[name] for name in form.activity_fields],
        "rmdq": offered.get(RMDQ_ID),
        "rmdq_name": instruments[RMDQ_ID].name,
        "grc": instruments[GRC_ID],
        "plugins": plugins,
        "error_fields": [
            (name, form[name].label if name in form.fields else "", errors)
            for name, errors in form.errors.items()
        ],
    }
    return render(request, "piri/measures.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def weekly(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    now = timezone.now()
    week = this_week(patient, now=now)
    if request.method == "GET":
        return _render(request, week, WeeklyForm(initial=initial_for(week), week=week))
    form = WeeklyForm(request.POST, week=week)
    if not form.is_valid():
        return _render(request, week, form, status=422)
    given: date | None = form.cleaned_data["week"]
    try:
        check, _rows = record_week(
            patient,
            change=form.cleaned_data["change"],
            answers=form.answers(),
            now=now,
            week=given,
        )
    except FieldError as error:
        message = error.message
        if error.field == "week_start" and given is not None:
            message = f"{message} " + _(
                "This page was for the week of %(day)s. Check your answers, then save them "
                "for this week."
            ) % {"day": given.isoformat()}
        form.add_error(form.field_for(error), message)
        return _render(request, week, form, status=422)
    if check.change == WeeklyCheck.Change.WORSE:
        messages.info(
            request,
            _("Your answers are saved. Because you feel worse, please answer these questions."),
        )
        return redirect(f"{reverse('safety-check')}?kind=after_worse")
    messages.success(request, _("Thanks, this week’s answers are saved."))
    return redirect("home")


@login_required
@require_http_methods(["GET", "POST"])
def activities(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    current = current_activities(patient)
    initial: dict[str, Any] = {slot_id(a.slot): a.name for a in current}
    form = ActivitiesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        name_activities(patient, form.names, now=timezone.now())
        messages.success(request, _("Your activities are saved. Rate them below each week."))
        return redirect("measures")
    context = {"form": form, "renaming": bool(current)}
    return render(
        request, "piri/measures_activities.html", context, status=422 if form.errors else 200
    )
