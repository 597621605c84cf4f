"""Clinics, invites, joining and leaving, and who may see whose data (accounts/access.py)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from piri.accounts.access import patient_scope, visible_patients
from piri.accounts.invites import (
    clinicians_who_see,
    create_invite,
    current_clinics,
    leave_clinic,
    normalise,
    use_invite,
)
from piri.accounts.models import Invite, Patient, StaffMembership
from piri.accounts.models.clinics import Role
from piri.accounts.roles import add_membership
from piri.domain.errors import FieldError
from piri.program.access import own_sessions
from tests.factories.clinics import link, make_clinic
from tests.factories.people import make_patient, make_staff, make_user, signed_in
from tests.factories.program import make_plan, session_payload

pytestmark = pytest.mark.django_db


def test_a_patient_invite_joins_the_clinic_once():
    clinic = make_clinic()
    admin = make_staff(clinic, role=Role.ADMIN)
    made = create_invite(clinic, Role.PATIENT, by=admin, now=timezone.now())
    patient = make_patient()
    use_invite(
        made.code.lower(), patient.user, now=timezone.now()
    )  # typed in lower case: still the same code
    assert current_clinics(patient) == [clinic]
    other = make_user()
    with pytest.raises(FieldError, match="already been used") as error:
        use_invite(made.code, other, now=timezone.now())
    assert error.value.field == "code"
    assert not Patient.objects.filter(user=other).exists()


def test_only_a_hash_of_the_code_is_stored():
    clinic = make_clinic()
    made = create_invite(
        clinic, Role.CLINICIAN, by=make_staff(clinic, role=Role.ADMIN), now=timezone.now()
    )
    stored = Invite.objects.get(pk=made.invite.pk)
    assert made.code not in stored.code_hash
    assert len(normalise(made.code)) == 10


def test_an_expired_or_unknown_invite_is_refused_and_changes_nothing():
    clinic = make_clinic()
    admin = make_staff(clinic, role=Role.ADMIN)
    now = timezone.now()
    made = create_invite(clinic, Role.CLINICIAN, by=admin, days=1, now=now - timedelta(days=2))
    user = make_user()
    with pytest.raises(FieldError, match="expired"):
        use_invite(made.code, user, now=now)
    with pytest.raises(FieldError, match="not known"):
        use_invite("NOPE-NOPE-1", user, now=now)
    assert not StaffMembership.objects.filter(user=user).exists()
    assert Invite.objects.get(pk=made.invite.pk).used_at is None


@pytest.mark.parametrize(("role", "days"), [("doctor", 7), ("patient", 0), ("patient", 61)])
def test_bad_invite_settings_are_refused_naming_the_field(role, days):
    clinic = make_clinic()
    with pytest.raises(FieldError) as error:
        create_invite(
            clinic, role, by=make_staff(clinic, role=Role.ADMIN), days=days, now=timezone.now()
        )
    assert error.value.field == ("role" if role == "doctor" else "days")


def test_a_clinician_invite_gives_access_to_the_clinics_patients_only():
    clinic, elsewhere = make_clinic(), make_clinic(name="Hillside")
    mine = link(make_patient(), clinic)
    theirs = link(make_patient(), elsewhere)
    unlinked = make_patient()
    clinician = make_user()
    use_invite(
        create_invite(clinic, Role.CLINICIAN, by=make_staff(clinic), now=timezone.now()).code,
        clinician,
        now=timezone.now(),
    )
    assert list(visible_patients(clinician)) == [mine]
    assert patient_scope(clinician, mine.pk) == mine
    for other in (theirs, unlinked):
        with pytest.raises(Http404):
            patient_scope(clinician, other.pk)


def test_leaving_the_clinic_revokes_access_at_once():
    clinic = make_clinic()
    patient = link(make_patient(), clinic)
    clinician = make_staff(clinic, first_name="Sam")
    assert [m.user for m in clinicians_who_see(patient)] == [clinician]
    assert leave_clinic(patient, clinic, now=timezone.now())
    assert list(visible_patients(clinician)) == []
    assert clinicians_who_see(patient) == []
    assert not leave_clinic(patient, clinic, now=timezone.now())  # already left


def test_an_ended_membership_sees_nothing():
    clinic = make_clinic()
    patient = link(make_patient(), clinic)
    clinician = make_staff(clinic)
    StaffMembership.objects.filter(user=clinician).update(ended_at=timezone.now())
    with pytest.raises(Http404):
        patient_scope(clinician, patient.pk)


def test_a_patient_sees_only_themself_and_the_patient_lists_stay_their_own():
    clinic = make_clinic()
    a, b = link(make_patient(), clinic), link(make_patient(), clinic)
    assert list(visible_patients(a.user)) == [a]
    with pytest.raises(Http404):
        patient_scope(a.user, b.pk)
    # a clinician who is also a patient: "my sessions" are their own, not their patients'
    clinician_patient = make_patient()
    add_membership(clinic, clinician_patient.user, Role.CLINICIAN)
    assert set(visible_patients(clinician_patient.user)) == {a, b, clinician_patient}
    client = signed_in(a.user)
    body = json.dumps(session_payload(make_plan(a)))
    assert client.post("/api/v1/sessions", body, content_type="application/json").status_code == 201
    assert own_sessions(a.user).count() == 1
    assert own_sessions(clinician_patient.user).count() == 0
