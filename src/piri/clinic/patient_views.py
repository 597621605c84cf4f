"""The clinician's page for one patient (/clinic/patients/<id>/) and recording a clinical
review from it (/clinic/patients/<id>/review/).

Only staff of one of the patient's clinics reach these pages: the patient (through
``access.clinic_patient``) is read with an audit row, and anyone else gets "not found" (staff
of another clinic with a "refused" audit row). A patient is never shown their own record here.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from piri.accounts import audit
from piri.accounts.access import clinic_patient, is_staff_of_a_clinic
from piri.accounts.models import Patient
from piri.charts import Span
from piri.clinic.services.patient_page import patient_page
from piri.program.progress_views import SPANS
from piri.program.services.protocol import active_policy, active_protocol
from piri.program.services.screening import ScreeningError, record_review
from piri.reminders.services import summary as reminder_summary

REVIEW_NOTE_MAX = 4000


def staff_patient(request: HttpRequest, patient_id: int, *, what: str, action: str) -> Patient:
    """The patient a member of their clinic's staff asks about (checked and audited), or 404."""
    if not is_staff_of_a_clinic(request.user):
        raise Http404
    patient = clinic_patient(request, patient_id, what=what, action=action)
    if patient.user_id == request.user.pk:
        raise Http404  # one's own record is read on the patient pages
    return patient


def render_patient(
    request: HttpRequest,
    patient: Patient,
    *,
    review_error: str = "",
    review_note: str = "",
    status: int = 200,
) -> HttpResponse:
    span = Span.parse(request.GET.get("span"))
    page = patient_page(
        patient,
        protocol=active_protocol(),
        policy=active_policy(),
        span=span,
        now=timezone.now(),
    )
    context = {
        "page": page,
        "patient": patient,
        "progress": page.progress,
        "spans": SPANS,
        "review_error": review_error,
        "review_note": review_note,
        "review_note_max": REVIEW_NOTE_MAX,
        "reminders": reminder_summary(patient),
    }
    return render(request, "piri/clinic/patient.html", context, status=status)


@login_required
@require_GET
def patient_detail(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = staff_patient(request, patient_id, what="patient page", action=audit.Action.READ)
    return render_patient(request, patient)


@login_required
@require_POST
def review(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = staff_patient(request, patient_id, what="clinical review", action=audit.Action.CHANGE)
    note = request.POST.get("note", "")
    problem = ""
    if len(note) > REVIEW_NOTE_MAX:
        problem = _("Keep the review note to %(n)s characters.") % {"n": REVIEW_NOTE_MAX}
    else:
        try:
            # record_review refreshes the patient's triage row
            record_review(
                patient,
                reviewer=request.user,  # type: ignore[arg-type]
                note=note,
                now=timezone.now(),
            )
        except ScreeningError as error:
            problem = _("Review note: %(problem)s.") % {"problem": error.message}
    if problem:
        message = _("The review was not recorded. %(problem)s") % {"problem": problem}
        messages.error(request, message)
        return render_patient(
            request, patient, review_error=problem, review_note=note[:REVIEW_NOTE_MAX], status=400
        )
    messages.success(
        request,
        _("Your review of %(name)s is recorded. Any lock or pause from earlier answers is lifted.")
        % {"name": patient},
    )
    return redirect("clinic-patient", patient_id=patient.pk)
