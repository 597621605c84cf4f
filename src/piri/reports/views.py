"""The report page and its three downloads: the PDF report, the CSV ZIP and the JSON export.

Without ``?patient=`` each route serves the signed-in patient's own record; with it, a
patient the user may see (``access.clinic_patient``: a clinician's patients, with an audit
row: "read" for the report page, "export" for each download). Anyone else's id is "not
found" (with a "refused" audit row for staff of another clinic); a ``patient`` that is not a
whole number is a 400 that says so.
"""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from piri.accounts import audit
from piri.accounts.access import clinic_patient, own_patient
from piri.accounts.models import Patient
from piri.program.services.history import local_today
from piri.reports.formats import CSV, JSON, PDF, Download
from piri.reports.home_program import (
    BadPaper,
    home_program,
    home_program_context,
    paper_size,
    render_home_program_pdf,
)


class BadPatient(ValueError):
    """``?patient=`` is not a patient number."""


def chosen_patient(
    request: HttpRequest, *, what: str = "report page", action: str = audit.Action.READ
) -> Patient:
    raw = request.GET.get("patient")
    if raw is None or raw == "":
        return own_patient(request.user)
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise BadPatient(raw)
    return clinic_patient(request, int(raw), what=what, action=action)


def _bad_patient(request: HttpRequest, raw: str) -> HttpResponse:
    message = _(
        "The address has patient=%(value)s, which is not a patient number. "
        "Use a whole number, for example ?patient=12, or leave it out for your own record."
    ) % {"value": raw[:40]}
    return render(request, "piri/report/bad_request.html", {"message": message}, status=400)


def _query(request: HttpRequest, patient: Patient) -> str:
    raw = request.GET.get("patient")
    return f"?{urlencode({'patient': patient.pk})}" if raw else ""


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    try:
        patient = chosen_patient(request)
    except BadPatient as exc:
        return _bad_patient(request, str(exc))
    today = local_today(patient, now=timezone.now())
    query = _query(request, patient)
    context = {
        "patient": patient,
        "own": patient.user_id == request.user.pk,
        "query": query,
        "pdf_name": PDF.filename(patient, today),
        "csv_name": CSV.filename(patient, today),
        "json_name": JSON.filename(patient, today),
    }
    return render(request, "piri/report/index.html", context)


def _download(request: HttpRequest, download: Download) -> HttpResponseBase:
    try:
        patient = chosen_patient(request, what=f"report {download.key}", action=audit.Action.EXPORT)
    except BadPatient as exc:
        return _bad_patient(request, str(exc))
    now = timezone.now()
    chunks = download.chunks(patient, now=now)
    response: HttpResponseBase
    if download is CSV:
        response = StreamingHttpResponse(chunks, content_type=download.content_type)
    else:
        response = HttpResponse(b"".join(chunks), content_type=download.content_type)
    filename = download.filename(patient, local_today(patient, now=now))
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def pdf(request: HttpRequest) -> HttpResponseBase:
    return _download(request, PDF)


@login_required
@require_GET
def data_csv(request: HttpRequest) -> HttpResponseBase:
    return _download(request, CSV)


@login_required
@require_GET
def data_json(request: HttpRequest) -> HttpResponseBase:
    return _download(request, JSON)


def _bad_paper(request: HttpRequest, raw: str) -> HttpResponse:
    message = _(
        "The address has paper=%(value)s, which is not a paper size Piri prints on. "
        "Use ?paper=a4 or ?paper=letter (A4 when left out)."
    ) % {"value": raw[:40]}
    return render(request, "piri/report/bad_request.html", {"message": message}, status=400)


@login_required
@require_GET
def home_program_page(request: HttpRequest) -> HttpResponse:
    try:
        patient = chosen_patient(request, what="home program")
    except BadPatient as exc:
        return _bad_patient(request, str(exc))
    program = home_program(patient, now=timezone.now())
    query = _query(request, patient)
    context = {**home_program_context(program), "query": f"{query[1:]}&" if query else ""}
    return render(request, "piri/report/home_program_page.html", context)


@login_required
@require_GET
def home_program_pdf(request: HttpRequest) -> HttpResponseBase:
    try:
        paper = paper_size(request.GET.get("paper"))
    except BadPaper as exc:
        return _bad_paper(request, str(exc))
    try:
        patient = chosen_patient(request, what="home program PDF", action=audit.Action.EXPORT)
    except BadPatient as exc:
        return _bad_patient(request, str(exc))
    now = timezone.now()
    pdf_bytes = render_home_program_pdf(patient, paper=paper, now=now)
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    day = local_today(patient, now=now).isoformat()
    who = re.sub(r"[^A-Za-z0-9_-]+", "-", patient.user.get_username()).strip("-") or "patient"
    filename = f"piri-home-program-{who}-{day}-{paper}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
