"""``/clinic/patients/<id>/discharge/``: a clinician or clinic admin discharges a patient.

GET asks to confirm, saying what a discharge does; POST with the box ticked (and an optional
reason) ends the care link (``piri.accounts.discharge``). The patient is reached through the
access door with a "changed" audit row; anyone else gets "not found". Without the tick the
form comes back (400) and nothing changes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from piri.accounts import audit
from piri.accounts.access import clinic_of
from piri.accounts.discharge import REASON_MAX, discharge
from piri.clinic.patient_views import staff_patient


@login_required
@require_http_methods(["GET", "POST"])
def discharge_patient(request: HttpRequest, patient_id: int) -> HttpResponse:
    posting = request.method == "POST"
    patient = staff_patient(
        request,
        patient_id,
        what="discharge",
        action=audit.Action.CHANGE if posting else audit.Action.READ,
    )
    clinic = clinic_of(request.user, patient)
    if clinic is None:  # pragma: no cover - the access door let them in through a clinic
        raise Http404
    reason = request.POST.get("reason", "")
    errors: dict[str, str] = {}
    if posting:
        if request.POST.get("confirm") != "yes":
            errors["confirm"] = _("Tick the box to confirm the discharge.")
        if len(reason) > REASON_MAX:
            errors["reason"] = _("Keep the reason to %(max)d characters.") % {"max": REASON_MAX}
        if not errors:
            discharge(patient=patient, clinic=clinic, reason=reason, now=timezone.now())
            messages.success(
                request,
                _("%(patient)s is discharged from %(clinic)s.")
                % {"patient": patient, "clinic": clinic.name},
            )
            return redirect("clinic-dashboard")
    context = {
        "patient": patient,
        "clinic": clinic,
        "reason": reason,
        "errors": errors,
        "reason_max": REASON_MAX,
    }
    return render(request, "piri/clinic/discharge.html", context, status=400 if errors else 200)
