"""The patient's "talk to a specialist" pages.

``/specialist/``: their requests (newest activity first, unread replies marked) and the form
for a new one, with a preview of the 14-day summary that will go with it. ``/specialist/<id>/``:
one request's thread, where they reply or close it; opening it marks the clinic's replies read.
A patient without a clinic is offered the next step: joining the home clinic (or choosing
among the clinics that take people without an invite), or a code. Bad input answers 400 with
the page again, what was typed still in the form and the message beside the field; nothing is
stored.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from piri.accounts.access import own_patient
from piri.accounts.invites import current_clinics, open_clinics
from piri.clinic.models import SpecialistRequest
from piri.clinic.models.requests import MESSAGE_MAX_CHARS
from piri.clinic.request_forms import NewRequestForm, ReplyForm, describe_errors
from piri.clinic.request_scope import own_request
from piri.clinic.services import requests as service
from piri.clinic.services.summary14 import summary_for
from piri.clinic.summary_words import summary_words
from piri.clinic.thread_post import answer_thread

PER_PAGE = 20


@login_required
@require_http_methods(["GET", "POST"])
def specialist(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    now = timezone.now()
    clinics = current_clinics(patient)
    form = NewRequestForm(request.POST or None, clinics=clinics)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            req = service.open_request(
                patient,
                topic=form.cleaned_data["topic"],
                message=form.cleaned_data["message"],
                clinic_id=form.cleaned_data.get("clinic"),
                now=now,
            )
        except service.RequestError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("Sent to %(clinic)s. Their reply will show here and on your home page.")
                % {"clinic": req.clinic.name},
            )
            return redirect("specialist-request", request_id=req.pk)
    page = Paginator(service.own_requests(patient), PER_PAGE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "patient": patient,
        "clinics": clinics,
        "clinics_url": reverse("my-clinics"),
        "open_clinics": [] if clinics else open_clinics(),
        "form": describe_errors(form),
        "page": page,
        "preview": summary_words(summary_for(patient, now=now)) if clinics else None,
        "urgent": bool(clinics) and service.is_urgent(patient),
        "emergency_number": settings.PIRI_EMERGENCY_NUMBER,
        "max_chars": MESSAGE_MAX_CHARS,
    }
    return render(request, "piri/clinic/specialist.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def specialist_request(request: HttpRequest, request_id: int) -> HttpResponse:
    req = own_request(request.user, request_id)
    form = ReplyForm()
    status = 200
    if request.method == "POST":
        outcome = answer_thread(
            request,
            req,
            author=req.patient.user,
            from_clinic=False,
            page="specialist-request",
            sent=_("Your reply is sent."),
            misuse=_("Use the Send or Close buttons on this page."),
        )
        if outcome.response is not None:
            return outcome.response
        form, status = outcome.form, 400
    elif req.unread_reply:
        service.mark_seen(req, now=timezone.now())
    return render(request, "piri/clinic/specialist_request.html", _thread(req, form), status=status)


def _thread(req: SpecialistRequest, form: ReplyForm) -> dict[str, Any]:
    return {
        "req": req,
        "thread": req.messages.select_related("author"),
        "summary": summary_words(req.summary),
        "form": describe_errors(form),
        "can_reply": req.status != SpecialistRequest.Status.CLOSED
        and req.clinic in current_clinics(req.patient),
        "clinics_url": reverse("my-clinics"),
        "max_chars": MESSAGE_MAX_CHARS,
    }
