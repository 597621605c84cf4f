"""``/clinic/``: the triage dashboard, the clinician's home.

Only people who work in a clinic now (an open ``StaffMembership``) see it; anyone else gets
"not found", and a signed-out visitor the sign-in page. Each view writes one audit row
(read, "triage list", the clinic shown).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from piri.accounts import audit
from piri.accounts.models import Clinic
from piri.accounts.roles import admin_clinics
from piri.clinic.services.dashboard import (
    SEARCH_MAX,
    Dashboard,
    Show,
    clinic_today,
    staff_clinics,
    triage_page,
)


class BadQuery(ValueError):
    """A query string the dashboard cannot use; the message says what to change."""


def _whole(raw: str, name: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise BadQuery(
            _("“%(name)s=%(value)s” is not a whole number from 1 up.")
            % {"name": name, "value": raw[:20]}
        )
    return int(raw)


def _clinic(query: QueryDict, clinics: list[Clinic]) -> Clinic:
    raw = query.get("clinic", "")
    if not raw:
        return clinics[0]
    wanted = _whole(raw, "clinic")
    for clinic in clinics:
        if clinic.pk == wanted:
            return clinic
    raise Http404  # not one of theirs: nothing to say about it


def _show(query: QueryDict) -> Show:
    raw = query.get("show", Show.ATTENTION.value) or Show.ATTENTION.value
    try:
        return Show(raw)
    except ValueError:
        raise BadQuery(
            _("“show=%(value)s” is not a list the dashboard has. Use one of: %(choices)s.")
            % {"value": raw[:20], "choices": ", ".join(s.value for s in Show)}
        ) from None


def _search(query: QueryDict) -> str:
    search = " ".join(query.get("q", "").split())
    if len(search) > SEARCH_MAX:
        raise BadQuery(
            _("The name to search for is too long: use %(max)d characters or fewer.")
            % {"max": SEARCH_MAX}
        )
    return search


def patient_url(patient_id: int) -> str:
    """The clinician's page of one patient (a plain path until that page exists)."""
    try:
        return reverse("clinic-patient", args=[patient_id])
    except NoReverseMatch:
        return f"/clinic/patients/{patient_id}/"


def _link(board: Dashboard, *, page: int | None = None, show: Show | None = None) -> str:
    params = {"clinic": board.clinic.pk, "show": (show or board.show).value}
    if board.search:
        params["q"] = board.search
    if page is not None and page > 1:
        params["page"] = page
    return "?" + urlencode(params)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    clinics = staff_clinics(request.user)
    if not clinics:
        raise Http404
    try:
        clinic = _clinic(request.GET, clinics)
        show = _show(request.GET)
        search = _search(request.GET)
        page = _whole(request.GET.get("page", "1") or "1", "page")
    except BadQuery as error:
        said = {"message": str(error), "back": reverse("clinic-dashboard")}
        return render(request, "piri/clinic/dashboard_bad_request.html", said, status=400)
    today = clinic_today(now=timezone.now())
    board = triage_page(clinic, show=show, search=search, page=page, today=today)
    audit.record(
        request, actor=request.user, action=audit.Action.READ, what="triage list", clinic=clinic
    )
    current = board.page.number
    context: dict[str, Any] = {
        "board": board,
        "clinics": clinics,
        # the clinic's videos of the exercises, for its admins (piri.videos)
        "videos_url": reverse("clinic-videos", args=[clinic.pk])
        if admin_clinics(request.user).filter(pk=clinic.pk).exists()
        else "",
        "tabs": [{"show": s, "count": board.counts[s], "url": _link(board, show=s)} for s in Show],
        "rows": [{"row": row, "url": patient_url(row.patient_id)} for row in board.rows],
        "previous_url": _link(board, page=current - 1) if board.page.has_previous() else "",
        "next_url": _link(board, page=current + 1) if board.page.has_next() else "",
        "first_url": _link(board, page=1) if current > 2 else "",
        "last_url": (
            _link(board, page=board.page.paginator.num_pages)
            if current < board.page.paginator.num_pages - 1
            else ""
        ),
    }
    return render(request, "piri/clinic/dashboard.html", context)
