"""The patient's pages: home, the session player, history, and what the program is."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from piri.accounts.access import is_staff_of_a_clinic, own_patient
from piri.accounts.discharge import discharge_notice
from piri.domain.plan import SessionPlan, StepKind
from piri.program.charts import week_bars
from piri.program.dose_rows import doses_for
from piri.program.fact_words import event_words
from piri.program.figures import figures_for
from piri.program.services.adaptation import mark_changes_seen, todays_plan
from piri.program.services.checkins import checkin_due, morning_check_due
from piri.program.services.history import history_for
from piri.program.services.measures import measures_due
from piri.program.services.onboarding import change_massage, massage_options_for
from piri.program.services.plan_notes import unseen_specialist_changes
from piri.program.services.plans import current_prescription
from piri.program.services.protocol import active_policy, active_protocol
from piri.program.services.screening import open_program_notes, safety_state, screening_due
from piri.program.services.session_events import events_of
from piri.program.services.symptoms import latest_extent_of
from piri.videos.services import video_items

CHANGES_LISTED = 200
RECENT_SHOWN = 10  # sessions on the history page (the report lists every one)


def plan_minutes(plan: SessionPlan) -> int:
    return max(1, round(plan.total_s / 60))


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "piri/welcome.html")
    if getattr(request.user, "patient", None) is None and is_staff_of_a_clinic(request.user):
        return redirect("clinic-dashboard")  # the clinician's home
    patient = own_patient(request.user)
    if not patient.onboarded:
        return redirect("onboarding")
    policy = active_policy()
    if not patient.screenings.exists():
        return redirect(f"{reverse('safety-check')}?kind=onboarding")
    protocol = active_protocol()
    now = timezone.now()
    today = todays_plan(patient, protocol=protocol, policy=policy, now=now)
    plan = today.plan if today else None
    prescription = current_prescription(patient)
    history = history_for(patient, now=now, weeks=1)
    options = massage_options_for(
        protocol,
        tools=patient.massage_tools,
        floor_ok=patient.floor_ok,
        excluded=prescription.excluded if prescription else (),
    )
    stored = SessionPlan.from_json(plan.body) if plan else None
    context = {
        "patient": patient,
        "plan": plan,
        "minutes": plan_minutes(stored) if stored else 0,
        "has_massage": stored is None or any(s.kind is StepKind.MASSAGE for s in stored.steps),
        "prescription": prescription,
        "next_notices": today.notices if today else (),
        "week": history.this_week,
        "recent_span": history.recent_span,
        "today_sessions": history.today_sessions,
        "massage_choices": [protocol.massage_option(o) for o in options],
        "triggers": protocol.triggers,
        "safety": safety_state(patient, policy=policy),
        "checkin_due": checkin_due(patient, now=now),
        "morning_due": morning_check_due(patient, now=now),
        "measures_due": measures_due(patient, now=now),
        "notes": open_program_notes(patient),
        "specialist_changes": unseen_specialist_changes(patient),
        "discharged": discharge_notice(patient),
    }
    return render(request, "piri/home.html", context)


@login_required
@require_POST
def choose_massage(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    prescription = current_prescription(patient)
    if prescription is None:
        return redirect("onboarding")
    try:
        change_massage(
            patient,
            prescription,
            protocol=active_protocol(),
            option_id=request.POST.get("massage_option", ""),
        )
    except ValueError:
        messages.error(request, _("Please pick one of the massage options listed."))
        return redirect("home")
    messages.success(request, _("Your massage choice is saved for your next session."))
    return redirect("home")


@login_required
@require_GET
def session(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    policy = active_policy()
    now = timezone.now()
    if screening_due(patient, policy=policy, now=now) is not None:
        return redirect(f"{reverse('safety-check')}?{urlencode({'next': reverse('session')})}")
    today = todays_plan(patient, protocol=active_protocol(), policy=policy, now=now)
    if today is None:
        return redirect("onboarding")
    stored = SessionPlan.from_json(today.plan.body)
    figures, figures_data = figures_for(
        active_protocol(), (step.figure for step in stored.steps if step.figure)
    )
    context = {
        "patient": patient,
        "plan": today.plan,
        "minutes": plan_minutes(stored),
        "helped_options": stored.helped_options,
        "api_sessions_url": reverse("api-v1:post_session"),
        "plan_changes": [
            *({"reason": c.reason, "created_at": c.created_at} for c in today.changes),
            *({"reason": n.text, "created_at": None} for n in today.notices),
        ],
        "pain_stop_above": policy.monitoring.pain_amber_max.value,
        "figures": figures,
        "figures_data": figures_data,
        "video_items": " ".join(sorted(video_items(request.user))),
    }
    response = render(request, "piri/session.html", context)
    if today.changes:  # shown just now (no write, and no write lock, when there were none)
        mark_changes_seen(patient, now=now)
    return response


@login_required
@require_GET
def dose_history(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    doses = doses_for(
        patient,
        protocol=active_protocol(),
        policy=active_policy(),
        now=timezone.now(),
        changes=CHANGES_LISTED,
    )
    prescriptions = patient.prescriptions.select_related("created_by")[:50]
    context = {"doses": doses, "changes": doses.changes, "prescriptions": prescriptions}
    return render(request, "piri/dose_history.html", context)


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    data = history_for(patient, now=timezone.now(), weeks=12)
    shown = data.recent[:RECENT_SHOWN]
    protocol = active_protocol()
    events = events_of(shown, policy=active_policy())
    context = {
        "patient": patient,
        "history": data,
        "bars": week_bars(data.weeks),
        "sessions": [(s, [event_words(e, protocol) for e in events[s.pk]]) for s in shown],
        "latest_extent": latest_extent_of(patient),
    }
    return render(request, "piri/history.html", context)


@require_GET
def learn(request: HttpRequest) -> HttpResponse:
    protocol = active_protocol()
    return render(request, "piri/learn.html", {"protocol": protocol})
