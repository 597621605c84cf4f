"""The patient's access log: who viewed or changed their data, on screen and as CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import RequestFactory

from piri.accounts.access import clinic_patient
from piri.accounts.models import AuditEvent
from piri.accounts.models.clinics import Role
from tests.factories.clinics import link, make_clinic, make_event
from tests.factories.people import make_patient, make_staff, signed_in

pytestmark = pytest.mark.django_db


def clinician_opens(user, patient, *, ip="198.51.100.23", what="check-ins"):
    request = RequestFactory().get(f"/clinic/patients/{patient.pk}/", REMOTE_ADDR=ip)
    request.user = user
    return clinic_patient(request, patient.pk, what=what)


def rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_a_clinicians_read_shows_in_the_patients_access_log():
    clinic = make_clinic()
    clinician = make_staff(clinic, first_name="Sam", last_name="Reyes")
    patient = link(make_patient(), clinic)
    other = link(make_patient(), clinic)
    clinician_opens(clinician, patient)
    clinician_opens(clinician, other, what="the other one's sessions")
    page = signed_in(patient.user).get("/clinics/access-log/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sam Reyes" in text and "Riverside Physio" in text
    assert "Viewed: check-ins" in text and "198.51.100.23" in text
    assert "the other one" not in text  # only rows about me
    assert "1 entry, newest first" in text


def test_the_access_log_csv_neutralises_formula_like_cells():
    clinic = make_clinic()
    sly = make_staff(clinic, first_name="=HYPERLINK(1)", role=Role.ADMIN)
    patient = link(make_patient(), clinic)
    make_event(actor=sly, patient=patient, clinic=clinic, what="+sessions")
    response = signed_in(patient.user).get("/clinics/access-log.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, row = rows(response)
    assert header == ["at_local", "at_utc", "who", "clinic", "action", "what", "from_ip"]
    assert row[2] == "'=HYPERLINK(1)" and row[5] == "'+sessions"
    assert row[4] == "Viewed" and row[6] == "203.0.113.7"


def test_the_access_log_pages_and_refuses_a_bad_page_number():
    clinic = make_clinic()
    clinician = make_staff(clinic)
    patient = link(make_patient(), clinic)
    for n in range(51):
        make_event(actor=clinician, patient=patient, clinic=clinic, what=f"item {n}")
    client = signed_in(patient.user)
    assert "Page 1 of 2" in client.get("/clinics/access-log/").content.decode()
    assert client.get("/clinics/access-log/?page=2").status_code == 200
    for bad in ("3", "0", "two"):
        response = client.get(f"/clinics/access-log/?page={bad}")
        assert response.status_code == 400
        assert "pages 1 to 2" in response.content.decode()


def test_the_patient_reading_their_own_record_is_not_logged():
    patient = make_patient()
    request = RequestFactory().get("/")
    request.user = patient.user
    clinic_patient(request, patient.pk, what="own")
    assert AuditEvent.objects.count() == 0
    page = signed_in(patient.user).get("/clinics/access-log/").content.decode()
    assert "Nobody at a clinic has opened your record yet" in page
