"""Joining a clinic with an invite: ``/clinics/join/?code=…`` is the invite link.

Signed in, the page says what joining means and asks to confirm. Not signed in, it creates
the account and uses the invite in one transaction: a patient invite makes a patient (then
onboarding), a clinician or admin invite a staff account (then the clinic dashboard). An
unknown, expired or used code is a 400 that says so, and nothing is created or changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from piri.accounts import backends
from piri.accounts.clinic_forms import JoinCodeForm
from piri.accounts.forms import SignUpForm
from piri.accounts.invites import find_invite, use_invite
from piri.accounts.models import CareLink, Invite, Patient, StaffMembership, User
from piri.accounts.models.clinics import Role
from piri.domain.errors import FieldError

TEMPLATE = "piri/clinics/join.html"


def _code_error(request: HttpRequest, code: str, error: FieldError) -> HttpResponse:
    form = JoinCodeForm({"code": code})
    form.is_valid()
    form.add_error("code", error.message)
    return render(request, TEMPLATE, {"form": form, "step": "code"}, status=400)


def _already_in(user: User, invite: Invite) -> bool:
    if invite.role == Role.PATIENT:
        return CareLink.objects.filter(
            patient__user=user, clinic=invite.clinic, left_at__isnull=True
        ).exists()
    roles = [invite.role, Role.ADMIN]
    return StaffMembership.objects.filter(
        user=user, clinic=invite.clinic, role__in=roles, ended_at__isnull=True
    ).exists()


def _after_joining(request: HttpRequest, invite: Invite, user: User) -> HttpResponse:
    if invite.role != Role.PATIENT:
        return redirect("clinic-dashboard")
    messages.success(
        request,
        _("You have joined %(clinic)s. Its staff can now see your record.")
        % {"clinic": invite.clinic.name},
    )
    patient = Patient.objects.get(user=user)  # not user.patient: "none yet" may be cached
    return redirect("my-clinics" if patient.onboarded else "onboarding")


def _staff_names(invite: Invite) -> list[str]:
    members = StaffMembership.objects.filter(clinic=invite.clinic, ended_at__isnull=True)
    return [
        m.user.get_full_name() or m.user.get_username()
        for m in members.select_related("user").order_by("user__first_name", "user__username")
    ]


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    code = data.get("code", "").strip()
    if not code:
        form = JoinCodeForm(data if request.method == "POST" else None)
        status = 400 if request.method == "POST" and not form.is_valid() else 200
        return render(request, TEMPLATE, {"form": form, "step": "code"}, status=status)
    try:
        invite = find_invite(code, now=timezone.now())
    except FieldError as error:
        return _code_error(request, code, error)
    if request.user.is_authenticated:
        return _join_signed_in(request, invite, code)
    return _join_new_account(request, invite, code)


def _join_signed_in(request: HttpRequest, invite: Invite, code: str) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    already = _already_in(user, invite)
    if request.method == "POST" and already:
        messages.info(
            request,
            _("You already belong to %(clinic)s. The invite was not used.")
            % {"clinic": invite.clinic.name},
        )
        return redirect("my-clinics" if invite.role == Role.PATIENT else "clinic-dashboard")
    if request.method == "POST":
        try:
            use_invite(code, user, now=timezone.now())
        except FieldError as error:  # used by someone else since the page was shown
            return _code_error(request, code, error)
        return _after_joining(request, invite, user)
    context = {"step": "confirm", "invite": invite, "code": code, "already": already}
    context["staff"] = _staff_names(invite)
    return render(request, TEMPLATE, context)


def _join_new_account(request: HttpRequest, invite: Invite, code: str) -> HttpResponse:
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the account exists only if the invite was used
                user = form.save()
                use_invite(code, user, now=timezone.now())
        except FieldError as error:
            return _code_error(request, code, error)
        login(request, user, backend=backends.PATH)
        return _after_joining(request, invite, user)
    here = f"{reverse('clinic-join')}?{urlencode({'code': code})}"
    context = {
        "step": "signup",
        "invite": invite,
        "code": code,
        "form": form,
        "staff": _staff_names(invite),
        "login_url": f"{reverse('login')}?{urlencode({'next': here})}",
    }
    return render(request, TEMPLATE, context, status=400 if form.errors else 200)
