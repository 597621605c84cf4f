"""Factories for "talk to a specialist": a clinic with a clinician and a patient in it, and
requests written through the real service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.test import Client
from django.utils import timezone

from piri.accounts.models import Clinic, Patient, User
from piri.clinic.models import SpecialistRequest
from piri.clinic.services.requests import open_request
from tests.clinic_factories import link, make_clinic, make_staff
from tests.factories import make_patient


@dataclass
class Practice:
    clinic: Clinic
    clinician: User
    patient: Patient

    def patient_client(self) -> Client:
        return signed_in(self.patient.user)

    def clinician_client(self) -> Client:
        return signed_in(self.clinician)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_practice(
    *,
    name: str = "Riverside Physio",
    patient: Patient | None = None,
    notify_email: str = "",
    clinician_email: str = "",
) -> Practice:
    """A clinic, one clinician of it, and a patient who belongs to it."""
    clinic = make_clinic(name=name, notify_email=notify_email)
    clinician = make_staff(clinic, email=clinician_email, first_name="Robin", last_name="Hale")
    patient = link(patient or make_patient(), clinic)
    return Practice(clinic=clinic, clinician=clinician, patient=patient)


def make_request(
    patient: Patient,
    *,
    topic: str = "exercises",
    message: str = "A question.",
    now: datetime | None = None,
    **kw: Any,
) -> SpecialistRequest:
    return open_request(patient, topic=topic, message=message, now=now or timezone.now(), **kw)
