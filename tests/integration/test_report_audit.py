"""A clinician's report views and exports of a patient are audited; other clinics' staff are
refused with a row that says so."""

from __future__ import annotations

import pytest

from piri.accounts.models import AuditEvent
from tests.factories.clinics import CareTeam, make_care_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team() -> CareTeam:
    return make_care_team()


@pytest.mark.parametrize(
    ("path", "action", "what"),
    [
        ("/report/", "read", "report page"),
        ("/report/data.json", "export", "report json"),
        ("/report/data.csv.zip", "export", "report csv"),
    ],
)
def test_a_clinicians_report_view_or_export_is_audited(
    team: CareTeam, path: str, action: str, what: str
):
    response = team.client().get(f"{path}?patient={team.patient.pk}")
    assert response.status_code == 200
    event = AuditEvent.objects.get(patient=team.patient)
    assert (event.action, event.what, event.actor) == (action, what, team.clinician)


def test_the_pdf_export_is_audited(team: CareTeam):
    response = team.client().get(f"/report/pdf/?patient={team.patient.pk}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEvent.objects.get(patient=team.patient).action == "export"


def test_staff_of_another_clinic_are_refused_and_it_is_logged(team: CareTeam):
    response = team.client(team.outsider).get(f"/report/data.json?patient={team.patient.pk}")
    assert response.status_code == 404
    event = AuditEvent.objects.get(actor=team.outsider)
    assert (event.action, event.patient_name) == ("denied", f"#{team.patient.pk}")


def test_a_patient_reading_their_own_report_is_not_logged(team: CareTeam):
    client = team.patient_client()
    assert client.get(f"/report/data.json?patient={team.patient.pk}").status_code == 200
    assert client.get("/report/data.json").status_code == 200
    assert not AuditEvent.objects.exists()
