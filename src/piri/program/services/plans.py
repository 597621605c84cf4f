"""Compiling a patient's prescription into the SessionPlan their player runs."""

from __future__ import annotations

import hashlib
import json

from django.db import transaction

from piri.accounts.models import Patient
from piri.domain.compiler import compile_plan
from piri.domain.prescription import DoseOverride, Sides
from piri.domain.prescription import Prescription as DomainPrescription
from piri.domain.protocol import Protocol
from piri.program.models import Plan, Prescription


def current_prescription(patient: Patient) -> Prescription | None:
    return patient.prescriptions.order_by("-created_at", "-id").first()


def to_domain(prescription: Prescription) -> DomainPrescription:
    return DomainPrescription(
        sides=Sides(prescription.sides),
        stretch_variant=prescription.stretch_variant,
        massage_option=prescription.massage_option,
        dose_overrides={
            key: DoseOverride(sets=value.get("sets"), hold_s=value.get("hold_s"))
            for key, value in (prescription.dose_overrides or {}).items()
        },
        excluded=frozenset(prescription.excluded or ()),
    )


def store_plan(
    patient: Patient, prescription: Prescription, *, protocol: Protocol, domain: DomainPrescription
) -> Plan:
    """Compile and keep the plan; the same content for the same patient is stored once."""
    body = compile_plan(protocol, domain).to_dict()
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    plan, _ = Plan.objects.get_or_create(
        patient=patient,
        digest=digest,
        defaults={
            "prescription": prescription,
            "protocol_id": protocol.id,
            "protocol_version": protocol.version,
            "body": body,
        },
    )
    return plan


def compile_for(patient: Patient, *, protocol: Protocol, wanted: DomainPrescription) -> Plan:
    """Compile and keep the plan of the ``wanted`` prescription (``POST /api/v1/plans``), kept
    under the patient's current prescription; a patient with none gets a first one made from
    ``wanted``. A prescription that does not compile stores nothing."""
    with transaction.atomic():
        prescription = current_prescription(patient)
        if prescription is None:
            prescription = Prescription.objects.create(
                patient=patient,
                protocol_id=protocol.id,
                sides=wanted.sides.value,
                stretch_variant=wanted.stretch_variant,
                massage_option=wanted.massage_option,
            )
        return store_plan(patient, prescription, protocol=protocol, domain=wanted)


def plan_for(patient: Patient, *, protocol: Protocol) -> Plan | None:
    """Today's plan from the current prescription, or None before onboarding."""
    prescription = current_prescription(patient)
    if prescription is None:
        return None
    return store_plan(patient, prescription, protocol=protocol, domain=to_domain(prescription))
