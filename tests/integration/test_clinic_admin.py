"""Django's admin: clinic admins and superusers only, each clinic admin scoped to their clinic."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from piri.accounts.access import visible_patients
from piri.accounts.invites import create_invite, use_invite
from piri.accounts.models import AuditEvent, Clinic, Invite, StaffMembership, User
from piri.accounts.models.clinics import Role
from piri.accounts.roles import end_membership
from piri.domain.errors import FieldError
from tests.factories.clinics import link, make_clinic, make_event
from tests.factories.people import make_patient, make_staff, make_user, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two clinics, each with an admin, a clinician, a patient, an invite and an audit row."""
    out = {}
    for key, name in (("a", "North Physio"), ("b", "South Physio")):
        clinic = make_clinic(name=name)
        admin = make_staff(clinic, role=Role.ADMIN, username=f"admin_{key}")
        clinician = make_staff(clinic, username=f"clinician_{key}")
        patient = link(make_patient(username=f"patient_{key}"), clinic)
        made = create_invite(clinic, Role.PATIENT, by=admin, note=f"for {name}", now=timezone.now())
        event = make_event(actor=clinician, patient=patient, clinic=clinic, what=f"read {key}")
        out[key] = {
            "clinic": clinic, "admin": admin, "clinician": clinician, "patient": patient,
            "invite": made.invite, "event": event,
        }  # fmt: skip
    return out


def test_clinicians_and_patients_get_no_admin(world):
    for person in (world["a"]["clinician"], world["a"]["patient"].user):
        client = signed_in(person)
        for url in ("/admin/", "/admin/accounts/user/", "/admin/accounts/auditevent/"):
            response = client.get(url)
            assert response.status_code == 302, (person, url)
            assert response["Location"].startswith("/admin/login/")


def test_an_ended_admin_membership_closes_the_admin(world):
    admin = world["a"]["admin"]
    end_membership(StaffMembership.objects.get(user=admin), now=timezone.now())
    assert signed_in(User.objects.get(pk=admin.pk)).get("/admin/").status_code == 302


def test_a_clinic_admin_sees_only_their_clinics_people(world):
    client = signed_in(world["a"]["admin"])
    page = client.get("/admin/accounts/user/")
    assert page.status_code == 200
    text = page.content.decode()
    for name in ("admin_a", "clinician_a", "patient_a"):
        assert name in text
    for name in ("admin_b", "clinician_b", "patient_b"):
        assert name not in text
    outsider = world["b"]["patient"].user
    response = client.get(f"/admin/accounts/user/{outsider.pk}/change/")
    assert response.status_code == 302  # "does not exist" for them
    assert (
        "superuser"
        not in client.get(
            f"/admin/accounts/user/{world['a']['clinician'].pk}/change/"
        ).content.decode()
    )


def test_a_clinic_admin_may_correct_staff_names_but_not_a_patients_account(world):
    client = signed_in(world["a"]["admin"])
    clinician = world["a"]["clinician"]
    form = {"first_name": "Dana", "last_name": "Fixed", "email": "dana@example.org"}
    assert client.post(f"/admin/accounts/user/{clinician.pk}/change/", form).status_code == 302
    assert User.objects.get(pk=clinician.pk).last_name == "Fixed"
    patient_user = world["a"]["patient"].user
    page = client.get(f"/admin/accounts/user/{patient_user.pk}/change/")
    assert page.status_code == 200 and 'name="first_name"' not in page.content.decode()
    client.post(f"/admin/accounts/user/{patient_user.pk}/change/", form)
    assert User.objects.get(pk=patient_user.pk).last_name != "Fixed"
    # opening a patient's page is logged for that patient
    assert AuditEvent.objects.filter(
        patient=world["a"]["patient"], actor=world["a"]["admin"], action="read"
    ).exists()
    assert client.get(f"/admin/accounts/user/{clinician.pk}/password/").status_code == 403
    assert client.get("/admin/accounts/user/add/").status_code == 403


def test_invites_are_scoped_and_a_new_code_is_shown_once(world):
    a = world["a"]
    client = signed_in(a["admin"])
    listing = client.get("/admin/accounts/invite/").content.decode()
    assert "for North Physio" in listing and "for South Physio" not in listing
    assert "open" in listing
    response = client.post(
        "/admin/accounts/invite/add/",
        {"clinic": a["clinic"].pk, "role": Role.CLINICIAN, "days": 3, "note": "Dr New"},
    )
    assert response.status_code == 302
    shown = client.get(response["Location"]).content.decode()  # the message, shown once
    code = re.search(r'class="invite-code">([A-Z0-9]{10})<', shown).group(1)
    link_url = re.search(r'href="([^"]+/clinics/join/[^"]+)"', shown).group(1).replace("&amp;", "&")
    assert parse_qs(urlparse(link_url).query)["code"] == [code]
    assert urlparse(link_url).path == "/clinics/join/"
    invite = Invite.objects.get(note="Dr New")
    assert code not in invite.code_hash
    assert (invite.expires_at - invite.created_at).days == 3
    use_invite(code, make_user(username="drnew"), now=timezone.now())
    assert StaffMembership.objects.filter(user__username="drnew", clinic=a["clinic"]).exists()
    # the code is not on any page afterwards
    assert code not in client.get(f"/admin/accounts/invite/{invite.pk}/change/").content.decode()
    assert code not in client.get("/admin/accounts/invite/").content.decode()


def test_an_invite_for_another_clinic_or_too_long_is_refused(world):
    client = signed_in(world["a"]["admin"])
    before = Invite.objects.count()
    other = client.post(
        "/admin/accounts/invite/add/",
        {"clinic": world["b"]["clinic"].pk, "role": Role.PATIENT, "days": 7, "note": "x"},
    )
    assert other.status_code == 200 and "Select a valid choice" in other.content.decode()
    too_long = client.post(
        "/admin/accounts/invite/add/",
        {"clinic": world["a"]["clinic"].pk, "role": Role.PATIENT, "days": 90, "note": "x"},
    )
    assert "less than or equal to 60" in too_long.content.decode()
    assert Invite.objects.count() == before
    theirs = world["b"]["invite"]
    assert client.get(f"/admin/accounts/invite/{theirs.pk}/change/").status_code == 302


def test_withdrawing_an_open_invite_stops_its_code(world):
    a = world["a"]
    made = create_invite(
        a["clinic"], Role.PATIENT, by=a["admin"], note="withdraw me", now=timezone.now()
    )
    client = signed_in(a["admin"])
    client.post(
        "/admin/accounts/invite/",
        {"action": "withdraw", "_selected_action": [made.invite.pk, world["b"]["invite"].pk]},
    )
    with pytest.raises(FieldError, match="expired"):
        use_invite(made.code, make_user(), now=timezone.now())
    still_open = Invite.objects.get(pk=world["b"]["invite"].pk)
    assert still_open.expires_at > made.invite.created_at  # another clinic's: untouched


def test_clinic_settings_are_their_own_clinic_only_and_change_only(world):
    client = signed_in(world["a"]["admin"])
    listing = client.get("/admin/accounts/clinic/").content.decode()
    assert "North Physio" in listing and "South Physio" not in listing
    assert client.get("/admin/accounts/clinic/add/").status_code == 403
    clinic = world["a"]["clinic"]
    theirs = world["b"]["clinic"]
    assert client.get(f"/admin/accounts/clinic/{theirs.pk}/change/").status_code == 302
    form = {
        "name": "North Physio", "emergency_text": "Call our line: 0100 000 000",
        "weekly_target_default": 5, "quiet_days": 10, "notify_email": "", "policy": "",
        "deleted_records_retention_days": 2555,
    }  # fmt: skip
    assert client.post(f"/admin/accounts/clinic/{clinic.pk}/change/", form).status_code == 302
    clinic.refresh_from_db()
    assert clinic.weekly_target_default == 5 and clinic.emergency_text.startswith("Call our")
    assert clinic.deleted_records_retention_days == 2555  # decision 0017: the clinic's policy
    bad = client.post(
        f"/admin/accounts/clinic/{clinic.pk}/change/", {**form, "policy": "/etc/passwd"}
    )
    assert bad.status_code == 200
    assert "cannot be used" in bad.content.decode() and "root:" not in bad.content.decode()
    assert client.post(f"/admin/accounts/clinic/{clinic.pk}/delete/").status_code == 403


def test_ending_a_membership_in_the_admin_revokes_access_and_groups(world):
    a = world["a"]
    client = signed_in(a["admin"])
    membership = StaffMembership.objects.get(user=a["clinician"])
    theirs = StaffMembership.objects.get(user=world["b"]["clinician"])
    client.post(
        "/admin/accounts/staffmembership/",
        {"action": "end_memberships", "_selected_action": [membership.pk, theirs.pk]},
    )
    assert StaffMembership.objects.get(pk=membership.pk).ended_at is not None
    assert StaffMembership.objects.get(pk=theirs.pk).ended_at is None  # not theirs to end
    assert list(visible_patients(a["clinician"])) == []
    assert not User.objects.get(pk=a["clinician"].pk).groups.exists()
    own = StaffMembership.objects.get(user=a["admin"])
    response = client.post(
        "/admin/accounts/staffmembership/",
        {"action": "end_memberships", "_selected_action": [own.pk]},
        follow=True,
    )
    assert "your own membership" in response.content.decode()
    assert StaffMembership.objects.get(pk=own.pk).ended_at is None


def test_the_audit_log_is_scoped_read_only_and_exports_csv(world):
    a, b = world["a"], world["b"]
    refused = make_event(
        actor=a["clinician"], patient=None, clinic=None, what="=cmd|' /C calc'!A0",
        action="denied", patient_name="#999",
    )  # fmt: skip
    make_event(actor=b["clinician"], patient=None, clinic=None, what="b refused", action="denied")
    client = signed_in(a["admin"])
    listing = client.get("/admin/accounts/auditevent/").content.decode()
    assert "read a" in listing and "read b" not in listing and "b refused" not in listing
    assert "Download as CSV" in listing
    event = a["event"]
    assert client.get(f"/admin/accounts/auditevent/{event.pk}/change/").status_code == 200
    assert client.post(f"/admin/accounts/auditevent/{event.pk}/delete/").status_code == 403
    assert client.get("/admin/accounts/auditevent/add/").status_code == 403
    response = client.get("/admin/accounts/auditevent/export.csv?action__exact=denied")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    table = list(csv.reader(io.StringIO(body)))
    assert table[0][:4] == ["at_utc", "who", "action", "what"]
    whats = [row[3] for row in table[1:]]
    assert whats == [f"'{refused.what}"]  # only a's refusal, neutralised
    assert AuditEvent.objects.filter(action="export", actor=a["admin"]).count() == 1


def test_the_programs_records_are_for_superusers_only(world):
    client = signed_in(world["a"]["admin"])
    for url in ("/admin/program/screening/", "/admin/auth/group/", "/admin/accounts/patient/"):
        assert client.get(url).status_code == 403, url
    index = client.get("/admin/").content.decode()
    assert "Screening" not in index and "Invite" in index
    boss = User.objects.create_superuser(username="root", password="x-long-pass-123")
    su = signed_in(boss)
    assert su.get("/admin/program/screening/").status_code == 200
    everyone = su.get("/admin/accounts/user/").content.decode()
    assert "patient_a" in everyone and "patient_b" in everyone
    assert Clinic.objects.count() == 2
