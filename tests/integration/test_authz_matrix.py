"""The authorization matrix: every route, every kind of person, patient A's objects.

The routes are read from the URL configuration (``tests/authz_routes.py``: the Django
patterns, and the API's operations, one row per HTTP method), so a route added later is in
the matrix at once: it fails here until ``EXPECTATIONS`` says who may use it, and until
``PARAMS`` knows how to fill its URL parameters from A's objects. An expectation for a
route that no longer exists fails too.

Who asks (``ACTORS``):

- anonymous;
- patient A, whose objects every URL names (A's patient id, A's request, A's clinic, A's
  session…);
- patient B, a patient of the *same* clinic as A (so belonging to the same clinic is shown to
  grant nothing; on routes without a parameter B sees B's own data);
- a clinician of A's clinic, a clinician of another clinic, and a clinic admin of A's clinic;
- a clinic admin of another clinic (not in the issue's list: clinic admins may use the Django
  admin, so the admin family needs one who must not see A there). Outside the admin they are
  expected to get what the clinician of another clinic gets;
- a former clinician of A's clinic (membership ended; not in the issue's list either: ending a
  membership is meant to revoke access at once). Expected: what the clinician of another
  clinic gets, except that with no clinic left they have no staff pages at all.

Staff are made the way invites make them (``piri.accounts.roles.add_membership``: groups and
``is_staff`` follow the membership), so a clinic admin has the admin rights they really get.

What they get is classified (``outcome``): ``ok`` (2xx), ``empty`` (200 with ``[]``: an
own-data list of someone who has none), ``invalid`` (400/422: the request reached the code
that checks the data, so the person was let in), ``redirect`` (3xx not to a sign-in page),
``login`` / ``admin-login`` (302 to the app's or the admin's sign-in page), or the status
code. The rules (``public``, ``patient_self``, ``patient_only``, ``own_or_clinic``,
``clinic_staff_only``, ``staff_self``, ``admin_site``…) follow ``piri.accounts.access``: a patient
sees themself; clinicians and clinic admins see the patients with an open care link to a
clinic they currently work in; everything else is "not found" (404); anonymous people are
sent to sign in (302) on pages and get 401 from the API.

The Django admin is one family (``admin_site``): Django sends anyone who may not use the
admin to the admin's sign-in page (302), whatever the admin page, and the admin's sign-in
page itself is public. Static files and ``/healthz`` are public.

Besides the statuses:

- a response to someone who may not see A's data never contains A's name, nor, for people
  outside A's clinic, the clinic's name;
- a clinician of another clinic trying a clinician route that changes data (sent a valid
  change, which the same request from A's clinician does make) changes no row and leaves an
  ``AuditEvent`` with action ``denied``;
- the staff of A's clinic reaching A's data leave an audit row naming A, and the other
  clinic's clinician a ``denied`` one.

Every row is requested on the real database with Django's test client (``force_login``), with
A and B in an ordinary state (onboarded, a prescription, an all-"no" screening: tier C), so
the red-flag gate (``piri.program.safety_gate``) plays no part.

The world (the eight people, the two clinics, A's records) is built once for the module
(the ``world`` fixture), inside a transaction rolled back when the module is done; each case
runs in its own savepoint (pytest-django's per-test atomic block, nested in that
transaction) rolled back after it, so what one case changes (its POSTs) is gone before the
next starts, as if each case had built its own world.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.utils import timezone

from piri.accounts import audit
from piri.accounts.invites import create_invite
from piri.accounts.models import AuditEvent, Clinic, Patient, StaffMembership, User
from piri.accounts.models.clinics import Role
from piri.accounts.roles import end_membership
from piri.clinic.models import RequestMessage, SpecialistRequest
from piri.domain.triage import Screening as Kind
from piri.domain.triage import questions_for
from piri.program.models import ClinicalReview, DoseChange, ExerciseSession, Plan
from piri.program.services.plans import current_prescription
from piri.program.services.protocol import active_policy, active_protocol
from piri.videos.models import ClinicVideo
from tests.authz_routes import Route, all_routes, fill
from tests.db import module_transaction
from tests.factories.clinics import link, make_clinic
from tests.factories.people import make_patient, make_staff
from tests.factories.program import make_checkin, make_plan, make_sessions, session_payload
from tests.factories.videos import make_video

# --------------------------------------------------------------------------------------------
# Who asks

ANON = "anonymous"
A = "patient A"
B = "patient B"
CLIN_A = "clinician of A's clinic"
CLIN_OTHER = "clinician of another clinic"
ADMIN_A = "clinic admin of A's clinic"
ADMIN_OTHER = "clinic admin of another clinic"
FORMER = "former clinician of A's clinic"
ACTORS = (ANON, A, B, CLIN_A, CLIN_OTHER, ADMIN_A, ADMIN_OTHER, FORMER)

A_NAME = ("Aurelia", "Zwaanswijk")  # in no response to someone who may not see A's data


@dataclass
class World:
    clinic_a: Clinic
    clinic_other: Clinic
    a: Patient
    b: Patient
    users: dict[str, User | None]
    plan_a: Plan
    session_a: ExerciseSession
    request_a: SpecialistRequest
    review_a: ClinicalReview
    group: Group
    video_a: ClinicVideo


def _former_staff(clinic: Clinic, username: str) -> User:
    user = make_staff(clinic, username=username)
    end_membership(StaffMembership.objects.get(user=user, clinic=clinic), now=timezone.now())
    user.refresh_from_db()
    return user


def _sign_in_records(username: str) -> None:
    """A's rows in django-axes' sign-in logs (their admin pages name one)."""
    if not apps.is_installed("axes"):
        return
    common = {"username": username, "ip_address": "127.0.0.1", "user_agent": "test"}
    common |= {"http_accept": "*/*", "path_info": "/login/"}
    apps.get_model("axes", "AccessLog").objects.create(**common)
    apps.get_model("axes", "AccessFailureLog").objects.create(**common)
    apps.get_model("axes", "AccessAttempt").objects.create(
        **common, get_data="", post_data="", failures_since_start=1
    )


def build_world() -> World:
    clinic_a = make_clinic(name="Riverside Physio")
    clinic_other = make_clinic(name="Hillside Physio")
    a = make_patient(username="pat-a")
    a.user.first_name, a.user.last_name = A_NAME
    a.user.save(update_fields=["first_name", "last_name"])
    EmailAddress.objects.create(user=a.user, email="pat-a@example.org", primary=True)
    b = make_patient(username="pat-b")
    link(a, clinic_a)
    link(b, clinic_a)
    link(make_patient(username="pat-c"), clinic_other)  # the other clinic has patients too
    plan_a = make_plan(a)
    make_plan(b)
    session_a = make_sessions(a, [timezone.localdate() - timedelta(days=1)])[0]
    make_checkin(a, timezone.localdate() - timedelta(days=1), pain_average=4)
    now = timezone.now()
    request_a = SpecialistRequest.objects.create(
        patient=a,
        clinic=clinic_a,
        topic=SpecialistRequest.Topic.EXERCISES,
        created_at=now,
        updated_at=now,
    )
    RequestMessage.objects.create(
        request=request_a, author=a.user, body="The stretch hurts.", created_at=now
    )
    clin_a = make_staff(clinic_a, role=Role.CLINICIAN, username="clin-a")
    admin_a = make_staff(clinic_a, role=Role.ADMIN, username="admin-a")
    users: dict[str, User | None] = {
        ANON: None,
        A: a.user,
        B: b.user,
        CLIN_A: clin_a,
        CLIN_OTHER: make_staff(clinic_other, role=Role.CLINICIAN, username="clin-other"),
        ADMIN_A: admin_a,
        ADMIN_OTHER: make_staff(clinic_other, role=Role.ADMIN, username="admin-other"),
        FORMER: _former_staff(clinic_a, "clin-former"),
    }
    review_a = ClinicalReview.objects.create(
        patient=a, reviewer=clin_a, note="Seen; carry on.", created_at=now
    )
    prescription = plan_a.prescription
    DoseChange.objects.create(
        patient=a,
        prescription=prescription,
        item=sorted(active_protocol().item_ids)[0],
        field="hold_s",
        old="10",
        new="15",
        reason="Two comfortable sessions.",
        created_at=now,
    )
    audit.record(
        None,
        actor=clin_a,
        action=audit.Action.READ,
        what="patient page",
        patient=a,
        clinic=clinic_a,
    )
    create_invite(clinic_a, Role.PATIENT, by=admin_a, now=timezone.now())
    _sign_in_records(a.user.get_username())
    return World(
        clinic_a=clinic_a,
        clinic_other=clinic_other,
        a=a,
        b=b,
        users=users,
        plan_a=plan_a,
        session_a=session_a,
        request_a=request_a,
        review_a=review_a,
        group=Group.objects.create(name="front desk"),
        video_a=make_video(clinic_a, by=admin_a),  # A's clinic's video of an exercise
    )


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world, built once for the module in a transaction rolled back at its end
    (``tests.db``); each case runs in a savepoint of it, rolled back when the case ends."""
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            built = build_world()
        yield built


# --------------------------------------------------------------------------------------------
# URL parameters: how each is filled from A's objects. A parameter not here fails the matrix.


# Admin pages of the background jobs (piri.jobs, django-tasks' results): superusers only, and
# no patient's data in them, so the matrix needs no object of A there.
# allauth.mfa's authenticators (the secrets behind two-factor sign-in) are superusers' only too.
SUPERUSER_ONLY_APPS = frozenset({"jobs", "django_tasks_database", "mfa"})


def _admin_object(world: World, route: Route) -> str:
    """The admin's ``<object_id>``: A's own row of the model the admin page is about."""
    model = _admin_model(route)
    if model is None:
        return "1"
    if model is User:
        return str(world.a.user_id)
    if model is Patient:
        return str(world.a.pk)
    if model is Clinic:
        return str(world.clinic_a.pk)
    if model is Group:
        return str(world.group.pk)
    if model._meta.app_label in SUPERUSER_ONLY_APPS:  # no one's data: any id will do
        return "1"
    fields = {f.name for f in model._meta.get_fields()}
    if "username" in fields:  # django-axes' sign-in logs
        row = model._default_manager.filter(username=world.a.user.get_username()).first()
        if row is not None:
            return str(row.pk)
    for through, value in (
        ("patient", world.a),
        ("clinic", world.clinic_a),
        ("user", world.a.user),  # allauth's email addresses
    ):
        if through in fields:
            row = model._default_manager.filter(**{through: value}).first()
            if row is not None:
                return str(row.pk)
    if "request" in fields:
        row = model._default_manager.filter(request=world.request_a).first()
        if row is not None:
            return str(row.pk)
    pytest.fail(
        f"the authorization matrix has no object of A for the admin of {model.__name__} "
        f"({route.route}): give A one in build_world() or teach _admin_object() about it"
    )


def _admin_model(route: Route) -> type[Model] | None:
    """The model an admin route is about, from its URL ("admin/<app>/<model>/…")."""
    parts = route.route.split("/")
    if len(parts) > 3 and parts[0] == "admin":
        try:
            return apps.get_model(parts[1], parts[2])
        except LookupError:
            return None
    return None


def _content_type(world: World, route: Route) -> str:
    from django.contrib.contenttypes.models import ContentType

    return str(ContentType.objects.get_for_model(Patient).pk)


Provider = Callable[[World, Route], str]


def _reminder_token(world: World, route: Route) -> str:
    from piri.reminders.calendar import feed_of, new_token
    from piri.reminders.words import stop_token

    if route.name == "reminders-calendar":
        feed = feed_of(world.a) or new_token(world.a, now=timezone.now())
        return feed.token
    return stop_token(world.a)


PARAMS: dict[str, Provider] = {
    # the app's own routes
    "patient_id": lambda w, r: str(w.a.pk),
    "request_id": lambda w, r: str(w.request_a.pk),
    "clinic_id": lambda w, r: str(w.clinic_a.pk),
    "session_id": lambda w, r: str(w.session_a.pk),
    "plan_id": lambda w, r: str(w.plan_a.pk),
    "review_id": lambda w, r: str(w.review_a.pk),
    "video_id": lambda w, r: str(w.video_a.pk),
    "item": lambda w, r: sorted(active_protocol().item_ids)[0],
    # allauth's links from emails: a key that opens nothing (the page says the link is dead)
    "key": lambda w, r: "not-a-real-key",
    "uidb36": lambda w, r: "0",
    "pk": lambda w, r: "1",  # allauth's passkey pages: nobody's (see "mfa_remove_webauthn")
    "protocol_id": lambda w, r: active_protocol().id,
    "token": _reminder_token,  # A's signed stop link, or A's calendar token
    # the Django admin's
    "object_id": _admin_object,
    "content_type_id": _content_type,
    "id": lambda w, r: str(w.a.user_id),  # admin/accounts/user/<id>/password/
    "app_label": lambda w, r: "accounts",
    "url": lambda w, r: "no-such-admin-page/",
}


# --------------------------------------------------------------------------------------------
# Outcomes and rules

OK, EMPTY, INVALID, REDIRECT, LOGIN, ADMIN_LOGIN = (
    "ok",
    "empty",
    "invalid",
    "redirect",
    "login",
    "admin-login",
)
NOT_FOUND = "404"
DENY_ANON = "deny-anonymous"  # "login" on pages, "401" from the API
ALLOWED = frozenset({OK, EMPTY, INVALID})
Outcomes = frozenset[str]
Rule = dict[str, Outcomes]


def _set(value: str | Iterable[str]) -> Outcomes:
    return frozenset({value}) if isinstance(value, str) else frozenset(value)


def _rule(
    anon: str | Iterable[str],
    a: str | Iterable[str],
    b: str | Iterable[str],
    clin_a: str | Iterable[str],
    clin_other: str | Iterable[str],
    admin_a: str | Iterable[str],
    admin_other: str | Iterable[str] | None = None,
    former: str | Iterable[str] | None = None,
) -> Rule:
    """Expected outcomes per actor; the other clinic's admin and A's former clinician get
    what the other clinic's clinician gets unless told."""
    other = clin_other if admin_other is None else admin_other
    gone = clin_other if former is None else former
    values = (anon, a, b, clin_a, clin_other, admin_a, other, gone)
    return {actor: _set(v) for actor, v in zip(ACTORS, values, strict=True)}


def public(ok: Iterable[str] = ALLOWED, signed_in: Iterable[str] | None = None) -> Rule:
    """Anyone; ``signed_in`` when people who are signed in get something else (a redirect)."""
    s = ok if signed_in is None else signed_in
    return _rule(ok, s, s, s, s, s)


def signed_in(ok: Iterable[str] = ALLOWED) -> Rule:
    """Anyone signed in (nothing about a patient in it)."""
    return _rule(DENY_ANON, ok, ok, ok, ok, ok)


def patient_self(
    ok: Iterable[str] = ALLOWED,
    b: Iterable[str] | None = None,
    staff: Iterable[str] = (NOT_FOUND,),
) -> Rule:
    """The signed-in patient's own data, no patient in the URL: A and B each get their own;
    people who are not patients get 404 (``access.own_patient``)."""
    return _rule(DENY_ANON, ok, ok if b is None else b, staff, staff, staff)


def patient_only(ok: Iterable[str] = ALLOWED) -> Rule:
    """One of A's objects that only A may reach (not even A's clinicians)."""
    return _rule(DENY_ANON, ok, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)


def own_or_clinic(ok: Iterable[str] = ALLOWED) -> Rule:
    """A's data: A, and the staff of A's clinic (``access.visible_patients``)."""
    return _rule(DENY_ANON, ok, NOT_FOUND, ok, NOT_FOUND, ok)


def clinic_staff_only(ok: Iterable[str] = ALLOWED) -> Rule:
    """A clinician's page about A: the staff of A's clinic only (``access.clinic_patient``)."""
    return _rule(DENY_ANON, NOT_FOUND, NOT_FOUND, ok, NOT_FOUND, ok)


def clinic_media(ok: Iterable[str] = ALLOWED) -> Rule:
    """A clinic's own media (its videos): everyone who currently belongs to A's clinic, its
    patients (A and B) and its staff (``access.may_see_clinic_media``); nobody else."""
    return _rule(DENY_ANON, ok, ok, ok, NOT_FOUND, ok)


def clinic_admin_only(ok: Iterable[str] = ALLOWED) -> Rule:
    """A clinic admin's page about A's clinic (``roles.admin_clinics``): its admins only."""
    return _rule(DENY_ANON, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, ok)


def staff_self(ok: Iterable[str] = ALLOWED) -> Rule:
    """A staff member's own page (their dashboard, their clinic's requests): any staff
    member, about their own clinics; patients get 404."""
    return _rule(DENY_ANON, NOT_FOUND, NOT_FOUND, ok, ok, ok, former=NOT_FOUND)


ADMIN_DENIED = ("403", "404", REDIRECT)  # Django's admin: no permission, or "does not exist"
_ADMIN_PERMS = {  # the admin action in a URL name -> the permissions that open it
    "changelist": ("view", "change"),
    "change": ("view", "change"),
    "history": ("view", "change"),
    "add": ("add",),
    "delete": ("delete",),
    "password_change": ("change",),
    "export": ("view",),
}
_ADMIN_SITE_PAGES: dict[str, Iterable[str]] = {  # admin pages about no model
    "index": ALLOWED,
    "password_change": ALLOWED,
    "password_change_done": ALLOWED,
    "jsi18n": ALLOWED,
    "autocomplete": ("403",),  # asked without its parameters
    "view_on_site": ("404",),  # a patient has no page of their own to go to
}


def admin_site(world: World, route: Route) -> Rule:
    """A Django admin page (the admin is one family). Everyone without admin rights (anonymous,
    patients, clinicians) is sent to the admin's sign-in page, as Django's admin does. A clinic
    admin (``is_staff`` through their membership) gets what their groups' permissions allow:
    A's objects for the admin of A's clinic; never A's objects for another clinic's admin."""
    return _rule(
        ADMIN_LOGIN,
        ADMIN_LOGIN,
        ADMIN_LOGIN,
        ADMIN_LOGIN,
        ADMIN_LOGIN,
        _admin_staff(world, route, ADMIN_A, sees_a=True),
        _admin_staff(world, route, ADMIN_OTHER, sees_a=False),
        ADMIN_LOGIN,
    )


def _admin_staff(world: World, route: Route, actor: str, *, sees_a: bool) -> Iterable[str]:
    user = world.users[actor]
    assert user is not None
    if not (user.is_active and user.is_staff):
        return (ADMIN_LOGIN,)
    name = (route.name or "").split(":", 1)[1]
    if "url" in route.params:  # the catch-all: no such admin page
        return ("404",)
    if name == "None":  # admin/<app>/<model>/<object_id>/: sends on to the change page
        return (REDIRECT,)
    if name == "app_list":
        return ALLOWED if user.has_module_perms(PARAMS["app_label"](world, route)) else ("404",)
    model = _admin_model(route)
    if model is None:
        if name in _ADMIN_SITE_PAGES:
            return _ADMIN_SITE_PAGES[name]
        pytest.fail(f"admin route {route.key} (/{route.route}): teach admin_site() about it")
    meta = model._meta
    action = next((a for a in _ADMIN_PERMS if name.endswith(f"_{a}")), None)
    if action is None:
        pytest.fail(f"admin route {route.key} (/{route.route}): teach admin_site() about it")
    perms = [f"{meta.app_label}.{verb}_{meta.model_name}" for verb in _ADMIN_PERMS[action]]
    if not any(user.has_perm(p) for p in perms):
        return ADMIN_DENIED  # Django's admin asks for the permission whatever the admin class
    if action in ("changelist", "add", "export") or sees_a:
        # the admin class may narrow it further (read-only, staff rows only…): either is fine;
        # the lists and forms must not show A to another clinic's admin (checked on content)
        return ALLOWED | frozenset(ADMIN_DENIED)
    return ADMIN_DENIED  # A's own rows: never for another clinic's admin


# --------------------------------------------------------------------------------------------
# Expectations: every route (by URL name; the route text when unnamed) and how to ask it.

Body = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Entry:
    rule: Rule | Callable[[World, Route], Rule]
    methods: tuple[str, ...] = ("GET",)  # pages; API rows take their operation's methods
    query: dict[str, str] = field(default_factory=dict)  # values may name a PARAMS provider
    body: Body | None = None
    label: str = ""  # tells variants of one route apart


def _screening_answers(world: World) -> dict[str, Any]:
    policy = active_policy()
    kind = Kind.BEFORE_SESSION
    return {"kind": kind.value, "answers": {q.id: "no" for q in questions_for(kind, policy=policy)}}


def _session_on_plan_a(world: World) -> dict[str, Any]:
    payload = session_payload(world.plan_a)
    payload["client_id"] = str(uuid.uuid4())
    return payload


def _program_edit(world: World) -> dict[str, Any]:
    """The program editor's form for A as it stands, with one hold 5 s longer."""
    from piri.clinic.program_form import state_of

    prescription = current_prescription(world.a)
    assert prescription is not None
    state = state_of(prescription, active_protocol())
    doses = dict(state.doses)
    key = sorted(k for k in doses if k.endswith(".hold_s"))[0]
    doses[key] = str(int(doses[key]) + 5)
    body: dict[str, Any] = {
        "on": sorted(state.on),
        "stretch_variant": state.stretch_variant,
        "massage_option": state.massage_option,
        "lock": sorted(state.locks),
        "note": "Try a longer hold.",
        "why": "Comfortable at the current hold.",
        "based_on": state.based_on,
        **doses,
    }
    if state.lock_variant:
        body["lock_variant"] = "on"
    return body


SELF_OK = (OK, INVALID, REDIRECT)  # pages that may send the patient on (home, a next step)

EXPECTATIONS: dict[str, Entry | list[Entry]] = {
    # public
    "healthz": Entry(public()),
    "service-worker": Entry(public()),  # /sw.js, the offline service worker
    "login": Entry(public(signed_in=(REDIRECT,))),
    "signup": Entry(public(signed_in=(REDIRECT,))),
    "logout": Entry(public((REDIRECT,)), methods=("POST",)),
    # the same three pages under django-allauth's names (never reached: the ones above answer)
    "account_login": Entry(public(signed_in=(REDIRECT,))),
    "account_signup": Entry(public(signed_in=(REDIRECT,))),
    "account_logout": Entry(public((REDIRECT,)), methods=("POST",)),
    # allauth's account pages (docs/decisions/0014-accounts-library.md): the links from
    # emails (password reset, email confirmation) and the pages around them are public and
    # show nobody's data; a dead key is a page that says so. Managing one's own email
    # address and password is for anyone signed in, about themself only.
    "account_inactive": Entry(public()),
    "account_reset_password": Entry(public(SELF_OK), methods=("GET", "POST")),
    "account_reset_password_done": Entry(public(SELF_OK)),
    "account_reset_password_from_key": Entry(public(SELF_OK), methods=("GET", "POST")),
    "account_reset_password_from_key_done": Entry(public(SELF_OK)),
    "account_confirm_email": [
        Entry(public(SELF_OK)),
        Entry(public((NOT_FOUND,)), methods=("POST",), label="a dead key confirms nothing"),
    ],
    "account_email_verification_sent": Entry(public(SELF_OK)),
    "account_email": Entry(signed_in(SELF_OK), methods=("GET", "POST")),
    "account_change_password": Entry(signed_in(SELF_OK), methods=("GET", "POST")),
    "account_set_password": Entry(signed_in(SELF_OK)),
    "account_reauthenticate": Entry(signed_in(SELF_OK)),
    # two-factor sign-in (allauth.mfa): one's own authenticator app and recovery codes. Nobody
    # in the world has set it up: turning it off and the codes are "not found"; setting it up
    # and new codes first ask for the password again (a redirect). The code page at sign-in
    # belongs to a sign-in under way: anyone else is sent to the sign-in page (or, signed in, home).
    # deleting one's account (decision 0017): the patient's own, after the password and the
    # word DELETE (the matrix posts neither: 400, nothing deleted); staff are not patients
    "account-delete": Entry(patient_self(), methods=("GET", "POST")),
    "mfa_index": Entry(signed_in()),
    "mfa_activate_totp": Entry(signed_in(SELF_OK), methods=("GET", "POST")),
    "mfa_deactivate_totp": Entry(signed_in((NOT_FOUND,)), methods=("GET", "POST")),
    "mfa_view_recovery_codes": Entry(signed_in((NOT_FOUND,))),
    "mfa_download_recovery_codes": Entry(signed_in((NOT_FOUND,))),
    "mfa_generate_recovery_codes": Entry(signed_in(SELF_OK), methods=("GET", "POST")),
    "mfa_reauthenticate": Entry(signed_in(SELF_OK)),
    "mfa_authenticate": Entry(public((LOGIN,), signed_in=(REDIRECT,)), methods=("GET", "POST")),
    # passkeys (allauth.mfa's webauthn, Piri's pages): one's own list, and adding one, which
    # first asks for the password again. Renaming and removing ask for it first too, whatever
    # the passkey (after it, allauth looks only among one's own: another person's passkey is
    # "not found", tests/integration/test_passkeys.py). Signing in with a passkey: GET gives
    # its options to a script (JSON when asked for it; a page is sent to the sign-in page),
    # POST without a passkey is sent there too; people signed in are sent on.
    "mfa_list_webauthn": Entry(signed_in()),
    "mfa_add_webauthn": Entry(signed_in(SELF_OK), methods=("GET", "POST")),
    "mfa_reauthenticate_webauthn": Entry(signed_in(SELF_OK), methods=("GET", "POST")),
    "mfa_edit_webauthn": Entry(signed_in((REDIRECT,)), methods=("GET", "POST")),
    "mfa_remove_webauthn": Entry(signed_in((REDIRECT,)), methods=("GET", "POST")),
    "mfa_login_webauthn": Entry(public((LOGIN,), signed_in=(REDIRECT,)), methods=("GET", "POST")),
    "learn": Entry(public()),
    # the home page: a welcome page for anonymous people. Staff are not patients: "not found"
    # by the access rule, or sent on to their own start page.
    "home": Entry(_rule(OK, SELF_OK, SELF_OK, *[(NOT_FOUND, REDIRECT)] * 3)),  # others: same
    # the patient's own pages
    "onboarding": Entry(patient_self(SELF_OK), methods=("GET", "POST")),
    "session": Entry(patient_self()),
    "learn-item": Entry(patient_self()),  # how to do one exercise, with the patient's own doses
    "history": Entry(patient_self()),
    "dose-history": Entry(patient_self()),
    "choose-massage": Entry(
        patient_self(SELF_OK), methods=("POST",), body=lambda w: {"massage_option": "nope"}
    ),
    "checkin": Entry(patient_self(), methods=("GET", "POST")),
    # reminders: the patient's own page; the stop link and the calendar feed are reached by
    # whoever holds the signed link or the secret token (no sign-in: a reminder's tap, a
    # calendar app), and show nobody's name (a bad signature or a revoked token: 404, in
    # tests/integration/test_reminders_pages.py)
    "reminders": Entry(patient_self(SELF_OK), methods=("GET", "POST")),
    "reminders-stop": Entry(public(), methods=("GET", "POST")),
    "reminders-calendar": Entry(public()),
    # web push: the signed-in person's own subscriptions only (tests/integration/test_push.py)
    "push-key": Entry(signed_in()),
    # (the matrix posts a form: a subscription is JSON, so 415 once past the sign-in)
    "push-subscribe": Entry(signed_in(("415",)), methods=("POST",)),
    "push-unsubscribe": Entry(signed_in(("415",)), methods=("POST",)),
    "progress": Entry(patient_self()),
    "insights": Entry(patient_self(), methods=("GET", "POST")),
    "measures": Entry(patient_self(SELF_OK), methods=("GET", "POST")),
    "measures-activities": Entry(patient_self(SELF_OK), methods=("GET", "POST")),
    "safety-check": Entry(patient_self(SELF_OK), methods=("GET", "POST")),
    "safety-emergency": Entry(patient_self(SELF_OK)),  # not locked: sent home
    "safety-urgent": Entry(patient_self(SELF_OK)),
    "safety-advice": Entry(patient_self(SELF_OK)),
    "safety-history": Entry(patient_self()),
    # the report and exports: one's own, or ?patient= a clinician's patient
    **{
        name: [
            Entry(patient_self(), label="own"),
            Entry(own_or_clinic(), query={"patient": "patient_id"}, label="?patient=A"),
        ]
        for name in (
            "report",
            "report-pdf",
            "report-csv",
            "report-json",
            "report-home-program",
            "report-home-program-pdf",
        )
    },
    # the API's description
    "api-v1:openapi-json": Entry(public()),
    "api-v1:openapi-view": Entry(public()),
    "api-v1:api-root": Entry(public((*SELF_OK, NOT_FOUND))),  # ninja's root: nothing there
    # the API: nothing about a patient
    "api-v1:get_protocol": Entry(signed_in()),
    # the API: the signed-in patient's own data (404 for anyone who is not a patient)
    "api-v1:list_questions": Entry(patient_self()),
    "api-v1:create_plan": Entry(
        patient_self(),
        body=lambda w: {"sides": "right", "stretch_variant": "nope", "massage_option": "nope"},
    ),
    # B posting a session on A's plan: refused (404, or 422 naming the plan)
    "api-v1:post_session": Entry(
        patient_self(b=(NOT_FOUND, INVALID)), body=_session_on_plan_a, label="on A's plan"
    ),
    "api-v1:list_sessions": Entry(patient_self()),
    "api-v1:get_session": Entry(patient_only()),
    "api-v1:post_screening": Entry(patient_self(), body=_screening_answers),
    "api-v1:list_screenings": Entry(patient_self()),
    "api-v1:get_state": Entry(patient_self()),
    "api-v1:post_checkin": Entry(patient_self(), body=lambda w: {"pain_now": 3}),
    "api-v1:list_checkins": Entry(patient_self()),
    "api-v1:post_measure": Entry(
        patient_self(), body=lambda w: {"instrument": "nprs", "answers": {}}
    ),
    "api-v1:list_measures": Entry(patient_self()),
    "api-v1:get_insights": Entry(patient_self()),
    "api-v1:put_rating": Entry(patient_self(), body=lambda w: {"rating": 3}),
    # talking to a specialist: the patient's side (A's request is A's only)
    "specialist": Entry(patient_self(SELF_OK), methods=("GET", "POST")),
    "specialist-request": Entry(patient_only(SELF_OK), methods=("GET", "POST")),
    "api-v1:list_requests": Entry(patient_self()),
    "api-v1:post_request": Entry(
        patient_self(),  # B belongs to A's clinic too: B may write to it
        body=lambda w: {"topic": "other", "message": "A question.", "clinic_id": w.clinic_a.pk},
    ),
    "api-v1:get_request": Entry(patient_only()),
    "api-v1:post_message": Entry(patient_only(), body=lambda w: {"message": "And another."}),
    "api-v1:close_request": Entry(patient_only()),
    # the clinician's side
    "clinic-dashboard": [
        Entry(staff_self(), label="own"),
        # everyone (A and B too), searched by A's first name: only A's clinic finds A
        Entry(staff_self(), query={"show": "all", "q": A_NAME[0]}, label="?show=all&q=A"),
        Entry(clinic_staff_only(), query={"clinic": "clinic_id"}, label="?clinic=A's"),
    ],
    "clinic-patient": Entry(clinic_staff_only()),
    # (clinicians' changes are sent valid: the other clinic's attempt must be refused, not
    # merely fail to validate)
    "clinic-program": Entry(
        clinic_staff_only(SELF_OK), methods=("GET", "POST"), body=_program_edit
    ),
    "clinic-review": Entry(
        clinic_staff_only(SELF_OK), methods=("POST",), body=lambda w: {"note": "Seen today."}
    ),
    # discharging A: the page for A's clinic's staff; the post (box ticked) discharges A, so
    # after A's clinician has, A's clinic admin (asked next) finds no one there: 404. (A rule
    # given as a function, so the audit check that asks both in turn passes it by; each one's
    # discharge and its audit row: tests/integration/test_leaving.py.)
    "clinic-discharge": [
        Entry(clinic_staff_only(), label="the page"),
        Entry(
            lambda w, r: _rule(
                DENY_ANON, NOT_FOUND, NOT_FOUND, SELF_OK, NOT_FOUND, (*SELF_OK, NOT_FOUND)
            ),
            methods=("POST",),
            body=lambda w: {"confirm": "yes", "reason": "Goals met."},
            label="discharge",
        ),
    ],
    "clinic-requests": Entry(staff_self()),
    # the patient's clinics: joining is open to anyone with a code (a new account is made
    # on the way); leaving A's clinic is for A (and for B, who belongs to it too)
    "my-clinics": Entry(patient_self()),
    "clinic-join": Entry(public(), methods=("GET", "POST")),
    # joining a clinic that takes people without a code: any patient, for themself (A's
    # clinic does not take them, so A's post is refused: 400)
    "clinic-join-open": Entry(
        patient_self(SELF_OK), methods=("GET", "POST"), body=lambda w: {"clinic": w.clinic_a.pk}
    ),
    "clinic-leave": Entry(patient_self(SELF_OK), methods=("GET", "POST")),
    "access-log": Entry(patient_self()),
    "access-log-csv": Entry(patient_self()),
    "plan-changes-seen": Entry(patient_self(SELF_OK), methods=("POST",)),
    "clinic-request": Entry(
        clinic_staff_only(SELF_OK),
        methods=("GET", "POST"),
        body=lambda w: {"action": "reply", "message": "Hold it for 10 s less."},
    ),
    # clinic videos: the files for the people of A's clinic; the upload page for its admins
    # (an upload without files is refused: 400, so the admin was let in)
    "clinic-video-file": Entry(clinic_media()),
    "clinic-video-captions": Entry(clinic_media()),
    "clinic-video-poster": Entry(clinic_media()),
    "clinic-videos": Entry(clinic_admin_only(), methods=("GET", "POST")),
    "clinic-video-remove": Entry(clinic_admin_only(SELF_OK), methods=("POST",)),
    # the Django admin's sign-in page is public (people with admin rights are sent on to the
    # admin); signing out sends anyone without admin rights to the admin's front page.
    # Every other admin page is the admin family (admin_site).
    "admin:login": Entry(_rule(ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED, SELF_OK, SELF_OK)),
    "admin:logout": Entry(public((OK, REDIRECT)), methods=("POST",)),
}

ADMIN_FAMILY = Entry(admin_site)


def entries_for(route: Route) -> list[Entry] | None:
    found = EXPECTATIONS.get(route.key)
    if found is None and route.is_admin:
        return [ADMIN_FAMILY]
    if found is None:
        return None
    return found if isinstance(found, list) else [found]


# --------------------------------------------------------------------------------------------
# Asking


def outcome(response: HttpResponse) -> str:
    status = response.status_code
    json_body = response.get("Content-Type", "").startswith("application/json")
    if status == 200 and json_body and response.content.strip() == b"[]":
        return EMPTY
    if 200 <= status < 300:
        return OK
    if status in (400, 422):
        return INVALID
    if 300 <= status < 400:
        location = response.get("Location", "")
        if location.startswith(resolve_url("admin:login")):
            return ADMIN_LOGIN
        if location.startswith(resolve_url(settings.LOGIN_URL)):
            return LOGIN
        return REDIRECT
    return str(status)


def rule_of(entry: Entry, world: World | None, route: Route) -> Rule:
    if callable(entry.rule):
        assert world is not None
        return entry.rule(world, route)
    return entry.rule


def expected_for(entry: Entry, route: Route, actor: str, world: World | None = None) -> Outcomes:
    wanted = rule_of(entry, world, route)[actor]
    if DENY_ANON in wanted:
        wanted = (wanted - {DENY_ANON}) | {"401" if route.is_api else LOGIN}
    return wanted


def client_for(world: World, actor: str) -> Client:
    # a route that fails answers 500 in the list of mismatches rather than stopping the row
    client = Client(raise_request_exception=False)
    user = world.users[actor]
    if user is not None:
        client.force_login(user)
    return client


def methods_of(entry: Entry, route: Route) -> tuple[str, ...]:
    return route.api_methods or entry.methods


def ask(world: World, route: Route, entry: Entry, method: str, actor: str) -> Any:
    """The test client's response (an ``HttpResponse`` with the client's extras)."""
    path = fill(route, {name: PARAMS[name](world, route) for name in route.params})
    query = {k: PARAMS[v](world, route) if v in PARAMS else v for k, v in entry.query.items()}
    if query:
        path += "?" + urlencode(query)
    client = client_for(world, actor)
    body = entry.body(world) if entry.body is not None else {}
    if method == "GET":
        return client.get(path)
    if route.is_api:
        return client.generic(method, path, json.dumps(body), content_type="application/json")
    return client.generic(
        method, path, urlencode(body, doseq=True), content_type="application/x-www-form-urlencoded"
    )


A_CLINIC = "Riverside"  # A's clinic: unknown to anyone outside it (B belongs to it)
OUTSIDERS = (ANON, CLIN_OTHER, ADMIN_OTHER, FORMER)


def _leaks_a(response: Any, actor: str) -> bool:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if A_NAME[1].encode() in content:
        return True
    return actor in OUTSIDERS and A_CLINIC.encode() in content


NEVER_SEE_A = (ANON, B, CLIN_OTHER, ADMIN_OTHER, FORMER)


def may_see_a(entry: Entry, route: Route, actor: str, world: World) -> bool:
    """Whether ``actor``'s response may show A's name: A's own, and those of the staff of A's
    clinic where the rule lets them in. Nobody else's, ever (lists included)."""
    if actor == A:
        return True
    if actor in NEVER_SEE_A:
        return False
    return bool(expected_for(entry, route, actor, world) & ALLOWED)


# --------------------------------------------------------------------------------------------
# The routes, read once at collection

ROUTES = all_routes()


def _row_id(route: Route) -> str:
    methods = "/".join(route.api_methods) if route.api_methods else "page"
    return f"{methods} {route.key}"


def test_every_route_is_in_the_matrix() -> None:
    """Each route has expectations and a provider for each parameter; each expectation
    names a route that exists."""
    problems = []
    keys = {r.key for r in ROUTES}
    for route in ROUTES:
        if entries_for(route) is None:
            problems.append(
                f"add route {route.key!r} (/{route.route}) to the authorization matrix "
                f"(EXPECTATIONS in {__name__})"
            )
        for name in route.params:
            if name not in PARAMS:
                problems.append(
                    f"route {route.key!r} (/{route.route}) takes <{name}>: add a provider "
                    f"for it to PARAMS in {__name__}"
                )
    for key in EXPECTATIONS:
        if key not in keys:
            problems.append(f"EXPECTATIONS has {key!r}, which is no longer a route: remove it")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=_row_id)
def test_route_authorization(route: Route, world: World) -> None:
    entries = entries_for(route)
    if entries is None:
        pytest.fail(f"add route {route.key!r} (/{route.route}) to the authorization matrix")
    missing = [name for name in route.params if name not in PARAMS]
    if missing:
        pytest.fail(f"route {route.key!r} takes {missing}: add a provider for each to PARAMS")
    mismatches = []
    for entry in entries:
        for method in methods_of(entry, route):
            for actor in ACTORS:
                response = ask(world, route, entry, method, actor)
                got = outcome(response)
                wanted = expected_for(entry, route, actor, world)
                where = f"{method} /{route.route} {entry.label}".rstrip()
                if got not in wanted:
                    mismatches.append(
                        f"{where}  {actor}: expected {'|'.join(sorted(wanted))}, "
                        f"got {got} ({response.status_code} {response.get('Location', '')})"
                    )
                elif not may_see_a(entry, route, actor, world) and _leaks_a(response, actor):
                    mismatches.append(f"{where}  {actor}: the response shows A's name")
    assert not mismatches, "authorization matrix mismatches:\n" + "\n".join(mismatches)


# --------------------------------------------------------------------------------------------
# A clinician of another clinic changing A's data: nothing changes, a "denied" row is written


def _write_rows() -> list[tuple[Route, Entry, str]]:
    rows: list[tuple[Route, Entry, str]] = []
    for route in ROUTES:
        for entry in entries_for(route) or []:
            if not (route.params or entry.query):
                continue
            for method in methods_of(entry, route):
                if method == "GET":
                    continue
                if callable(entry.rule):
                    continue  # the admin family: pages only
                if entry.rule[CLIN_A] & ALLOWED and not entry.rule[CLIN_OTHER] & ALLOWED:
                    rows.append((route, entry, method))
    return rows


def _snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of the app's own tables but the audit log."""
    tables = {}
    for label in ("accounts", "program", "clinic"):
        for model in apps.get_app_config(label).get_models():
            if model is AuditEvent:
                continue
            rows = list(model._default_manager.order_by("pk").values())
            for row in rows:
                row.pop("last_login", None)  # signing the clinician in
            tables[model._meta.label] = rows
    return tables


WRITE_ROWS = _write_rows()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "entry", "method"),
    WRITE_ROWS or [pytest.param(None, None, None, marks=pytest.mark.skip("no such route yet"))],
    ids=lambda v: v.key if isinstance(v, Route) else (v if isinstance(v, str) else ""),
)
def test_another_clinics_clinician_changes_nothing_and_is_audited(
    route: Route, entry: Entry, method: str, world: World
) -> None:
    before = _snapshot()
    denied = AuditEvent.objects.filter(action=AuditEvent.Action.DENIED).count()
    response = ask(world, route, entry, method, CLIN_OTHER)
    assert outcome(response) not in ALLOWED, f"{method} /{route.route} was let through"
    assert _snapshot() == before, f"{method} /{route.route} changed data"
    events = AuditEvent.objects.filter(action=AuditEvent.Action.DENIED)
    assert events.count() > denied, f"{method} /{route.route} left no 'denied' audit event"
    assert events.filter(actor=world.users[CLIN_OTHER]).exists()
    # the same request from A's clinician does change something: the body is a real change
    ask(world, route, entry, method, CLIN_A)
    assert _snapshot() != before, (
        f"{method} /{route.route}: A's clinician sending the matrix's body changes nothing; "
        "give the route a body in EXPECTATIONS that makes a real change"
    )


# --------------------------------------------------------------------------------------------
# Staff reaching A's data: each time in the audit log, allowed or refused


def _rows_naming_a() -> list[tuple[Route, Entry, str]]:
    rows: list[tuple[Route, Entry, str]] = []
    for route in ROUTES:
        for entry in entries_for(route) or []:
            if callable(entry.rule) or not (
                {"patient_id", "request_id"} & set(route.params) or "patient" in entry.query
            ):
                continue
            if entry.rule[CLIN_A] & ALLOWED:
                rows.extend((route, entry, method) for method in methods_of(entry, route))
    return rows


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "entry", "method"),
    _rows_naming_a()
    or [pytest.param(None, None, None, marks=pytest.mark.skip("no such route yet"))],
    ids=lambda v: v.key if isinstance(v, Route) else (v if isinstance(v, str) else ""),
)
def test_staff_reaching_a_is_audited(route: Route, entry: Entry, method: str, world: World) -> None:
    """``access.clinic_patient``: a clinician's read or change of A's data is logged with A's
    name; another clinic's clinician asking for it is logged as refused."""
    where = f"{method} /{route.route} {entry.label}".rstrip()
    for actor in (CLIN_A, ADMIN_A):
        before = AuditEvent.objects.filter(actor=world.users[actor], patient=world.a).count()
        ask(world, route, entry, method, actor)
        after = AuditEvent.objects.filter(actor=world.users[actor], patient=world.a).count()
        assert after > before, f"{where}: {actor} reached A's data with no audit row"
    refused = AuditEvent.objects.filter(
        actor=world.users[CLIN_OTHER], action=AuditEvent.Action.DENIED
    )
    assert not refused.exists()
    ask(world, route, entry, method, CLIN_OTHER)
    assert refused.exists(), f"{where}: {CLIN_OTHER} was refused with no 'denied' audit row"


# --------------------------------------------------------------------------------------------
# Outside the URL configuration: static files are public


@pytest.mark.django_db
def test_static_files_and_healthz_are_public(world: World) -> None:
    for actor in ACTORS:
        client = client_for(world, actor)
        assert client.get("/static/piri/app.css").status_code == 200, actor
        assert client.get("/healthz").status_code == 200, actor


# --------------------------------------------------------------------------------------------
# A clinic that requires two-factor sign-in of its staff: A's clinician and clinic admin, who
# have not set it up, reach no route at all but their own account pages and the set-up
# (``piri.accounts.two_factor``): pages send them to the set-up, the API answers 403, and no
# response names A.

OPEN_WITHOUT_TWO_FACTOR = ("login", "logout", "healthz", "account_", "mfa_")


def _open_without_two_factor(route: Route) -> bool:
    return bool(route.name) and (
        route.name in OPEN_WITHOUT_TWO_FACTOR[:3]
        or route.name.startswith(OPEN_WITHOUT_TWO_FACTOR[3:])
    )


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=_row_id)
def test_no_route_without_two_factor_when_the_clinic_requires_it(
    route: Route, world: World
) -> None:
    if _open_without_two_factor(route):
        return  # their own account pages and the set-up (the matrix above covers them)
    Clinic.objects.filter(pk=world.clinic_a.pk).update(staff_two_factor_required=True)
    setup = resolve_url("mfa_activate_totp")
    wrong = []
    for entry in entries_for(route) or []:
        for method in methods_of(entry, route):
            for actor in (CLIN_A, ADMIN_A):
                response = ask(world, route, entry, method, actor)
                where = f"{method} /{route.route} {entry.label} {actor}"
                if route.is_api:
                    if response.status_code != 403:
                        wrong.append(f"{where}: {response.status_code}, not 403")
                elif response.status_code != 302 or response["Location"] != setup:
                    wrong.append(
                        f"{where}: {response.status_code} {response.get('Location', '')}, "
                        "not sent to the set-up"
                    )
                if _leaks_a(response, actor):
                    wrong.append(f"{where}: the response shows A's name")
    assert not wrong, "\n".join(wrong)
