"""Roles: the two staff groups, and groups and is_staff kept in step with memberships."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from piri.accounts.access import visible_patients
from piri.accounts.invites import create_invite, use_invite
from piri.accounts.models import StaffMembership, User
from piri.accounts.models.clinics import Role
from piri.accounts.roles import CLINIC_ADMINS, CLINICIANS, add_membership, end_membership
from piri.program.models import ClinicalReview
from tests.factories.clinics import link, make_clinic
from tests.factories.people import make_patient, make_staff, make_user

pytestmark = pytest.mark.django_db


def groups(user: User) -> set[str]:
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


def staff_flag(user: User) -> bool:
    return User.objects.get(pk=user.pk).is_staff


def test_the_migration_made_both_groups_with_their_permissions():
    clinicians = Group.objects.get(name=CLINICIANS)
    admins = Group.objects.get(name=CLINIC_ADMINS)
    clinician_perms = set(clinicians.permissions.values_list("codename", flat=True))
    admin_perms = set(admins.permissions.values_list("codename", flat=True))
    assert {"view_patient", "add_clinicalreview", "view_checkin"} <= clinician_perms
    assert {"add_invite", "change_clinic", "view_auditevent", "view_user"} <= admin_perms
    # the audit log is append-only: nobody's group may change or delete it
    assert not {"change_auditevent", "delete_auditevent", "add_auditevent"} & admin_perms
    assert "delete_user" not in admin_perms


def test_a_clinician_invite_puts_them_in_clinicians_without_the_admin_site():
    clinic = make_clinic()
    admin = make_staff(clinic, role=Role.ADMIN)
    person = make_user()
    use_invite(
        create_invite(clinic, Role.CLINICIAN, by=admin, now=timezone.now()).code,
        person,
        now=timezone.now(),
    )
    assert groups(person) == {CLINICIANS}
    assert not staff_flag(person)


def test_an_admin_invite_gives_both_groups_and_is_staff():
    clinic = make_clinic()
    admin = make_staff(clinic, role=Role.ADMIN)
    person = make_user()
    use_invite(
        create_invite(clinic, Role.ADMIN, by=admin, now=timezone.now()).code,
        person,
        now=timezone.now(),
    )
    assert groups(person) == {CLINICIANS, CLINIC_ADMINS}
    assert staff_flag(person)


def test_an_admin_invite_promotes_a_clinician_of_the_same_clinic():
    clinic = make_clinic()
    person = make_staff(clinic)
    add_membership(clinic, person, Role.ADMIN)
    assert StaffMembership.objects.get(user=person, ended_at=None).role == Role.ADMIN
    assert groups(person) == {CLINICIANS, CLINIC_ADMINS} and staff_flag(person)
    add_membership(clinic, person, Role.CLINICIAN)  # never a demotion by invite
    assert StaffMembership.objects.get(user=person, ended_at=None).role == Role.ADMIN


def test_ending_memberships_takes_groups_and_access_away_in_step():
    north, south = make_clinic(name="North"), make_clinic(name="South")
    patient = link(make_patient(), north)
    person = make_staff(north, role=Role.ADMIN)
    add_membership(south, person, Role.CLINICIAN)
    assert list(visible_patients(person)) == [patient]

    assert end_membership(
        StaffMembership.objects.get(user=person, clinic=north), now=timezone.now()
    )
    assert groups(person) == {CLINICIANS}  # still a clinician at South
    assert not staff_flag(person)
    assert list(visible_patients(person)) == []

    assert end_membership(
        StaffMembership.objects.get(user=person, clinic=south), now=timezone.now()
    )
    assert groups(person) == set()
    assert not end_membership(
        StaffMembership.objects.get(user=person, clinic=south), now=timezone.now()
    )


def test_a_superuser_keeps_is_staff_when_a_membership_ends():
    clinic = make_clinic()
    boss = User.objects.create_superuser(username="root", password="x-long-pass-123")
    add_membership(clinic, boss, Role.ADMIN)
    end_membership(StaffMembership.objects.get(user=boss), now=timezone.now())
    assert staff_flag(boss)
    assert groups(boss) == set()


def test_piri_review_accepts_a_clinician_without_is_staff():
    clinic = make_clinic()
    patient = link(make_patient(), clinic)
    clinician = make_staff(clinic, username="dr_sam")
    assert not clinician.is_staff
    call_command("review", patient.user.username, "--by", "dr_sam", "--note", "Seen, all fine.")
    assert ClinicalReview.objects.filter(patient=patient, reviewer=clinician).exists()


def test_an_admin_membership_gives_both_groups_and_the_admin_flag():
    clinic = make_clinic()
    person = make_user()
    add_membership(clinic, person, Role.ADMIN)
    assert groups(person) == {CLINICIANS, CLINIC_ADMINS} and staff_flag(person)


def test_groups_made_afresh_carry_their_permissions():
    Group.objects.filter(name__in=(CLINICIANS, CLINIC_ADMINS)).delete()  # an emptied database
    clinic = make_clinic()
    person = make_user()
    add_membership(clinic, person, Role.ADMIN)
    person = User.objects.get(pk=person.pk)  # permissions are cached per instance
    assert person.has_perm("accounts.add_invite") and person.has_perm("program.view_screening")
