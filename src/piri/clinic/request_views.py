"""The clinician's side of "talk to a specialist".

``/clinic/requests/``: the requests sent to the clinics the clinician works in, those waiting
for the clinic first (urgent ones on top), then answered, then closed; ``?status=`` narrows it
(``open``, the default: new and answered; ``new``, ``answered``, ``closed``, ``all``).
``/clinic/requests/<id>/``: the thread with the 14-day summary the patient sent, a reply form and
a Close button. Opening a request is logged as a read of the patient's data, replying or
closing as a change (``request_scope.clinic_request``); another clinic's request is not found.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from piri.accounts import audit
from piri.accounts.access import is_staff_of_a_clinic
from piri.clinic.models import SpecialistRequest
from piri.clinic.models.requests import MESSAGE_MAX_CHARS
from piri.clinic.request_forms import ReplyForm, describe_errors
from piri.clinic.request_scope import clinic_request, clinic_requests
from piri.clinic.summary_words import summary_words
from piri.clinic.thread_post import answer_thread

Status = SpecialistRequest.Status
PER_PAGE = 50
FILTERS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "open": (gettext_lazy("Open"), (Status.NEW, Status.ANSWERED)),
    "new": (gettext_lazy("Waiting for the clinic"), (Status.NEW,)),
    "answered": (gettext_lazy("Answered"), (Status.ANSWERED,)),
    "closed": (gettext_lazy("Closed"), (Status.CLOSED,)),
    "all": (gettext_lazy("All"), (Status.NEW, Status.ANSWERED, Status.CLOSED)),
}
DEFAULT_FILTER = "open"


def ordered(requests: QuerySet[SpecialistRequest]) -> QuerySet[SpecialistRequest]:
    """Waiting for the clinic first, urgent before the rest, the longest waiting first; then
    answered and closed ones, the latest first."""
    rank = Case(
        When(status=Status.NEW, then=Value(0)),
        When(status=Status.ANSWERED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return requests.annotate(rank=rank).order_by("rank", "-urgent", "-updated_at", "-id")


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    if not is_staff_of_a_clinic(request.user):
        raise Http404
    chosen = request.GET.get("status") or DEFAULT_FILTER
    if chosen not in FILTERS:
        message = _(
            "The address has status=%(value)s, which is not a filter of this list. "
            "Use one of: %(names)s."
        ) % {"value": chosen[:40], "names": ", ".join(FILTERS)}
        bad: dict[str, Any] = {"message": message, "filters": _filters(DEFAULT_FILTER)}
        return render(request, "piri/clinic/requests_bad.html", bad, status=400)
    rows = ordered(clinic_requests(request.user).filter(status__in=FILTERS[chosen][1]))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {"page": page, "filters": _filters(chosen), "chosen": chosen}
    return render(request, "piri/clinic/requests.html", context)


def _filters(chosen: str) -> list[dict[str, Any]]:
    return [
        {"key": key, "label": label, "current": key == chosen}
        for key, (label, _statuses) in FILTERS.items()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    changing = request.method == "POST"
    action = audit.Action.CHANGE if changing else audit.Action.READ
    req = clinic_request(request, request_id, action=action)
    form = ReplyForm()
    status = 200
    if changing:
        outcome = answer_thread(
            request,
            req,
            author=request.user,  # type: ignore[arg-type]
            from_clinic=True,
            page="clinic-request",
            sent=_("Your reply is sent. The patient sees it in Piri."),
            misuse=_("Use the Send reply or Close buttons on this page."),
        )
        if outcome.response is not None:
            return outcome.response
        form, status = outcome.form, 400
    context = {
        "req": req,
        "thread": req.messages.select_related("author"),
        "summary": summary_words(req.summary),
        "form": describe_errors(form),
        "can_reply": req.status != Status.CLOSED,
        "max_chars": MESSAGE_MAX_CHARS,
    }
    return render(request, "piri/clinic/request.html", context, status=status)
