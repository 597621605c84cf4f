"""The daily check-in page (/checkin/): under 30 seconds on a phone, one per day, editable
that day. Works without JavaScript; with it, the body picture replaces the extent buttons.

A "worse" answer leads to the full red-flag questions (``?kind=after_worse``). The patient's
own triggers are added and removed from the same form (the Add and Remove buttons), keeping
the answers already given on the page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from piri.accounts.access import own_patient
from piri.accounts.models import Patient
from piri.domain.errors import FieldError
from piri.program.models import CheckIn
from piri.program.models.checkins import OWN_TRIGGER_NAME_MAX
from piri.program.services.checkins import (
    OWN_PREFIX,
    OWN_TRIGGERS_MAX,
    SITTING_BANDS,
    add_own_trigger,
    own_triggers,
    record_checkin,
    remove_own_trigger,
    session_yesterday,
    sitting_band,
    todays_checkin,
    trigger_choices,
)
from piri.program.services.history import local_today
from piri.program.services.plans import current_prescription
from piri.program.services.protocol import active_protocol

PAIN_CHOICES = [(str(n), str(n)) for n in range(11)]
PAIN_ERRORS = {
    "required": gettext_lazy("Choose a number from 0 to 10."),
    "invalid_choice": gettext_lazy("Choose a whole number from 0 to 10."),
}
EXTENT_CHOICES = [
    ("none", gettext_lazy("None at all")),
    ("buttock", gettext_lazy("Buttock")),
    ("thigh", gettext_lazy("Back of thigh")),
    ("below_knee", gettext_lazy("Below the knee")),
    ("foot", gettext_lazy("Foot")),
]
CHANGE_CHOICES = [
    ("better", gettext_lazy("Better")),
    ("same", gettext_lazy("Same")),
    ("worse", gettext_lazy("Worse")),
]
YES_NO = [("no", gettext_lazy("No")), ("yes", gettext_lazy("Yes"))]


def _pain_field(label: Any, *, required: bool) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=PAIN_CHOICES,
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        error_messages=PAIN_ERRORS,
    )


class CheckinForm(forms.Form):
    day = forms.DateField(required=False, widget=forms.HiddenInput)
    pain_now = _pain_field(gettext_lazy("Pain right now"), required=True)
    pain_average = _pain_field(gettext_lazy("Average pain over the last 24 hours"), required=True)
    next_morning = _pain_field(gettext_lazy("Pain when you woke up today"), required=False)
    new_stiffness = forms.TypedChoiceField(
        label=gettext_lazy("Stiffer than usual when you woke up?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Answer yes or no.")},
    )
    extent = forms.ChoiceField(
        label=gettext_lazy("How far down your leg does numbness or tingling reach today?"),
        choices=EXTENT_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the places listed.")},
    )
    sitting_minutes = forms.TypedChoiceField(
        label=gettext_lazy("How long can you sit before the pain makes you move?"),
        choices=[(str(band.minutes), band.label) for band in SITTING_BANDS],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the times listed.")},
    )
    triggers = forms.MultipleChoiceField(
        label=gettext_lazy("Which of these did you meet today?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Tick only triggers from the list.")},
    )
    new_trigger = forms.CharField(
        label=gettext_lazy("Add a trigger of your own"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": OWN_TRIGGER_NAME_MAX, "autocomplete": "off"}),
    )
    change = forms.ChoiceField(
        label=gettext_lazy("Overall, compared with a few days ago, are you…"),
        choices=CHANGE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose better, same or worse.")},
    )

    def __init__(
        self,
        *args: Any,
        triggers: list[tuple[str, str]],
        morning_required: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["triggers"].choices = triggers  # type: ignore[attr-defined]
        for name in ("next_morning", "new_stiffness"):
            self.fields[name].required = morning_required
        if morning_required:
            self.fields["next_morning"].error_messages["required"] = _(
                "After a session day, say how your pain was when you woke up."
            )

    def morning_answered(self) -> bool:
        return any(
            self[name].value() not in (None, "") for name in ("next_morning", "new_stiffness")
        )


def _initial_from_row(row: CheckIn | None) -> dict[str, Any]:
    if row is None:
        return {}
    band = sitting_band(row.sitting_minutes)
    stiff = None if row.new_stiffness is None else ("yes" if row.new_stiffness else "no")
    return {
        "pain_now": row.pain_now,
        "pain_average": row.pain_average,
        "next_morning": row.next_morning,
        "new_stiffness": stiff,
        "extent": row.extent or None,
        "sitting_minutes": band.minutes if band else None,
        "triggers": list(row.triggers or []),
        "change": row.change or ("worse" if row.worse else None),
    }


def _initial_from_post(post: QueryDict) -> dict[str, Any]:
    """The answers on a page that was posted for something else (adding a trigger)."""
    initial: dict[str, Any] = {
        name: post.get(name)
        for name in (
            "pain_now",
            "pain_average",
            "next_morning",
            "new_stiffness",
            "extent",
            "sitting_minutes",
            "change",
        )
    }
    initial["triggers"] = post.getlist("triggers")
    return initial


def _form_field(error: FieldError) -> str | None:
    field = error.field.split(".")[0]
    if field == "name":
        return "new_trigger"
    if field == "day" or field not in CheckinForm.base_fields:
        return None
    return field


class _Page:
    """What every rendering of the page needs."""

    def __init__(self, request: HttpRequest, patient: Patient) -> None:
        self.request = request
        self.patient = patient
        self.protocol = active_protocol()
        self.now = timezone.now()
        self.today = local_today(patient, now=self.now)
        self.row = todays_checkin(patient, now=self.now)
        self.morning_relevant = session_yesterday(patient, now=self.now)

    def form(
        self, data: QueryDict | None = None, *, initial: dict[str, Any] | None = None
    ) -> CheckinForm:
        return CheckinForm(
            data,
            initial=initial if initial is not None else _initial_from_row(self.row),
            triggers=trigger_choices(self.patient, protocol=self.protocol),
            morning_required=self.morning_relevant,
        )

    def render(
        self, form: CheckinForm, *, status: int = 200, trigger_error: str = ""
    ) -> HttpResponse:
        prescription = current_prescription(self.patient)
        mine = own_triggers(self.patient)
        context = {
            "form": form,
            "today": self.today,
            "done": self.row is not None and self.row.pain_now is not None,
            "morning_relevant": self.morning_relevant,
            "morning_open": self.morning_relevant
            or form.morning_answered()
            or bool(form.errors.get("next_morning") or form.errors.get("new_stiffness")),
            "leg": prescription.sides if prescription and prescription.sides == "left" else "right",
            "own_triggers": mine,
            "own_full": len(mine) >= OWN_TRIGGERS_MAX,
            "own_max": OWN_TRIGGERS_MAX,
            "trigger_error": trigger_error,
            "error_fields": [
                (name, form[name].label if name in form.fields else "", errors)
                for name, errors in form.errors.items()
            ],
        }
        return render(self.request, "piri/checkin.html", context, status=status)


def _add_trigger(page: _Page) -> HttpResponse:
    post = page.request.POST
    initial = _initial_from_post(post)
    try:
        trigger = add_own_trigger(page.patient, post.get("new_trigger", ""))
    except FieldError as error:
        initial["new_trigger"] = post.get("new_trigger", "")
        return page.render(page.form(initial=initial), status=422, trigger_error=error.message)
    initial["triggers"] = [*initial["triggers"], OWN_PREFIX + trigger.name]
    messages.success(
        page.request,
        _("“%(name)s” is on your list, ticked for today. Remember to save.")
        % {"name": trigger.name},
    )
    return page.render(page.form(initial=initial))


def _remove_trigger(page: _Page) -> HttpResponse:
    post = page.request.POST
    name = post.get("remove_trigger", "")
    initial = _initial_from_post(post)
    initial["triggers"] = [t for t in initial["triggers"] if t != OWN_PREFIX + name]
    if remove_own_trigger(page.patient, name):
        messages.success(
            page.request,
            _("“%(name)s” is off your list. Check-ins already saved keep it.") % {"name": name},
        )
    return page.render(page.form(initial=initial))


def _save(page: _Page) -> HttpResponse:
    form = page.form(page.request.POST)
    if not form.is_valid():
        return page.render(form, status=422)
    data = form.cleaned_data
    day: date = data["day"] or page.today
    try:
        with transaction.atomic():
            met = list(data["triggers"])
            if data["new_trigger"]:
                trigger = add_own_trigger(page.patient, data["new_trigger"])
                met.append(OWN_PREFIX + trigger.name)
            row, _created = record_checkin(
                page.patient,
                day=day,
                protocol=page.protocol,
                pain_now=data["pain_now"],
                pain_average=data["pain_average"],
                next_morning=data["next_morning"],
                new_stiffness=data["new_stiffness"],
                extent=data["extent"] or None,
                sitting_minutes=data["sitting_minutes"],
                triggers=met,
                change=data["change"],
                now=page.now,
            )
    except FieldError as error:
        field = _form_field(error)
        message = error.message
        if error.field == "day":
            message = f"{message} " + _(
                "This page was for %(day)s. Check your answers, then save them for today."
            ) % {"day": day.isoformat()}
        form.add_error(field, message)
        return page.render(form, status=422)
    if row.worse:
        messages.info(
            page.request,
            _("Your check-in is saved. Because you feel worse, please answer these questions."),
        )
        return redirect(f"{reverse('safety-check')}?kind=after_worse")
    messages.success(page.request, _("Thanks, today’s check-in is saved."))
    return redirect("home")


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    page = _Page(request, own_patient(request.user))
    if request.method == "GET":
        return page.render(page.form())
    if "add_trigger" in request.POST:
        return _add_trigger(page)
    if "remove_trigger" in request.POST:
        return _remove_trigger(page)
    return _save(page)
