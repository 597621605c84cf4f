"""Staff roles: memberships of a clinic, and the Django groups and flags that follow them.

A person's groups and ``is_staff`` are never set by hand: they are worked out from their
current ``StaffMembership`` rows by ``sync_roles``, which every change of membership calls
(``add_membership``, ``end_membership``). So a clinician is in "Clinicians"; a clinic admin is
in "Clinic admins" and "Clinicians" (an admin sees the clinic's patients too) and has
``is_staff``, which Django's admin asks for. Ending the last membership takes all of it away.
Superusers keep ``is_staff`` whatever their memberships say. Memberships are made and ended
only through these two functions (no signal does it behind the scenes): code that creates a
``StaffMembership`` row itself would leave the groups behind.

The groups and their permissions are made by migration ``accounts.0005_role_groups``.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import QuerySet

from piri.accounts.models import Clinic, StaffMembership, User
from piri.accounts.models.clinics import Role

CLINICIANS = "Clinicians"
CLINIC_ADMINS = "Clinic admins"
ROLE_GROUPS = (CLINICIANS, CLINIC_ADMINS)

# What each group may do: the same lists migration 0005 wrote, used again when a group has to
# be made afresh (a database emptied by a test run, or migrated with 0005 faked).
GROUP_PERMISSIONS = {
    CLINICIANS: (
        ("accounts", "view_patient"),
        ("program", "view_exercisesession"),
        ("program", "view_checkin"),
        ("program", "view_screening"),
        ("program", "view_measureresponse"),
        ("program", "view_dosechange"),
        ("program", "add_dosechange"),
        ("program", "view_prescription"),
        ("program", "add_prescription"),
        ("program", "view_clinicalreview"),
        ("program", "add_clinicalreview"),
        ("clinic", "view_specialistrequest"),
        ("clinic", "change_specialistrequest"),
        ("clinic", "view_requestmessage"),
        ("clinic", "add_requestmessage"),
        ("clinic", "view_triagerow"),
    ),
    CLINIC_ADMINS: (
        ("accounts", "view_user"),
        ("accounts", "change_user"),
        ("accounts", "view_invite"),
        ("accounts", "add_invite"),
        ("accounts", "change_invite"),
        ("accounts", "view_clinic"),
        ("accounts", "change_clinic"),
        ("accounts", "view_staffmembership"),
        ("accounts", "change_staffmembership"),
        ("accounts", "view_carelink"),
        ("accounts", "view_auditevent"),
    ),
}


def _make_group(name: str) -> Group:
    group = Group.objects.create(name=name)
    wanted = GROUP_PERMISSIONS[name]
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _code in wanted},
        codename__in={code for _app, code in wanted},
    ).select_related("content_type")
    group.permissions.set(p for p in found if (p.content_type.app_label, p.codename) in set(wanted))
    return group


def _groups_for(roles: set[str]) -> set[str]:
    if Role.ADMIN in roles:
        return {CLINICIANS, CLINIC_ADMINS}
    return {CLINICIANS} if Role.CLINICIAN in roles else set()


@transaction.atomic
def sync_roles(user: User) -> None:
    """Bring ``user``'s role groups and ``is_staff`` in step with their current memberships."""
    roles = set(
        StaffMembership.objects.filter(user=user, ended_at__isnull=True).values_list(
            "role", flat=True
        )
    )
    wanted = _groups_for(roles)
    groups = {g.name: g for g in Group.objects.filter(name__in=ROLE_GROUPS)}
    missing = wanted - set(groups)
    for name in missing:  # emptied or migrated with 0005 faked: make them now
        groups[name] = _make_group(name)
    user.groups.remove(*(groups[name] for name in set(groups) - wanted))
    user.groups.add(*(groups[name] for name in wanted))
    staff = user.is_superuser or Role.ADMIN in roles
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def add_membership(clinic: Clinic, user: User, role: str) -> StaffMembership:
    """Make ``user`` a clinician or admin of ``clinic``. One person has one current role per
    clinic: an admin invite promotes a clinician; a clinician invite leaves an admin as is."""
    membership, created = StaffMembership.objects.get_or_create(
        clinic=clinic, user=user, ended_at=None, defaults={"role": role}
    )
    if not created and role == Role.ADMIN and membership.role != Role.ADMIN:
        membership.role = Role.ADMIN
        membership.save(update_fields=["role"])
    sync_roles(user)
    return membership


@transaction.atomic
def end_membership(membership: StaffMembership, *, now: datetime) -> bool:
    """End a membership at once (access to the clinic's patients goes with it); False if it
    had already ended."""
    ended = StaffMembership.objects.filter(pk=membership.pk, ended_at__isnull=True).update(
        ended_at=now
    )
    membership.refresh_from_db(fields=["ended_at"])
    sync_roles(membership.user)
    return ended > 0


def admin_clinics(user: object) -> QuerySet[Clinic]:
    """The clinics ``user`` is a current admin of (every clinic for a superuser)."""
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return Clinic.objects.none()
    if user.is_superuser:
        return Clinic.objects.all()
    return Clinic.objects.filter(
        staff__user=user, staff__role=Role.ADMIN, staff__ended_at__isnull=True
    ).distinct()


def is_clinic_admin(user: object) -> bool:
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return user.memberships.filter(role=Role.ADMIN, ended_at__isnull=True).exists()
