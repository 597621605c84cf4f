"""The home program to print or keep (/report/home-program/ and its PDF in A4 or Letter): every
item of today's plan with its dose, the side, the weekly aim and the clinic's contact, on at
most two pages; who may get it."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.utils import timezone

from piri.accounts.models import AuditEvent, Patient
from piri.program.dose_rows import doses_for
from piri.program.services.protocol import active_policy, active_protocol
from tests.factories.clinics import clinic_patient, make_clinic
from tests.factories.people import make_patient, make_staff, signed_in

pytestmark = pytest.mark.django_db

PDF = "/report/home-program.pdf"
PAGE = "/report/home-program/"


def pdfinfo(pdf: bytes) -> dict[str, str]:
    done = subprocess.run(
        ["/usr/bin/pdfinfo", "-"], input=pdf, capture_output=True, check=True, text=False
    )
    rows = (line.split(":", 1) for line in done.stdout.decode().splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in rows}


def pdf_text(pdf: bytes) -> str:
    done = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return re.sub(r"\s+", " ", done.stdout.decode())


def _patient(**fields: object) -> Patient:
    clinic = make_clinic(name="Riverside Physio", notify_email="desk@riverside.example")
    return clinic_patient(clinic, first_name="Alex", last_name="Morgan", **fields)


@pytest.mark.parametrize(
    ("paper", "size"), [("a4", "595.276 x 841.89 pts (A4)"), ("letter", "612 x 792 pts (letter)")]
)
def test_the_pdf_holds_every_item_its_dose_the_side_and_the_aim(paper: str, size: str):
    patient = _patient(sides="left", weekly_target=5)
    response = signed_in(patient.user).get(f"{PDF}?paper={paper}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert f"-{paper}.pdf" in response["Content-Disposition"]
    info = pdfinfo(response.content)
    assert info["Page size"] == size
    assert 1 <= int(info["Pages"]) <= 2
    text = pdf_text(response.content)
    doses = doses_for(
        patient, protocol=active_protocol(), policy=active_policy(), now=timezone.now()
    )
    assert len(doses.rows) >= 4  # the massage option and three exercises
    for row in doses.rows:
        assert row.name in text
        assert f"{row.name} Dose: {row.dose}" in text
    assert "Your left side." in text
    assert "5 sessions a week." in text
    assert "Riverside Physio · desk@riverside.example" in text
    assert "Get urgent medical help" in text


@pytest.mark.parametrize("tools", [(), ("foam_roller",), ("massage_gun",)])
def test_the_longest_programs_fit_two_letter_pages(tools: tuple[str, ...]):
    """No floor (the chair stretch, tall pictures), both sides: the most text and pictures."""
    patient = make_patient(sides="both", floor_ok=False, tools=tools)
    response = signed_in(patient.user).get(f"{PDF}?paper=letter")
    assert int(pdfinfo(response.content)["Pages"]) <= 2


def test_a4_is_the_paper_when_none_is_chosen():
    patient = _patient()
    response = signed_in(patient.user).get(PDF)
    assert pdfinfo(response.content)["Page size"].endswith("(A4)")


def test_both_sides_and_no_clinic_are_said():
    patient = make_patient(sides="both", weekly_target=3)
    text = pdf_text(signed_in(patient.user).get(PDF).content)
    assert "Both sides: first the left, then the right." in text
    assert "3 sessions a week." in text
    assert "No clinic yet." in text


@pytest.mark.parametrize("paper", ["a5", "A4;", "", "letter2"])
def test_a_paper_size_piri_does_not_print_on_is_a_clear_400(paper: str):
    patient = _patient()
    response = signed_in(patient.user).get(f"{PDF}?paper={paper}")
    if paper == "":
        assert response.status_code == 200  # left empty: A4
        return
    assert response.status_code == 400
    body = response.content.decode()
    assert "not a paper size Piri prints on" in body
    assert "?paper=a4 or ?paper=letter" in body


def test_the_page_shows_the_program_and_links_both_papers():
    patient = _patient(weekly_target=4)
    response = signed_in(patient.user).get(PAGE)
    assert response.status_code == 200
    body = response.content.decode()
    assert "My home program" in body and "4 sessions a week." in body
    assert f'href="{PDF}?paper=a4"' in body and f'href="{PDF}?paper=letter"' in body
    assert body.count('class="figure"') >= 8  # the key poses, drawn
    assert 'href="/report/home-program/"' in signed_in(patient.user).get("/learn/").content.decode()


def test_a_clinician_prints_it_for_their_patient_and_it_is_audited_as_an_export():
    patient = _patient(weekly_target=6)
    clinic = patient.care_links.get().clinic
    clinician = make_staff(clinic, username="drlee")
    client = signed_in(clinician)
    page = client.get(f"/clinic/patients/{patient.pk}/").content.decode()
    assert f'href="{PAGE}?patient={patient.pk}"' in page
    web = client.get(f"{PAGE}?patient={patient.pk}").content.decode()
    assert f'href="{PDF}?patient={patient.pk}&amp;paper=letter"' in web
    response = client.get(f"{PDF}?patient={patient.pk}&paper=letter")
    assert response.status_code == 200
    assert "6 sessions a week." in pdf_text(response.content)
    assert AuditEvent.objects.filter(
        actor=clinician, patient=patient, action="export", what="home program PDF"
    ).exists()


def test_another_clinics_clinician_and_another_patient_get_not_found():
    patient = _patient()
    outsider = make_staff(make_clinic(name="Elsewhere"), username="drfar")
    for url in (PDF, PAGE):
        assert signed_in(outsider).get(f"{url}?patient={patient.pk}").status_code == 404
    assert AuditEvent.objects.filter(actor=outsider, action="denied").exists()
    other = signed_in(make_patient(username="someone").user)
    assert other.get(f"{PDF}?patient={patient.pk}").status_code == 404


def test_a_patient_number_that_is_not_a_number_is_a_400():
    patient = _patient()
    response = signed_in(patient.user).get(f"{PDF}?patient=abc")
    assert response.status_code == 400
    assert "patient=abc, which is not a patient number" in response.content.decode()
