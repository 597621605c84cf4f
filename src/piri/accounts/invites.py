"""Single-use invites to a clinic, and joining and leaving one.

A code is 10 letters and digits from an alphabet without look-alikes (about 50 bits), shown
once to the admin who made it; only its SHA-256 is stored. ``use_invite`` marks the invite
used with one conditional UPDATE, so two people racing for the same code cannot both win.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from piri.accounts.models import CareLink, Clinic, Invite, Patient, StaffMembership, User
from piri.accounts.models.clinics import Role
from piri.accounts.roles import add_membership
from piri.domain.errors import FieldError

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
DEFAULT_DAYS = 7
MAX_DAYS = 60


@dataclass(frozen=True, slots=True)
class NewInvite:
    invite: Invite
    code: str  # shown once; never stored


def normalise(code: str) -> str:
    """Upper case, without spaces or dashes: what people type back is forgiven."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def create_invite(
    clinic: Clinic,
    role: str,
    *,
    by: User,
    days: int = DEFAULT_DAYS,
    note: str = "",
    now: datetime,
) -> NewInvite:
    if role not in Role.values:
        raise FieldError("role", _("Choose patient, clinician or clinic admin."))
    if not 1 <= days <= MAX_DAYS:
        raise FieldError("days", _("An invite lasts from 1 to %(max)d days.") % {"max": MAX_DAYS})
    code = "".join(secrets.choice(ALPHABET) for _n in range(CODE_LENGTH))
    invite = Invite.objects.create(
        clinic=clinic,
        role=role,
        code_hash=code_hash(code),
        note=note[:120],
        created_by=by,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    return NewInvite(invite=invite, code=code)


def find_invite(code: str, *, now: datetime) -> Invite:
    """The invite a code opens; ``FieldError("code", ...)`` saying why when it cannot be used."""
    invite = Invite.objects.select_related("clinic").filter(code_hash=code_hash(code)).first()
    if invite is None:
        raise FieldError("code", _("This invite code is not known. Check it and try again."))
    if invite.used_at is not None:
        raise _already_used()
    if invite.expires_at <= now:
        raise FieldError("code", _("This invite has expired. Ask the clinic for a new one."))
    return invite


@transaction.atomic
def use_invite(code: str, user: User, *, now: datetime) -> Invite:
    """Make ``user`` what the invite says, in its clinic; the invite cannot be used again."""
    invite = find_invite(code, now=now)
    claimed = Invite.objects.filter(pk=invite.pk, used_at__isnull=True, expires_at__gt=now).update(
        used_at=now, used_by=user
    )
    if claimed != 1:  # someone else used it between the lookup and now
        raise _already_used()
    if invite.role == Role.PATIENT:
        patient, _created = Patient.objects.get_or_create(user=user)
        join_clinic(patient, invite.clinic, now=now)
    else:
        add_membership(invite.clinic, user, invite.role)  # groups and is_staff follow
    return invite


def _already_used() -> FieldError:
    return FieldError("code", _("This invite has already been used. Ask the clinic for a new one."))


def join_clinic(patient: Patient, clinic: Clinic, *, now: datetime) -> CareLink:
    link, _created = CareLink.objects.get_or_create(
        clinic=clinic, patient=patient, left_at=None, defaults={"joined_at": now}
    )
    return link


def open_clinics() -> list[Clinic]:
    """The clinics that take people who sign up on their own: the install's home clinic
    (or, on an install shared by several clinics, those that open their doors)."""
    return list(Clinic.objects.filter(accepts_self_signup=True).order_by("name", "pk"))


def leave_clinic(patient: Patient, clinic: Clinic, *, now: datetime) -> bool:
    """Revoke the clinic's access to the patient's data at once; False if not a member."""
    left = CareLink.objects.filter(clinic=clinic, patient=patient, left_at__isnull=True).update(
        left_at=now
    )
    return left > 0


def current_clinics(patient: Patient) -> list[Clinic]:
    return list(
        Clinic.objects.filter(care_links__patient=patient, care_links__left_at__isnull=True)
    )


def clinicians_who_see(patient: Patient) -> list[StaffMembership]:
    """Everyone who can see this patient's data now: staff of the clinics they belong to."""
    return list(
        StaffMembership.objects.filter(
            ended_at__isnull=True,
            clinic__care_links__patient=patient,
            clinic__care_links__left_at__isnull=True,
        )
        .select_related("user", "clinic")
        .order_by("clinic__name", "user__first_name", "user__username")
    )
