"""Clinics and who belongs to them: clinics, care links (a patient joining a clinic), a
clinic's patients, a care team, and rows of the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.utils import timezone

from piri.accounts.invites import join_clinic
from piri.accounts.models import AuditEvent, Clinic, Patient, User
from piri.program.models import Prescription
from piri.program.services.plans import current_prescription
from tests.factories.people import make_patient, make_staff, signed_in


def make_clinic(*, name: str = "Riverside Physio", **fields: Any) -> Clinic:
    return Clinic.objects.create(name=name, **fields)


def link(patient: Patient, clinic: Clinic) -> Patient:
    """``patient`` joins ``clinic`` (an open care link), as with an invite code."""
    join_clinic(patient, clinic, now=timezone.now())
    return patient


def clinic_patient(clinic: Clinic, **fields: Any) -> Patient:
    """An onboarded, screened patient with an open care link to ``clinic``; ``first_name``
    and ``last_name`` name them, the rest go to ``make_patient``."""
    first = fields.pop("first_name", "")
    last = fields.pop("last_name", "")
    patient = link(make_patient(**fields), clinic)
    if first or last:
        patient.user.first_name, patient.user.last_name = first, last
        patient.user.save(update_fields=["first_name", "last_name"])
    return patient


@dataclass(frozen=True)
class CareTeam:
    """A clinic with a clinician and one of its patients, and another clinic with its own
    clinician (the outsider, who must not reach the patient)."""

    clinic: Clinic
    clinician: User
    patient: Patient
    other_clinic: Clinic
    outsider: User  # a clinician of the other clinic

    def client(self, user: User | None = None) -> Client:
        """A test client signed in as ``user``, the team's clinician unless told."""
        return signed_in(user or self.clinician)

    def patient_client(self) -> Client:
        return signed_in(self.patient.user)

    @property
    def current(self) -> Prescription:
        found = current_prescription(self.patient)
        assert found is not None
        return found


def make_care_team(
    *,
    name: str = "Riverside Physio",
    notify_email: str = "",
    clinician_email: str = "",
    patient: Patient | None = None,
    **patient_fields: Any,
) -> CareTeam:
    """The clinic ``name`` (its request emails to ``notify_email``), its clinician Dana Reyes,
    its patient Robin Hart (``patient`` instead, as they are, when given; ``patient_fields``
    go to ``make_patient``), and Hillside Physio with its clinician Olu Stone."""
    clinic = make_clinic(name=name, notify_email=notify_email)
    clinician = make_staff(clinic, email=clinician_email, first_name="Dana", last_name="Reyes")
    if patient is None:
        patient = make_patient(**patient_fields)
        patient.user.first_name, patient.user.last_name = "Robin", "Hart"
        patient.user.save(update_fields=["first_name", "last_name"])
    link(patient, clinic)
    other = make_clinic(name="Hillside Physio")
    outsider = make_staff(other, first_name="Olu", last_name="Stone")
    return CareTeam(clinic, clinician, patient, other, outsider)


def make_event(
    *,
    actor: User,
    patient: Patient | None,
    clinic: Clinic | None,
    what: str = "sessions",
    **kw: Any,
) -> AuditEvent:
    """A row of the audit log, stored as it is."""
    name = actor.get_full_name() or actor.get_username()
    return AuditEvent.objects.create(
        at=kw.pop("at", timezone.now()),
        actor=actor,
        actor_name=name,
        patient=patient,
        patient_name=str(patient) if patient else kw.pop("patient_name", ""),
        clinic=clinic,
        action=kw.pop("action", AuditEvent.Action.READ),
        what=what,
        ip=kw.pop("ip", "203.0.113.7"),
        **kw,
    )
