"""Factories for the clinician's patient page and program editor: a clinic with a clinician
and one of its patients, another clinic with its own clinician, and editor form posts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.test import Client

from piri.accounts.models import Clinic, Patient, User
from piri.clinic.program_form import state_of
from piri.program.models import Prescription
from piri.program.services.plans import current_prescription
from piri.program.services.protocol import active_protocol
from tests.clinic_factories import link, make_clinic, make_staff
from tests.factories import make_patient


@dataclass(frozen=True)
class CareTeam:
    clinic: Clinic
    clinician: User
    patient: Patient
    other_clinic: Clinic
    outsider: User  # a clinician of the other clinic

    def client(self, user: User | None = None) -> Client:
        client = Client()
        client.force_login(user or self.clinician)
        return client

    def patient_client(self) -> Client:
        return self.client(self.patient.user)

    @property
    def current(self) -> Prescription:
        found = current_prescription(self.patient)
        assert found is not None
        return found


def make_care_team(**patient_fields: Any) -> CareTeam:
    clinic = make_clinic()
    clinician = make_staff(clinic, first_name="Dana", last_name="Reyes")
    patient = link(make_patient(**patient_fields), clinic)
    patient.user.first_name, patient.user.last_name = "Robin", "Hart"
    patient.user.save()
    other = make_clinic(name="Hillside Physio")
    outsider = make_staff(other, first_name="Olu", last_name="Stone")
    return CareTeam(clinic, clinician, patient, other, outsider)


def editor_post(prescription: Prescription, **changes: Any) -> dict[str, Any]:
    """The editor's form as the page fills it for ``prescription``, with ``changes`` on top:
    ``{"clamshell_hold.hold_s": "20", "lock": [...], "why": "...", "on": [...]}``."""
    state = state_of(prescription, active_protocol())
    data: dict[str, Any] = {
        "based_on": state.based_on,
        "on": sorted(state.on),
        "stretch_variant": state.stretch_variant,
        "massage_option": state.massage_option,
        "lock": sorted(state.locks),
        "note": "",
        "why": "Checked at today's appointment",
        **state.doses,
    }
    if state.lock_variant:
        data["lock_variant"] = "on"
    data.update(changes)
    return data
