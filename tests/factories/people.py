"""People: users, patients, the staff of a clinic, and a test client signed in as one."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from django.test import Client
from django.utils import timezone

from piri.accounts.models import Clinic, Patient, User
from piri.accounts.models.clinics import Role
from piri.accounts.roles import add_membership
from piri.domain.triage import Screening as Kind
from piri.program.services.onboarding import onboard
from piri.program.services.protocol import active_protocol
from tests.factories.program import screen

PASSWORD = "a-long-test-passphrase-42"
_numbers = itertools.count(1)


def make_user(*, username: str | None = None, password: str = PASSWORD, **fields: Any) -> User:
    username = username or f"person{next(_numbers)}"
    return User.objects.create_user(username=username, password=password, **fields)


def make_patient(
    *,
    username: str | None = None,
    onboarded: bool = True,
    sides: str = "right",
    floor_ok: bool = True,
    tools: tuple[str, ...] = (),
    weekly_target: int = 4,
    baseline_pain: int = 5,
    time_zone: str = "Europe/London",
    now: datetime | None = None,
    screened: bool = True,
) -> Patient:
    """An onboarded patient who has just answered the full safety questions with "no" (so a
    session may start now); ``screened=False`` leaves the questions unanswered."""
    patient = Patient.objects.create(user=make_user(username=username), time_zone=time_zone)
    if onboarded:
        onboard(
            patient,
            protocol=active_protocol(),
            sides=sides,
            floor_ok=floor_ok,
            tools=tools,
            weekly_target=weekly_target,
            time_zone=time_zone,
            baseline_pain=baseline_pain,
            now=now or timezone.now(),
        )
        if screened:
            screen(patient, kind=Kind.ONBOARDING, now=now)
    return patient


def make_staff(clinic: Clinic, *, role: str = Role.CLINICIAN, **user_fields: Any) -> User:
    """A member of ``clinic``'s staff, made the way an invite makes one
    (``piri.accounts.roles.add_membership``: groups and ``is_staff`` follow the role)."""
    user = make_user(**user_fields)
    add_membership(clinic, user, role)
    user.refresh_from_db()
    return user


def signed_in(user: User) -> Client:
    """Django's test client, signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def give_email(user: User, email: str, *, verified: bool = True) -> User:
    """``user`` gets ``email`` as their account's address (allauth's ``EmailAddress`` too)."""
    from allauth.account.models import EmailAddress

    user.email = email
    user.save(update_fields=["email"])
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def make_passkey(user: User, *, name: str = "Phone") -> Any:
    """A passkey row (allauth.mfa's ``Authenticator`` of type webauthn) for ``user``, with a
    placeholder where the browser's credential would be: enough for pages that list, rename or
    remove it, never to sign in with (the browser tests make real ones)."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.WEBAUTHN, data={"name": name, "credential": {}}
    )
