"""The "What works for me" page (/insights/): each exercise, massage option and trigger against
the patient's own data, with their own 1-5 rating beside it. Works without JavaScript: a rating
is a small form that posts here and comes back to the same item.

A rating that does not fit (no rating chosen, an item that is not in the program) shows the page
again with status 422 and the message at that item; nothing stored changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from piri.accounts.access import own_patient
from piri.accounts.models import Patient
from piri.domain.errors import FieldError
from piri.domain.insights import InsightSettings, Verdict
from piri.program.insight_chart import RangeChart, chart_span, range_chart
from piri.program.insight_words import (
    comparison_words,
    item_verdict,
    pain_scale,
    rank_words,
    reach_scale,
    shortfall_words,
    trigger_verdict,
    within_words,
)
from piri.program.services.insights import (
    ItemRow,
    PatientInsights,
    TriggerRow,
    insights_for,
    rate_item,
)
from piri.program.services.protocol import active_protocol

RATING_CHOICES = [
    (1, gettext_lazy("Not for me")),
    (2, gettext_lazy("A little")),
    (3, gettext_lazy("Some help")),
    (4, gettext_lazy("Helps")),
    (5, gettext_lazy("Helps me most")),
]
KIND_LABELS = {
    "massage": gettext_lazy("Massage"),
    "stretch": gettext_lazy("Stretch"),
    "strengthen": gettext_lazy("Strengthening"),
}
TONES = {Verdict.HELPS: "good", Verdict.SEEMS_WORSE: "bad"}


@dataclass(frozen=True, slots=True)
class ItemCard:
    id: str
    name: str
    kind: str
    verdict: str
    tone: str  # "good", "bad", "plain" or "none" (no verdict yet)
    rank: str
    done: bool
    sessions: int
    morning: str
    chart: RangeChart | None
    pain: str
    reach: str
    rating: int | None
    error: str = ""


@dataclass(frozen=True, slots=True)
class TriggerCard:
    id: str
    name: str
    own: bool
    verdict: str
    tone: str
    rank: str
    text: str
    chart: RangeChart | None


def _tone(verdict: Verdict) -> str:
    return "none" if verdict is Verdict.NOT_ENOUGH_DATA else TONES.get(verdict, "plain")


def item_card(
    row: ItemRow, *, settings: InsightSettings, span: int, ranked: int, error: str = ""
) -> ItemCard:
    insight = row.insight
    morning = insight.next_morning
    enough = morning.verdict is not Verdict.NOT_ENOUGH_DATA
    verdict = item_verdict(row)
    morning_text = ""
    if row.sessions == 0:
        verdict = _("Not done yet: once you have done it a few times, its numbers show here.")
    elif enough:
        morning_text = comparison_words(morning)
    else:
        verdict = shortfall_words(morning, needed=settings.min_sessions, unit=_("session days"))
    no_pain = (
        _("Piri does not ask about pain during massage.")
        if row.kind == "massage"
        else _("No pain scores from before and after it yet.")
    )
    return ItemCard(
        id=row.id,
        name=row.name,
        kind=str(KIND_LABELS.get(row.kind, "")),
        verdict=verdict,
        tone=_tone(insight.verdict) if row.sessions else "none",
        rank=rank_words(insight.rank, row.tied_with, ranked=ranked),
        done=row.sessions > 0,
        sessions=row.sessions,
        morning=morning_text,
        chart=range_chart(morning, span=span) if enough else None,
        pain=within_words(
            insight.within_pain, settings=settings, scale=pain_scale(), not_asked=no_pain
        ),
        reach=within_words(
            insight.within_extent,
            settings=settings,
            scale=reach_scale(),
            not_asked=_("No numbness or tingling answers from before and after it yet."),
        ),
        rating=insight.rating,
        error=error,
    )


def trigger_card(
    row: TriggerRow, *, settings: InsightSettings, span: int, ranked: int
) -> TriggerCard:
    comparison = row.insight.next_day
    enough = comparison.verdict is not Verdict.NOT_ENOUGH_DATA
    verdict, text = trigger_verdict(row), ""
    if enough:
        text = comparison_words(comparison)
    else:
        verdict = shortfall_words(comparison, needed=settings.min_sessions, unit=_("days"))
    return TriggerCard(
        id=row.id,
        name=row.name,
        own=row.own,
        verdict=verdict,
        tone="bad"
        if comparison.verdict is Verdict.SEEMS_WORSE
        else _tone(comparison.verdict).replace("good", "plain"),
        rank=rank_words(row.insight.rank, row.tied_with, ranked=ranked),
        text=text,
        chart=range_chart(comparison, span=span, lower_is_good=False) if enough else None,
    )


def page_context(
    data: PatientInsights, *, errors: dict[str, str] | None = None
) -> dict[str, object]:
    errors = errors or {}
    settings = data.settings
    span = chart_span(
        [r.insight.next_morning for r in data.items] + [t.insight.next_day for t in data.triggers]
    )
    items_ranked = sum(1 for r in data.items if r.insight.rank is not None)
    cards = [
        item_card(r, settings=settings, span=span, ranked=items_ranked, error=errors.get(r.id, ""))
        for r in data.items
    ]
    triggers_ranked = sum(1 for t in data.triggers if t.insight.rank is not None)
    return {
        "data": data,
        "settings": settings,
        "level": round(settings.interval_level * 100),
        "span": span,
        # done, rated or being rated: a full card; never done: one line in "Not tried yet"
        "items": [c for c in cards if c.done or c.rating or c.error],
        "not_tried": [c for c in cards if not (c.done or c.rating or c.error)],
        "triggers": [
            trigger_card(t, settings=settings, span=span, ranked=triggers_ranked)
            for t in data.triggers
        ],
        "ratings": RATING_CHOICES,
        "scale_hint": _("1 = not for me · 5 = helps me most"),
        "any_ties": any(r.tied_with for r in data.items) or any(t.tied_with for t in data.triggers),
    }


def _page(
    request: HttpRequest,
    patient: Patient,
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = page_context(insights_for(patient, now=timezone.now()), errors=errors)
    return render(request, "piri/insights.html", context, status=status)


def _rate(request: HttpRequest, patient: Patient) -> HttpResponse:
    item = request.POST.get("item", "")
    try:
        row = rate_item(patient, item, request.POST.get("rating", ""))
    except FieldError as error:
        protocol = active_protocol()
        where = protocol.item_name(item) if item in protocol.item_ids else item
        messages.error(
            request,
            _("Your rating of %(name)s was not saved. %(problem)s")
            % {"name": where, "problem": error.message},
        )
        return _page(request, patient, errors={item: error.message}, status=422)
    name = active_protocol().item_name(row.item)
    messages.success(
        request,
        _("Your rating of %(name)s is saved: %(rating)s of 5.")
        % {"name": name, "rating": row.rating},
    )
    return redirect(f"{reverse('insights')}#item-{row.item}")


@login_required
@require_http_methods(["GET", "POST"])
def insights(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    if request.method == "POST":
        return _rate(request, patient)
    return _page(request, patient)
