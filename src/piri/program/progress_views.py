"""The progress page (/progress/): pain, numbness, sessions, sitting and the weekly scores
over a chosen period (``?span=4w|12w|1y|all``, 12 weeks unless chosen), drawn on the server
as SVG with a table of the same figures under each chart."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from piri.accounts.access import own_patient
from piri.charts import Span
from piri.program.services.progress import progress_for

SPANS = (
    (Span.WEEKS_4, _("4 weeks")),
    (Span.WEEKS_12, _("12 weeks")),
    (Span.YEAR, _("1 year")),
    (Span.ALL, _("All")),
)


@login_required
@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    span = Span.parse(request.GET.get("span"))
    progress = progress_for(patient, span=span, now=timezone.now())
    context = {"patient": patient, "progress": progress, "spans": SPANS}
    return render(request, "piri/progress.html", context)
