"""Leaving Piri (issue 14, decision 0017): a patient downloads their data, deletes their
account and can no longer sign in; the clinic sees a pseudonym and keeps the clinical record
until its retention ends; the access log is untouched."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from piri.accounts.models import AuditEvent, Patient, User
from piri.clinic.models import RequestMessage, SpecialistRequest
from piri.program.models import CheckIn, ExerciseSession, OwnTrigger, Screening
from piri.program.services.checkins import add_own_trigger
from piri.reminders.models import CalendarFeed, ReminderSchedule
from tests.factories.clinics import make_care_team
from tests.factories.people import PASSWORD, give_email, signed_in
from tests.factories.program import make_checkin, make_sessions
from tests.factories.reminders import set_reminders
from tests.factories.requests import make_request

pytestmark = pytest.mark.django_db


def _delete(client: Client, **data: str):
    return client.post("/account/delete/", {"password": PASSWORD, "confirm": "DELETE", **data})


def _robin_with_records():
    team = make_care_team()
    robin = team.patient
    give_email(robin.user, "robin@example.org")
    today = timezone.localdate()
    make_sessions(robin, [today - timedelta(days=2), today - timedelta(days=1)])
    add_own_trigger(robin, "Long drive to my sister")
    make_checkin(robin, today, pain_now=4, triggers=["sitting", "own:Long drive to my sister"])
    make_request(robin, message="My hip hurts after the school run", clinic_id=team.clinic.pk)
    return team


def test_the_page_says_what_goes_and_what_the_clinic_keeps_with_the_exports_first():
    team = _robin_with_records()
    page = team.patient_client().get("/account/delete/").content.decode()
    assert page.index('href="/report/data.json"') < page.index("Delete my account now")
    assert 'href="/report/data.csv.zip"' in page
    assert "Riverside Physio" in page and "3650 days" in page
    assert "Type DELETE to confirm" in page and "Your current password" in page


def test_the_account_page_links_to_deleting_it():
    team = _robin_with_records()
    page = team.patient_client().get("/account/email/").content.decode()
    assert 'href="/account/delete/"' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password": "not-my-password"}, "That is not your current password."),
        ({"password": ""}, "Type your current password."),
        ({"confirm": ""}, "Type DELETE in the box to confirm."),
        ({"confirm": "delete please"}, "Type DELETE (in capital letters) to confirm"),
    ],
)
def test_a_wrong_password_or_missing_confirmation_deletes_nothing(data, message):
    team = _robin_with_records()
    client = team.patient_client()
    response = _delete(client, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    user = User.objects.get(pk=team.patient.user.pk)
    assert user.is_active and user.first_name == "Robin" and user.has_usable_password()
    assert Patient.objects.get(pk=team.patient.pk).left_at is None
    assert client.get("/").status_code == 200  # still signed in


def test_the_export_before_deleting_holds_everything():
    team = _robin_with_records()
    client = team.patient_client()
    response = client.get("/report/data.json")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    data = json.loads(body)
    assert len(data["sessions"]) == 2
    assert data["checkins"][0]["pain_now"] == 4
    assert data["screenings"]
    response = client.get("/report/data.csv.zip")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert any("sessions" in n for n in names) and any("checkins" in n for n in names)


def test_deleting_removes_the_person_and_keeps_the_record_under_a_pseudonym():
    team = _robin_with_records()
    robin = team.patient
    team.client().get(f"/clinic/patients/{robin.pk}/")  # one access-log row, before
    logged = AuditEvent.objects.filter(patient=robin).count()
    client = team.patient_client()
    response = _delete(client)
    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()

    robin = Patient.objects.get(pk=robin.pk)
    user = User.objects.get(pk=robin.user_id)
    assert robin.pseudonym.startswith("P-") and len(robin.pseudonym) == 7
    assert robin.left_at is not None
    assert user.username == f"left-{robin.pseudonym.lower()}"
    assert (user.first_name, user.last_name, user.email) == ("", "", "")
    assert not user.is_active and not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    # the free text goes; the numbers stay
    assert not OwnTrigger.objects.filter(patient=robin).exists()
    checkin = CheckIn.objects.get(patient=robin)
    assert checkin.pain_now == 4 and checkin.triggers == ["sitting", "own:"]
    patient_words = RequestMessage.objects.filter(request__patient=robin, from_clinic=False)
    assert [m.body for m in patient_words] == [""]
    assert [r.status for r in SpecialistRequest.objects.filter(patient=robin)] == ["closed"]
    assert ExerciseSession.objects.filter(patient=robin).count() == 2
    assert Screening.objects.filter(patient=robin).exists()
    # the access log: the earlier rows untouched, one row appended with the pseudonym
    rows = list(AuditEvent.objects.filter(patient=robin).order_by("id"))
    assert len(rows) == logged + 1
    assert rows[0].patient_name == "Robin Hart"  # never changed, shown as the pseudonym
    assert (rows[-1].what, rows[-1].patient_name) == (
        "left Piri (account deleted)",
        robin.pseudonym,
    )
    # the old cookie is refused
    assert client.get("/").status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get("/progress/")["Location"].startswith("/login/")


@pytest.mark.parametrize("login", ["robin", "robin@example.org"])
def test_sign_in_is_refused_after_deleting(login):
    team = _robin_with_records()
    team.patient.user.username = "robin"
    team.patient.user.save(update_fields=["username"])
    assert _delete(team.patient_client()).status_code == 200
    client = Client()
    response = client.post("/login/", {"login": login, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "do not match an account" in response.content.decode()


def test_the_clinic_sees_a_pseudonym_and_left_piri():
    team = _robin_with_records()
    _delete(team.patient_client())
    robin = Patient.objects.get(pk=team.patient.pk)
    clinician = team.client()
    page = clinician.get(f"/clinic/patients/{robin.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert robin.pseudonym in text and "left Piri on" in text
    assert "Robin" not in text and "Hart" not in text
    assert "/discharge/" not in text and "Edit the program" not in text  # nothing to change
    everyone = clinician.get("/clinic/?show=all").content.decode()
    assert robin.pseudonym in everyone and "Left Piri on" in everyone and "Hart" not in everyone
    attention = clinician.get("/clinic/").content.decode()
    assert robin.pseudonym not in attention
    # the access log row written just now names the pseudonym
    assert AuditEvent.objects.filter(patient=robin).first().patient_name == robin.pseudonym


def test_another_clinic_still_cannot_see_the_left_patient():
    team = _robin_with_records()
    _delete(team.patient_client())
    assert signed_in(team.outsider).get(f"/clinic/patients/{team.patient.pk}/").status_code == 404


# --------------------------------------------------------------------------------------------
# The purge, once the clinic's retention has passed


def _left_robin(retention_days: int = 30):
    team = _robin_with_records()
    team.clinic.deleted_records_retention_days = retention_days
    team.clinic.save(update_fields=["deleted_records_retention_days"])
    team.client().get(f"/clinic/patients/{team.patient.pk}/")
    assert _delete(team.patient_client()).status_code == 200
    return team, Patient.objects.get(pk=team.patient.pk)


def _purge(*args: str) -> str:
    """``piri purge-deleted ARGS`` (through Django's call_command: a PostgreSQL test keeps
    its connection); what it printed."""
    out, err = io.StringIO(), io.StringIO()
    call_command("purge-deleted", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_the_purge_waits_for_the_retention_then_removes_the_records_not_the_log():
    team, robin = _left_robin(30)
    logged = AuditEvent.objects.filter(patient_id=robin.pk).count()
    before_end = (robin.left_at + timedelta(days=29)).isoformat()
    assert "Removed 0 patient(s)" in _purge("--now", before_end)
    assert Patient.objects.filter(pk=robin.pk).exists()

    after_end = (robin.left_at + timedelta(days=30)).isoformat()
    assert "Would remove 1 patient(s), 2 session(s)" in _purge("--dry-run", "--now", after_end)
    assert Patient.objects.filter(pk=robin.pk).exists()

    assert "Removed 1 patient(s), 2 session(s)" in _purge("--now", after_end)
    assert not Patient.objects.filter(pk=robin.pk).exists()
    assert not User.objects.filter(pk=robin.user_id).exists()
    assert not ExerciseSession.objects.filter(patient_id=robin.pk).exists()
    assert not Screening.objects.filter(patient_id=robin.pk).exists()
    assert AuditEvent.objects.filter(patient_id=robin.pk).count() == logged  # none removed
    # the clinic's page of that patient is now simply not found
    assert team.client().get(f"/clinic/patients/{robin.pk}/").status_code == 404


def test_zero_retention_removes_at_the_next_purge_and_others_stay():
    from piri.accounts.leaving import purge_deleted

    _team, robin = _left_robin(0)
    other = make_care_team(name="Lakeside").patient
    counts = purge_deleted(now=timezone.now())
    assert counts.patients == 1
    assert not Patient.objects.filter(pk=robin.pk).exists()
    assert Patient.objects.filter(pk=other.pk).exists()


def test_a_bad_now_is_a_clear_error():
    from tests.cli import piri

    ran = piri("purge-deleted", "--now", "next tuesday")
    assert ran.returncode != 0
    assert "--now: 'next tuesday' is not a date and time" in ran.stderr


def test_the_purge_runs_nightly_as_a_job(settings):
    from datetime import UTC, datetime

    from piri.jobs.schedules import fire_due, schedules
    from piri.jobs.worker import run_due_jobs

    settings.PIRI_DEFAULT_TIME_ZONE = "UTC"
    settings.PIRI_PURGE_AT = "03:30"
    _team, robin = _left_robin(0)
    purge = [s for s in schedules() if s.name == "purge-deleted"]
    assert purge, "the purge is not scheduled"
    fired = fire_due(now=datetime.now(UTC) + timedelta(days=1), among=purge)
    assert len(fired) == 1
    [run] = [r for r in run_due_jobs() if r.name == "purge_deleted_records"]
    assert run.result == "done"
    assert not Patient.objects.filter(pk=robin.pk).exists()


# --------------------------------------------------------------------------------------------
# A clinic discharges a patient


def test_a_clinician_discharges_a_patient_who_keeps_their_account():
    team = make_care_team()
    clinician = team.client()
    page = clinician.get(f"/clinic/patients/{team.patient.pk}/").content.decode()
    assert f'href="/clinic/patients/{team.patient.pk}/discharge/"' in page
    url = f"/clinic/patients/{team.patient.pk}/discharge/"
    assert "What a discharge does" in clinician.get(url).content.decode()
    unticked = clinician.post(url, {"reason": "Goals met."})
    assert unticked.status_code == 400
    assert "Tick the box to confirm the discharge." in unticked.content.decode()
    assert "Goals met." in unticked.content.decode()  # what was typed is kept
    assert clinician.post(url, {"confirm": "yes", "reason": "Goals met."}).status_code == 302
    # the clinic: off the dashboard, the record closed
    board = clinician.get("/clinic/?show=all").content.decode()
    assert "Robin Hart is discharged from Riverside Physio." in board
    assert f'href="/clinic/patients/{team.patient.pk}/"' not in board
    assert clinician.get(f"/clinic/patients/{team.patient.pk}/").status_code == 404
    # both posts reached the record (the unticked one and the discharge): two rows
    assert AuditEvent.objects.filter(what="discharge", action="change").count() == 2
    # the patient: still signed in, told on their home page
    home = team.patient_client().get("/").content.decode()
    assert "Your clinic has discharged you" in home and "Goals met." in home
    assert 'href="/clinics/"' in home
    clinics = team.patient_client().get("/clinics/").content.decode()
    assert "the clinic discharged you" in clinics
    assert User.objects.get(pk=team.patient.user_id).is_active


def test_only_the_patients_clinic_may_discharge():
    team = make_care_team()
    url = f"/clinic/patients/{team.patient.pk}/discharge/"
    assert signed_in(team.outsider).post(url, {"confirm": "yes"}).status_code == 404
    assert team.patient_client().post(url, {"confirm": "yes"}).status_code == 404
    assert Client().post(url, {"confirm": "yes"})["Location"].startswith("/login/")
    assert team.client().get(f"/clinic/patients/{team.patient.pk}/").status_code == 200


def test_a_clinic_admin_may_discharge_too():
    from piri.accounts.models.clinics import Role
    from tests.factories.people import make_staff

    team = make_care_team()
    admin = make_staff(team.clinic, role=Role.ADMIN)
    url = f"/clinic/patients/{team.patient.pk}/discharge/"
    assert signed_in(admin).post(url, {"confirm": "yes"}).status_code == 302
    assert AuditEvent.objects.filter(actor=admin, patient=team.patient, action="change").exists()
    assert team.client().get(f"/clinic/patients/{team.patient.pk}/").status_code == 404


def test_the_clinic_admins_access_log_names_the_pseudonym_even_after_the_purge():
    from piri.accounts.leaving import purge_deleted
    from piri.accounts.models.clinics import Role
    from tests.factories.people import make_staff

    team, robin = _left_robin(0)
    admin = signed_in(make_staff(team.clinic, role=Role.ADMIN))

    def patients_in_csv() -> set[str]:
        response = admin.get("/admin/accounts/auditevent/export.csv")
        body = b"".join(response.streaming_content).decode()
        return {row.split(",")[4] for row in body.splitlines()[1:]}

    listing = admin.get("/admin/accounts/auditevent/").content.decode()
    assert robin.pseudonym in listing and "Robin Hart" not in listing
    assert robin.pseudonym in patients_in_csv()
    assert "Robin Hart" not in patients_in_csv()
    purge_deleted(now=timezone.now())
    assert robin.pseudonym in patients_in_csv()
    assert "Robin Hart" not in patients_in_csv()


def test_a_patient_who_also_works_in_a_clinic_is_asked_to_end_that_first():
    from piri.accounts.roles import add_membership

    team = _robin_with_records()
    add_membership(team.other_clinic, team.patient.user, "clinician")
    response = _delete(team.patient_client())
    assert response.status_code == 400
    assert "Ask its admin to end your staff membership first" in response.content.decode()
    assert Patient.objects.get(pk=team.patient.pk).left_at is None


def test_a_left_patient_is_reminded_of_nothing_and_their_calendar_address_is_gone():
    team = _robin_with_records()
    robin = team.patient
    set_reminders(robin, now=timezone.now(), channels=("email", "calendar"))
    client = team.patient_client()
    client.post("/reminders/", {"action": "calendar"})
    feed = CalendarFeed.objects.get(patient=robin)
    assert Client().get(f"/reminders/calendar/{feed.token}.ics").status_code == 200

    assert _delete(client).status_code == 200

    assert not ReminderSchedule.objects.filter(patient=robin).exists()
    assert Client().get(f"/reminders/calendar/{feed.token}.ics").status_code == 404
