"""Factories for the clinic side: plain functions with keyword overrides."""

from __future__ import annotations

from django.utils import timezone

from piri.accounts.invites import join_clinic
from piri.accounts.models import Clinic, Patient, User
from piri.accounts.models.clinics import Role
from piri.accounts.roles import add_membership
from tests.factories import make_user


def make_clinic(*, name: str = "Riverside Physio", **fields: object) -> Clinic:
    return Clinic.objects.create(name=name, **fields)


def make_staff(clinic: Clinic, *, role: str = Role.CLINICIAN, **user_fields: object) -> User:
    user = make_user(**user_fields)  # type: ignore[arg-type]
    add_membership(clinic, user, role)
    return user


def link(patient: Patient, clinic: Clinic) -> Patient:
    join_clinic(patient, clinic, now=timezone.now())
    return patient
