"""A patient's clinics: which ones they belong to and who there sees their data, leaving one,
and the access log (who viewed or changed their record, when, from where), on screen and as CSV.
Joining with a code is in ``join_views``; joining a clinic that takes people without one (the
home clinic) is ``join_open``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from piri.accounts.access import own_patient
from piri.accounts.audit_csv import PATIENT_COLUMNS, csv_response, patient_rows
from piri.accounts.clinic_forms import JoinCodeForm
from piri.accounts.invites import (
    clinicians_who_see,
    current_clinics,
    join_clinic,
    leave_clinic,
    open_clinics,
)
from piri.accounts.models import AuditEvent, CareLink, Clinic, Patient

PER_PAGE = 50


def _links(patient: Patient) -> list[CareLink]:
    return list(
        CareLink.objects.filter(patient=patient).select_related("clinic").order_by("-joined_at")
    )


@login_required
@require_GET
def my_clinics(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    staff = clinicians_who_see(patient)
    links = _links(patient)
    current = [
        {"link": link, "staff": [m for m in staff if m.clinic_id == link.clinic_id]}
        for link in links
        if link.left_at is None
    ]
    context = {
        "current": current,
        "past": [link for link in links if link.left_at is not None],
        "form": JoinCodeForm(),
    }
    return render(request, "piri/clinics/my_clinics.html", context)


def _current_clinic(patient: Patient, clinic_id: int) -> Clinic:
    link = (
        CareLink.objects.filter(patient=patient, clinic_id=clinic_id, left_at__isnull=True)
        .select_related("clinic")
        .first()
    )
    if link is None:
        raise Http404
    return link.clinic


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, clinic_id: int) -> HttpResponse:
    """GET asks to confirm, saying what leaving does; POST leaves, at once."""
    patient = own_patient(request.user)
    clinic = _current_clinic(patient, clinic_id)
    if request.method == "POST":
        leave_clinic(patient, clinic, now=timezone.now())
        messages.success(
            request,
            _("You have left %(clinic)s. Its staff can no longer see your record.")
            % {"clinic": clinic.name},
        )
        return redirect("my-clinics")
    staff = [
        m.user.get_full_name() or m.user.get_username()
        for m in clinicians_who_see(patient)
        if m.clinic_id == clinic.pk
    ]
    return render(request, "piri/clinics/leave.html", {"clinic": clinic, "staff": staff})


def _page(request: HttpRequest, patient: Patient) -> Page | str:
    """The page asked for, or a message saying why ``?page=`` is not one."""
    events = AuditEvent.objects.filter(patient=patient).select_related("clinic")
    paginator = Paginator(events.order_by("-at", "-id"), PER_PAGE)
    raw = request.GET.get("page", "1")
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= paginator.num_pages):
        return _(
            "The address has page=%(value)s, but the access log has pages 1 to %(last)d. "
            "Use one of those numbers, or leave it out for the newest entries."
        ) % {"value": raw[:20], "last": paginator.num_pages}
    return paginator.page(int(raw))


@login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    page = _page(request, patient)
    if isinstance(page, str):
        return render(request, "piri/clinics/access_log.html", {"error": page}, status=400)
    return render(request, "piri/clinics/access_log.html", {"page": page})


@login_required
@require_GET
def access_log_csv(request: HttpRequest) -> StreamingHttpResponse:
    patient = own_patient(request.user)
    events = AuditEvent.objects.filter(patient=patient).order_by("-at", "-id")
    name = f"piri-access-log-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(name, PATIENT_COLUMNS, patient_rows(events, patient.zone))


@login_required
@require_http_methods(["GET", "POST"])
def join_open(request: HttpRequest) -> HttpResponse:
    """Join a clinic that takes people who sign up on their own (the home clinic), no code
    needed: the next step for a patient without a clinic who wants to write to a specialist.
    ``next`` (a page of Piri's own) is where to go after; the specialist page otherwise."""
    patient = own_patient(request.user)
    choices = [c for c in open_clinics() if c not in current_clinics(patient)]
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = ""
    error = ""
    if request.method == "POST":
        chosen = next((c for c in choices if str(c.pk) == request.POST.get("clinic", "")), None)
        if chosen is not None:
            join_clinic(patient, chosen, now=timezone.now())
            messages.success(
                request,
                _("You have joined %(clinic)s. Its staff can now see your record.")
                % {"clinic": chosen.name},
            )
            return redirect(nxt or "specialist")
        error = _("Choose one of the clinics listed.")
    context = {"choices": choices, "next": nxt, "error": error}
    return render(request, "piri/clinics/open.html", context, status=400 if error else 200)
