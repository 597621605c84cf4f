"""The "How to do it" page of each exercise and massage option: the moving figure and its key
poses, the steps, what to feel, what to stop for, and the doses in force for this patient."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from piri.accounts.access import own_patient
from piri.domain.prescription import DoseOverride, Sides
from piri.domain.protocol import BranchSpec, Exercise, MassageOption, Protocol, Say, fill_sides
from piri.program.figures import ShownFigure, figures_for, item_of, shown_figure
from piri.program.services.plans import current_prescription, to_domain
from piri.program.services.protocol import active_policy, active_protocol
from piri.videos.services import video_for


@dataclass(frozen=True, slots=True)
class Step:
    """One numbered step of the page: its words, and the figure's key pose for it."""

    title: str
    text: str
    feel: str
    figure: ShownFigure | None


@dataclass(frozen=True, slots=True)
class StopFor:
    """A reason to stop or ease off, and what to do then."""

    when: str  # "worse", "spread": the template says it in words
    then: str


def _say(say: Say, side: str, extra: str | None = None) -> tuple[str, str, str]:
    text = " ".join(part for part in (say.text or say.cue, extra or "") if part)
    return fill_sides(say.title, side), fill_sides(text, side), fill_sides(say.feel, side)


def steps_for(item: Exercise | MassageOption, side: str) -> list[Step]:
    """The numbered steps of ``item`` for ``side``, each with its key pose (also the home
    program's)."""

    def pose(name: str) -> ShownFigure | None:
        return shown_figure(item, pose=name, side=side, prefix="step")

    setup = Step(
        fill_sides(item.name, side),
        fill_sides(item.setup, side),
        fill_sides(item.feel, side) if isinstance(item, Exercise) else "",
        pose("start"),
    )
    if isinstance(item, MassageOption):
        text = " ".join(p for p in (item.text, item.caution or "") if p)
        return [
            setup,
            Step("", fill_sides(text, side), fill_sides(item.feel, side), pose("massage")),
        ]
    hold = Step(*_say(item.hold, side, item.caution), pose("press" if item.relax else "hold"))
    if item.relax is None:
        return [setup, hold]
    return [setup, hold, Step(*_say(item.relax, side, item.caution), pose("relax"))]


def stops_for(protocol: Protocol, item: Exercise | MassageOption, side: str) -> list[StopFor]:
    checks = protocol.checks
    if isinstance(item, MassageOption):
        spec = checks.during_massage
    else:
        spec = checks.after_stretch if item.phase == "stretch" else checks.after_strengthen
    branches: list[tuple[str, BranchSpec | None]] = [
        ("worse", spec.on_worse),
        ("spread", spec.on_spread),
    ]
    return [StopFor(when, fill_sides(b.cue, side)) for when, b in branches if b is not None]


def _items(protocol: Protocol) -> list[Exercise | MassageOption]:
    return [*protocol.massage_options, *protocol.exercises]


@login_required
@require_GET
def howto(request: HttpRequest, item: str) -> HttpResponse:
    patient = own_patient(request.user)
    protocol = active_protocol()
    try:
        thing = item_of(protocol, item)
    except KeyError:
        raise Http404 from None
    stored = current_prescription(patient)
    prescription = to_domain(stored) if stored is not None else None
    sides = prescription.sides if prescription is not None else Sides.RIGHT
    side = sides.sides[0]
    override = (
        prescription.dose_overrides.get(thing.id, DoseOverride())
        if prescription
        else DoseOverride()
    )
    status = "in"
    chosen = ""
    if prescription is None:
        status = "usual"
    elif thing.id in prescription.excluded:
        status = "left_out"
    elif isinstance(thing, MassageOption) and thing.id != prescription.massage_option:
        status, chosen = "other_massage", protocol.item_name(prescription.massage_option)
    elif (
        isinstance(thing, Exercise)
        and thing.id in protocol.stretch_variants
        and thing.id != prescription.stretch_variant
    ):
        status, chosen = "other_stretch", protocol.item_name(prescription.stretch_variant)
    _, figures_data = figures_for(protocol, [thing.id])
    timing = protocol.timing
    context = {
        "item": thing,
        "is_massage": isinstance(thing, MassageOption),
        "name": thing.name,
        "side": side,
        "both": sides is Sides.BOTH,
        "figure": shown_figure(thing, side=side, prefix="howto"),
        "figures_data": figures_data,
        "steps": steps_for(thing, side),
        "stops": stops_for(protocol, thing, side),
        "caution": fill_sides(thing.caution, side) if thing.caution else "",
        "status": status,
        "chosen": chosen,
        "sets": override.sets or getattr(thing, "sets", None),
        "hold_s": override.hold_s or getattr(thing, "hold_s", None),
        "duration_s": override.hold_s or getattr(thing, "duration_s", None),
        "relax_s": timing.relax.value,
        "rest_s": timing.rest.value,
        "changed": override != DoseOverride(),
        "pain_stop_above": active_policy().monitoring.pain_amber_max.value,
        "others": [(i.id, i.name) for i in _items(protocol) if i.id != thing.id],
        "video": video_for(request.user, thing.id),
    }
    return render(request, "piri/howto.html", context)
