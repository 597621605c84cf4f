"""The program editor (/clinic/patients/<id>/program/): switch items on or off, choose the
stretch variant and the massage, set and lock doses, write a note to the patient and say why.

A post that does not fit shows the form again with status 400, the problem named at its field
and nothing stored; a form opened on an older version (the program moved on since) gets 409.
Reading the editor is audited as a read, every post as a change.
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from piri.accounts import audit
from piri.accounts.models import Patient
from piri.clinic.patient_views import staff_patient
from piri.clinic.program_form import (
    FormState,
    editor_form,
    field_label,
    input_id,
    parse,
    state_from_post,
    state_of,
)
from piri.clinic.services.patient_page import person_name
from piri.clinic.services.program_edit import NOTE_MAX, WHY_MAX, StaleProgram, edit_program
from piri.domain.errors import FieldError
from piri.program.models import DoseChange, Prescription
from piri.program.services.plans import current_prescription
from piri.program.services.protocol import active_policy, active_protocol

VERSIONS = 30
PROGRAM = DoseChange.Source.PROGRAM
STANDING = DoseChange.Kind.STANDING


def _page(
    request: HttpRequest,
    patient: Patient,
    current: Prescription,
    state: FormState,
    *,
    problem: str = "",
    errors: dict[str, str] | None = None,
    error_field: str = "",
    status: int = 200,
) -> HttpResponse:
    protocol = active_protocol()
    versions = (
        patient.prescriptions.select_related("created_by")
        .annotate(
            by_program=Count(
                "dose_changes",  # the standing ones made the version; next-session ones did not
                filter=Q(dose_changes__source=PROGRAM, dose_changes__kind=STANDING),
            )
        )
        .order_by("-created_at", "-id")
    )
    context = {
        "patient": patient,
        "current": current,
        "form": editor_form(state, protocol=protocol, policy=active_policy(), errors=errors),
        "versions": [(v, _author(v)) for v in versions[:VERSIONS]],
        "problem": problem,
        "error_field": error_field,
        "error_id": input_id(error_field) if error_field else "",
        "why_max": WHY_MAX,
        "note_max": NOTE_MAX,
    }
    return render(request, "piri/clinic/program.html", context, status=status)


def _author(version: Prescription) -> str:
    """Who made a version: the clinician named on it, else the program (it stored dose
    changes) or the patient (onboarding, settings, their massage choice)."""
    if version.created_by is not None:
        return person_name(version.created_by)
    return _("the program") if version.by_program else _("the patient")  # type: ignore[attr-defined]


def _no_program(request: HttpRequest, patient: Patient) -> HttpResponse:
    message = _("%(name)s has not set up their program yet, so there is nothing to edit.") % {
        "name": patient
    }
    messages.error(request, message)
    return redirect("clinic-patient", patient_id=patient.pk)


@login_required
@require_http_methods(["GET", "POST"])
def program(request: HttpRequest, patient_id: int) -> HttpResponse:
    action = audit.Action.CHANGE if request.method == "POST" else audit.Action.READ
    patient = staff_patient(request, patient_id, what="program editor", action=action)
    current = current_prescription(patient)
    if current is None:
        return _no_program(request, patient)
    protocol = active_protocol()
    if request.method != "POST":
        return _page(request, patient, current, state_of(current, protocol))
    state = state_from_post(request.POST)
    try:
        result = edit_program(
            patient,
            parse(state, protocol),
            by=request.user,  # type: ignore[arg-type]
            protocol=protocol,
            policy=active_policy(),
            now=timezone.now(),
        )
    except FieldError as error:
        where = field_label(error.field, protocol)
        problem = _("Nothing was saved. %(where)s: %(problem)s.") % {
            "where": where,
            "problem": error.message,
        }
        errors = {error.field: error.message}
        return _page(
            request,
            patient,
            current,
            state,
            problem=problem,
            errors=errors,
            error_field=error.field,
            status=400,
        )
    except StaleProgram as stale:
        problem = _(
            "Nothing was saved: the program changed after you opened this page (a new version "
            "from %(when)s). Here it is as it stands now; make your change again."
        ) % {"when": date_format(localtime(stale.current.created_at), "j M Y, H:i")}
        fresh = replace(state_of(stale.current, protocol), note=state.note, why=state.why)
        return _page(request, patient, stale.current, fresh, problem=problem, status=409)
    if not result.stored:
        messages.info(request, _("Nothing changed, so no new version was saved."))
        return redirect("clinic-program", patient_id=patient.pk)
    count = len(result.changes)
    saved = ngettext(
        "Saved as a new version of %(name)s’s program: %(count)s change.",
        "Saved as a new version of %(name)s’s program: %(count)s changes.",
        count,
    ) % {"name": patient, "count": count}
    if not count:
        saved = _("Saved as a new version of %(name)s’s program: your note.") % {"name": patient}
    messages.success(request, saved)
    return redirect("clinic-patient", patient_id=patient.pk)
