"""A patient's clinic pages: joining with a code or a link, leaving, who sees my data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import Http404
from django.test import Client
from django.utils import timezone

from piri.accounts.access import patient_scope, visible_patients
from piri.accounts.invites import create_invite, current_clinics
from piri.accounts.models import CareLink, Invite, Patient, StaffMembership, User
from piri.accounts.models.clinics import Role
from piri.accounts.roles import CLINICIANS
from tests.factories.clinics import link, make_clinic
from tests.factories.people import PASSWORD, make_patient, make_staff, signed_in

pytestmark = pytest.mark.django_db

NEW_ACCOUNT = {
    "username": "newcomer",
    "first_name": "Noor",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def invite(clinic, role=Role.PATIENT, **kw):
    admin = make_staff(clinic, role=Role.ADMIN, first_name="Ada", last_name="Admin")
    return create_invite(clinic, role, by=admin, **{"now": timezone.now(), **kw})


def test_my_clinic_lists_who_can_see_my_data_now():
    clinic = make_clinic()
    make_staff(clinic, first_name="Sam", last_name="Reyes")
    ended = make_staff(clinic, first_name="Gone", last_name="Away")
    StaffMembership.objects.filter(user=ended).update(ended_at=timezone.now())
    make_staff(make_clinic(name="Elsewhere"), first_name="Other", last_name="Place")
    patient = link(make_patient(), clinic)
    page = signed_in(patient.user).get("/clinics/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Riverside Physio" in text and "Sam Reyes" in text
    assert "Gone Away" not in text and "Other Place" not in text
    assert f'href="/clinics/{clinic.pk}/leave/"' in text
    assert 'name="code"' in text  # the join-by-code form


def test_without_a_clinic_the_page_says_everything_still_works():
    text = signed_in(make_patient().user).get("/clinics/").content.decode()
    assert "do not belong to a clinic" in text


def test_home_and_settings_link_to_my_clinic():
    client = signed_in(make_patient().user)
    for url in ("/", "/onboarding/"):
        assert 'href="/clinics/"' in client.get(url).content.decode(), url


def test_joining_with_a_typed_code_asks_first_then_joins():
    clinic = make_clinic()
    made = invite(clinic)
    patient = make_patient()
    client = signed_in(patient.user)
    typed = f"{made.code[:5].lower()} - {made.code[5:].lower()}"
    page = client.get("/clinics/join/", {"code": typed})
    assert page.status_code == 200
    assert "Yes, join Riverside Physio" in page.content.decode()
    assert "Ada Admin" in page.content.decode()  # who will see the record
    assert current_clinics(patient) == []  # looking is not joining
    done = client.post("/clinics/join/", {"code": typed})
    assert done.status_code == 302 and done["Location"] == "/clinics/"
    assert current_clinics(patient) == [clinic]
    assert Invite.objects.get(pk=made.invite.pk).used_by == patient.user


def test_an_invite_link_makes_a_new_patient_account_then_onboarding():
    clinic = make_clinic()
    made = invite(clinic)
    client = Client()
    page = client.get(f"/clinics/join/?code={made.code}")
    assert page.status_code == 200 and "Create account and join" in page.content.decode()
    done = client.post("/clinics/join/", {**NEW_ACCOUNT, "code": made.code})
    assert done.status_code == 302 and done["Location"] == "/onboarding/"
    patient = Patient.objects.get(user__username="newcomer")
    assert current_clinics(patient) == [clinic]
    assert client.get("/onboarding/").status_code == 200  # signed in


def test_a_clinician_invite_link_makes_a_staff_account_for_the_dashboard():
    clinic = make_clinic()
    made = invite(clinic, Role.CLINICIAN)
    client = Client()
    done = client.post("/clinics/join/", {**NEW_ACCOUNT, "code": made.code})
    assert done.status_code == 302 and done["Location"] == "/clinic/"
    user = User.objects.get(username="newcomer")
    assert not Patient.objects.filter(user=user).exists()
    assert StaffMembership.objects.get(user=user).role == Role.CLINICIAN
    assert set(user.groups.values_list("name", flat=True)) == {CLINICIANS}


def test_a_code_used_twice_fails_the_second_time_and_changes_nothing():
    clinic = make_clinic()
    made = invite(clinic)
    first = Client()
    assert first.post("/clinics/join/", {**NEW_ACCOUNT, "code": made.code}).status_code == 302
    users = User.objects.count()
    second = Client().post(
        "/clinics/join/", {**NEW_ACCOUNT, "username": "second", "code": made.code}
    )
    assert second.status_code == 400
    assert "already been used" in second.content.decode()
    assert User.objects.count() == users  # no account made for the second person
    someone = make_patient()
    again = signed_in(someone.user).post("/clinics/join/", {"code": made.code})
    assert again.status_code == 400
    assert not CareLink.objects.filter(patient=someone).exists()


def test_an_expired_or_unknown_code_is_a_400_saying_why():
    clinic = make_clinic()
    old = invite(clinic, days=1, now=timezone.now() - timedelta(days=3))
    client = signed_in(make_patient().user)
    expired = client.get("/clinics/join/", {"code": old.code})
    assert expired.status_code == 400
    assert "This invite has expired" in expired.content.decode()
    unknown = Client().post("/clinics/join/", {**NEW_ACCOUNT, "code": "ZZZZ-ZZZZ-ZZ"})
    assert unknown.status_code == 400
    assert "not known" in unknown.content.decode()
    assert not User.objects.filter(username="newcomer").exists()
    assert Invite.objects.get(pk=old.invite.pk).used_at is None


def test_a_bad_sign_up_form_keeps_the_invite_unused():
    made = invite(make_clinic())
    bad = Client().post(
        "/clinics/join/", {**NEW_ACCOUNT, "password2": "something-else-77", "code": made.code}
    )
    assert bad.status_code == 400
    assert Invite.objects.get(pk=made.invite.pk).used_at is None


def test_an_empty_code_is_a_400_asking_for_it():
    response = signed_in(make_patient().user).post("/clinics/join/", {"code": " "})
    assert response.status_code == 400
    assert "Type the invite code" in response.content.decode()


def test_joining_a_clinic_you_are_in_does_not_use_the_invite():
    clinic = make_clinic()
    patient = link(make_patient(), clinic)
    made = invite(clinic)
    client = signed_in(patient.user)
    assert "You already belong" in client.get(f"/clinics/join/?code={made.code}").content.decode()
    assert client.post("/clinics/join/", {"code": made.code}).status_code == 302
    assert Invite.objects.get(pk=made.invite.pk).used_at is None


def test_leaving_asks_first_then_revokes_access_at_once():
    clinic = make_clinic()
    clinician = make_staff(clinic, first_name="Sam", last_name="Reyes")
    patient = link(make_patient(), clinic)
    assert patient_scope(clinician, patient.pk) == patient
    client = signed_in(patient.user)
    confirm = client.get(f"/clinics/{clinic.pk}/leave/")
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "stop seeing your record at once" in text and "Sam Reyes" in text
    assert current_clinics(patient) == [clinic]  # not yet
    done = client.post(f"/clinics/{clinic.pk}/leave/")
    assert done.status_code == 302
    assert current_clinics(patient) == []
    assert list(visible_patients(clinician)) == []
    with pytest.raises(Http404):
        patient_scope(clinician, patient.pk)
    page = client.get("/clinics/").content.decode()
    assert "Clinics you have left" in page


def test_leaving_a_clinic_you_are_not_in_is_not_found():
    other = make_clinic(name="Hillside")
    client = signed_in(make_patient().user)
    assert client.post(f"/clinics/{other.pk}/leave/").status_code == 404
    assert client.get("/clinics/999999/leave/").status_code == 404


def test_the_pages_need_sign_in_and_a_patient():
    for url in ("/clinics/", "/clinics/access-log/", "/clinics/access-log.csv"):
        response = Client().get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    staff_only = make_staff(make_clinic())
    assert signed_in(staff_only).get("/clinics/").status_code == 404
