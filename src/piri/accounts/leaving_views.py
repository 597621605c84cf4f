"""``/account/delete/``: a patient deletes their account, after downloading their data.

GET says what goes and what the clinic keeps (and for how long), with the JSON and CSV
exports first; POST asks for the current password and the typed word DELETE. A wrong or
missing answer shows the form again (400) and deletes nothing. Only the signed-in patient
reaches it (``access.own_patient``): anyone else gets "not found".
"""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from piri.accounts.access import own_patient
from piri.accounts.leaving import delete_account
from piri.accounts.leaving_forms import DeleteAccountForm
from piri.accounts.models import Clinic, User


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    user = patient.user
    assert isinstance(user, User)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        delete_account(user=user, now=timezone.now())
        logout(request)
        return render(request, "piri/account_deleted.html")
    clinics = Clinic.objects.filter(care_links__patient=patient, care_links__left_at__isnull=True)
    keep_days = clinics.aggregate(days=Max("deleted_records_retention_days"))["days"]
    context = {
        "form": form,
        "clinics": list(clinics.order_by("name")),
        "keep_days": keep_days,
        "keep_years": round(keep_days / 365) if keep_days else 0,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "piri/account_delete.html", context, status=status)
