from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from piri.accounts.access import own_patient
from piri.api.schemas import PlanOut, PrescriptionIn
from piri.domain.prescription import DoseOverride, Sides
from piri.domain.prescription import Prescription as DomainPrescription
from piri.program.services.plans import compile_for
from piri.program.services.protocol import active_protocol

router = Router(tags=["plans"])


@router.post("", response={201: PlanOut})
def create_plan(request: HttpRequest, payload: PrescriptionIn) -> Status[PlanOut]:
    """Compile a prescription into a session plan (the patient's own current one is the basis)."""
    patient = own_patient(request.user)
    protocol = active_protocol()
    domain = DomainPrescription(
        sides=Sides(payload.sides),
        stretch_variant=payload.stretch_variant,
        massage_option=payload.massage_option,
        dose_overrides={
            key: DoseOverride(sets=value.sets, hold_s=value.hold_s)
            for key, value in payload.dose_overrides.items()
        },
        excluded=frozenset(payload.excluded),
    )
    plan = compile_for(patient, protocol=protocol, wanted=domain)
    return Status(
        201,
        PlanOut(
            id=plan.id,
            protocol_id=plan.protocol_id,
            protocol_version=plan.protocol_version,
            plan=plan.body,
        ),
    )
