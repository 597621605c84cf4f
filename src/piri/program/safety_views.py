"""Safety pages: the red-flag questions, the advice each tier gives, and the patient's own
screening history. Which pages a tier blocks is decided in ``safety_gate`` only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from piri.accounts.access import own_patient
from piri.domain.policy import Question, Tier
from piri.domain.triage import Screening as Kind
from piri.domain.triage import questions_for
from piri.program.services.protocol import active_policy
from piri.program.services.screening import (
    SafetyState,
    record_screening,
    safety_state,
    screening_due,
)

ANSWER_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("not_sure", _("Not sure"))]


def screening_form(questions: tuple[Question, ...], data: Any = None) -> forms.Form:
    fields = {
        q.id: forms.ChoiceField(
            label=q.text,
            help_text=q.help,
            choices=ANSWER_CHOICES,
            widget=forms.RadioSelect,
            error_messages={"required": _("Please answer this question.")},
        )
        for q in questions
    }
    form_class = type("ScreeningForm", (forms.Form,), fields)
    return form_class(data)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if ok else "/"


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """The red-flag questions due now (or those named by ``?kind=``), then the tier's page."""
    patient = own_patient(request.user)
    policy = active_policy()
    now = timezone.now()
    requested = request.GET.get("kind") or request.POST.get("kind")
    kind = Kind(requested) if requested in {k.value for k in Kind} else None
    kind = kind or screening_due(patient, policy=policy, now=now) or Kind.BEFORE_SESSION
    questions = questions_for(kind, policy=policy)
    form = screening_form(questions, request.POST or None)
    if request.method == "POST" and form.is_valid():
        screening = record_screening(
            patient, kind=kind, answers=form.cleaned_data, policy=policy, now=now
        )
        state = safety_state(patient, policy=policy)
        if state.locked:
            return redirect("safety-emergency")
        if state.paused:
            return redirect("safety-urgent")
        if Tier(screening.tier) is Tier.D:
            return redirect(f"{reverse('safety-advice')}?{urlencode({'next': _next_url(request)})}")
        return redirect(_next_url(request))
    context = {"form": form, "kind": kind, "next": _next_url(request), "full": kind.is_full}
    return render(request, "piri/safety_check.html", context, status=400 if form.errors else 200)


def _tier_page(
    request: HttpRequest, tier: Tier, template: str, *, state: SafetyState | None = None
) -> HttpResponse:
    policy = active_policy()
    state = state or safety_state(own_patient(request.user), policy=policy)
    context = {
        "info": policy.triage.tier(tier),
        "state": state,
        "emergency_number": settings.PIRI_EMERGENCY_NUMBER,
        "next": _next_url(request),
        "causes": [
            policy.triage.question(q)
            for q in (state.screening.reasons if state.screening else [])
            if _known(policy, q)
        ],
    }
    return render(request, template, context)


def _known(policy: Any, question_id: str) -> bool:
    try:
        policy.triage.question(question_id)
    except KeyError:
        return False
    return True


@login_required
@require_GET
def emergency(request: HttpRequest) -> HttpResponse:
    state = safety_state(own_patient(request.user), policy=active_policy())
    if not state.locked:
        return redirect("home")
    return _tier_page(request, Tier.E, "piri/safety_emergency.html", state=state)


@login_required
@require_GET
def urgent(request: HttpRequest) -> HttpResponse:
    return _tier_page(request, Tier.U, "piri/safety_urgent.html")


@login_required
@require_GET
def advice(request: HttpRequest) -> HttpResponse:
    return _tier_page(request, Tier.D, "piri/safety_advice.html")


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    policy = active_policy()
    screenings = list(patient.screenings.all()[:100])
    reviews = list(patient.reviews.select_related("reviewer")[:50])
    rows = [
        {
            "screening": s,
            "answers": [(_question_text(policy, qid), answer) for qid, answer in s.answers.items()],
        }
        for s in screenings
    ]
    return render(request, "piri/safety_history.html", {"rows": rows, "reviews": reviews})


def _question_text(policy: Any, question_id: str) -> str:
    try:
        return str(policy.triage.question(question_id).text)
    except KeyError:
        return question_id
