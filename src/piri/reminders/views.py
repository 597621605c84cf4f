"""The reminders page (``/reminders/``), the one-tap stop page reached from a reminder (signed
link, no sign-in; a GET shows one button, so mail scanners that fetch links stop nothing), and
the calendar feed (reachable only by its token)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from piri.accounts.access import own_patient
from piri.accounts.models import Patient
from piri.reminders import calendar
from piri.reminders.channels import EMAIL, PUSH, channel, registered
from piri.reminders.forms import ReminderForm, initial_of
from piri.reminders.services import ask_test, save_schedule, schedule_of, stop
from piri.reminders.words import link, patient_of_stop_token


@login_required
@require_http_methods(["GET", "POST"])
def reminders(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    now = timezone.now()
    ready = ready_channels(patient)
    form = ReminderForm(initial=initial_of(schedule_of(patient)), ready=ready)
    action = request.POST.get("action", "save")
    if request.method == "POST":
        if action == "test":
            row = ask_test(patient, now=now)
            if not row.channels or not row.enabled:
                messages.warning(
                    request, _("Switch reminders on and save them, with a way to reach you, first.")
                )
            else:
                messages.success(request, _("A test reminder is on its way in about two minutes."))
            return redirect("reminders")
        if action in ("calendar", "calendar-new"):
            calendar.new_token(patient, now=now)
            messages.success(request, _("Your calendar address is ready."))
            return redirect("reminders")
        if action == "calendar-off":
            calendar.turn_off(patient)
            messages.success(request, _("The calendar address is switched off."))
            return redirect("reminders")
        form = ReminderForm(request.POST, ready=ready)
        if form.is_valid():
            save_schedule(patient, choice=form.choice(), now=now)
            messages.success(request, _("Reminders saved."))
            return redirect("reminders")
    return render(
        request,
        "piri/reminders/page.html",
        _context(patient, form=form, ready=ready),
        status=400 if form.errors else 200,
    )


def ready_channels(patient: Patient) -> frozenset[str]:
    """The registered channels that can reach ``patient`` now."""
    found = (channel(name) for name in registered())
    return frozenset(way.name for way in found if way is not None and way.ready(patient))


def _context(patient: Patient, *, form: ReminderForm, ready: frozenset[str]) -> dict[str, object]:
    row = schedule_of(patient)
    feed = calendar.feed_of(patient)
    zone = patient.zone
    return {
        "form": form,
        "row": row,
        "next_local": row.next_due_at.astimezone(zone) if row.next_due_at else None,
        "zone": patient.time_zone,
        "email_ready": EMAIL in ready,
        "push_registered": PUSH in registered(),
        "push_ready": PUSH in ready,
        "feed_url": link("reminders-calendar", feed.token) if feed else "",
        "error_fields": [(f.name, f.label, f.errors) for f in form if f.errors],
    }


@csrf_exempt  # the one-click unsubscribe POST (RFC 8058) comes from the mail client
@require_http_methods(["GET", "POST"])
def stop_page(request: HttpRequest, token: str) -> HttpResponse:
    patient_id = patient_of_stop_token(token)
    if patient_id is None:
        raise Http404("not a stop link of ours")
    if request.method == "POST":
        stop(patient_id)
        return render(request, "piri/reminders/stop.html", {"stopped": True, "token": token})
    return render(request, "piri/reminders/stop.html", {"stopped": False, "token": token})


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = calendar.by_token(token)
    if feed is None:
        raise Http404("no such calendar")
    body = calendar.calendar_bytes(feed.patient, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
