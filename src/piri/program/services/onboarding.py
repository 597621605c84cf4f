"""Onboarding: the first answers a patient gives become their first prescription."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from piri import messagebus
from piri.accounts.models import Patient
from piri.domain.events import SettingsChanged
from piri.domain.protocol import Protocol
from piri.program.models import Prescription


def massage_options_for(
    protocol: Protocol,
    *,
    tools: Iterable[str],
    floor_ok: bool,
    excluded: Collection[str] = (),
) -> list[str]:
    """Massage option ids this patient can do, easiest first (fingers are always at hand),
    leaving out those their clinician switched off (``excluded``)."""
    at_hand = {"fingers", *tools}
    return [
        option.id
        for option in protocol.massage_options
        if option.tool in at_hand
        and (floor_ok or not option.needs_floor)
        and option.id not in excluded
    ]


def stretch_variant_for(protocol: Protocol, *, floor_ok: bool) -> str:
    wanted = "floor" if floor_ok else "chair"
    for exercise_id in protocol.stretch_variants:
        if protocol.exercise(exercise_id).position == wanted:
            return exercise_id
    return protocol.stretch_variants[0]


@transaction.atomic
def onboard(
    patient: Patient,
    *,
    protocol: Protocol,
    sides: str,
    floor_ok: bool,
    tools: Iterable[str],
    weekly_target: int,
    time_zone: str,
    baseline_pain: int | None = None,
    now: datetime,
) -> Prescription:
    tools = sorted(set(tools))
    if baseline_pain is not None:
        patient.baseline_pain = baseline_pain
    patient.floor_ok = floor_ok
    patient.massage_tools = tools
    patient.weekly_target = weekly_target
    patient.time_zone = time_zone
    patient.onboarded_at = now
    patient.full_clean()
    patient.save()
    messagebus.publish(SettingsChanged(patient_id=patient.pk, at=now))
    previous = patient.prescriptions.order_by("-created_at", "-id").first()
    excluded = previous.excluded if previous is not None else []
    options = massage_options_for(protocol, tools=tools, floor_ok=floor_ok, excluded=excluded)
    options = options or massage_options_for(protocol, tools=tools, floor_ok=floor_ok)
    massage = (
        previous.massage_option
        if previous is not None and previous.massage_option in options
        else options[0]
    )
    return Prescription.objects.create(
        patient=patient,
        protocol_id=protocol.id,
        sides=sides,
        stretch_variant=stretch_variant_for(protocol, floor_ok=floor_ok),
        massage_option=massage,
        dose_overrides=previous.dose_overrides if previous is not None else {},
        excluded=excluded,
        locked=previous.locked if previous is not None else [],
        reason=(
            _("You changed your settings.")
            if previous is not None
            else _("Your first plan, from your onboarding answers.")
        ),
    )


def change_massage(
    patient: Patient, prescription: Prescription, *, protocol: Protocol, option_id: str
) -> Prescription:
    """A new prescription version with another massage option (one the patient can do)."""
    allowed = massage_options_for(
        protocol,
        tools=patient.massage_tools,
        floor_ok=patient.floor_ok,
        excluded=prescription.excluded or (),
    )
    if option_id not in allowed:
        raise ValueError(option_id)
    if option_id == prescription.massage_option:
        return prescription
    return Prescription.objects.create(
        patient=patient,
        protocol_id=prescription.protocol_id,
        sides=prescription.sides,
        stretch_variant=prescription.stretch_variant,
        massage_option=option_id,
        dose_overrides=prescription.dose_overrides,
        excluded=prescription.excluded,
        locked=prescription.locked,
        flare_until=prescription.flare_until,
        reason=_("You chose %(name)s for your massage.")
        % {"name": protocol.massage_option(option_id).name},
    )
