"""The home program: the plan in force on one or two pages to print or keep.

Each item of the standing prescription (the massage option, then the exercises, the stretch
the patient does) with its key poses as still pictures (``program.figures``), the steps in
short, what to feel and when to stop (as on its "How to do it" page: ``howto_views``), its
dose and what the next session does differently (``dose_rows.doses_for``, the one source of
the doses), the side, the weekly aim and the clinic's contact. The same data makes a web page
(``/report/home-program/``) and a PDF in A4 or Letter (``/report/home-program.pdf``).
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from piri.accounts.models import Clinic, Patient
from piri.domain.prescription import Sides
from piri.domain.protocol import Exercise, MassageOption, Protocol, fill_sides
from piri.program.dose_rows import DoseRow, doses_for
from piri.program.figures import ShownFigure
from piri.program.howto_views import Step, StopFor, steps_for, stops_for
from piri.program.services.history import local_today
from piri.program.services.plans import to_domain
from piri.program.services.protocol import active_policy, active_protocol

STYLESHEET = Path(__file__).resolve().parent / "home_program.css"
TEMPLATE = "piri/report/home_program.html"
# Paper sizes by their ``?paper=`` value: the CSS page size.
PAPERS = {"a4": "A4", "letter": "letter"}


class BadPaper(ValueError):
    """``?paper=`` is not a paper size Piri prints on."""


def paper_size(raw: str | None) -> str:
    """The ``?paper=`` value (``a4`` unless given); ``BadPaper`` for anything else."""
    key = (raw or "a4").strip().lower()
    if key not in PAPERS:
        raise BadPaper(raw)
    return key


@dataclass(frozen=True, slots=True)
class ProgramItem:
    id: str
    name: str
    massage: bool
    dose: str  # in force, from doses_for ("4 x 15 s", "left out")
    next_session: str  # what the next session does instead ("" when the same)
    left_out: bool
    poses: tuple[ShownFigure, ...]  # the key poses, as still pictures
    tall: bool  # the pictures are about as tall as wide (someone standing): drawn larger
    steps: tuple[Step, ...]
    feel: str
    stops: tuple[StopFor, ...]
    caution: str


@dataclass(frozen=True, slots=True)
class HomeProgram:
    patient_name: str
    today: date
    has_program: bool
    sides: Sides | None
    side: str  # the side the pictures and words are for
    weekly_target: int
    items: tuple[ProgramItem, ...]
    clinic: Clinic | None
    pain_stop_above: int
    notices: tuple[str, ...]  # what the next session does differently, in words


def _clinic(patient: Patient) -> Clinic | None:
    """The patient's clinic now (the first by name when there are several)."""
    return (
        Clinic.objects.filter(care_links__patient=patient, care_links__left_at__isnull=True)
        .order_by("name", "pk")
        .first()
    )


def _standing_items(
    protocol: Protocol, massage: str, stretch: str
) -> list[Exercise | MassageOption]:
    items: list[Exercise | MassageOption] = []
    with suppress(KeyError):
        items.append(protocol.massage_option(massage))
    for exercise in protocol.exercises:
        if exercise.id in protocol.stretch_variants and exercise.id != stretch:
            continue
        items.append(exercise)
    return items


def _item(
    protocol: Protocol, thing: Exercise | MassageOption, row: DoseRow | None, side: str
) -> ProgramItem:
    steps = tuple(steps_for(thing, side))
    poses = tuple(step.figure for step in steps if step.figure is not None)
    dose = row.dose if row is not None else ""
    left_out = dose == _("left out")
    return ProgramItem(
        id=thing.id,
        name=thing.name,
        massage=isinstance(thing, MassageOption),
        dose=dose,
        next_session=row.next_session if row is not None else "",
        left_out=left_out,
        poses=poses,
        tall=any(pose.drawing.box.height * 1.5 > pose.drawing.box.width for pose in poses),
        steps=steps,
        feel=fill_sides(thing.feel, side),
        stops=tuple(stops_for(protocol, thing, side)),
        caution=fill_sides(thing.caution, side) if thing.caution else "",
    )


def home_program(patient: Patient, *, now: datetime) -> HomeProgram:
    protocol = active_protocol()
    policy = active_policy()
    doses = doses_for(patient, protocol=protocol, policy=policy, now=now, changes=0)
    user = patient.user
    items: tuple[ProgramItem, ...] = ()
    sides: Sides | None = None
    side = "right"
    if doses.prescription is not None:
        standing = to_domain(doses.prescription)
        sides = standing.sides
        side = sides.sides[0]
        rows = {row.name: row for row in doses.rows}
        items = tuple(
            _item(protocol, thing, rows.get(thing.name), side)
            for thing in _standing_items(
                protocol, standing.massage_option, standing.stretch_variant
            )
        )
    return HomeProgram(
        patient_name=user.get_full_name() or user.get_username(),
        today=local_today(patient, now=now),
        has_program=doses.prescription is not None,
        sides=sides,
        side=side,
        weekly_target=patient.weekly_target,
        items=items,
        clinic=_clinic(patient),
        pain_stop_above=policy.monitoring.pain_amber_max.value,
        notices=doses.notices,
    )


def home_program_context(program: HomeProgram) -> dict[str, object]:
    return {
        "program": program,
        "title": _("My home program: %(name)s") % {"name": program.patient_name},
    }


def render_home_program_pdf(patient: Patient, *, paper: str, now: datetime) -> bytes:
    """The home program as a PDF on ``paper`` (a key of ``PAPERS``)."""
    program = home_program(patient, now=now)
    with timezone.override(patient.zone):
        html = render_to_string(TEMPLATE, home_program_context(program))
    page = CSS(string=f"@page {{ size: {PAPERS[paper]}; }}")
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render(
        stylesheets=[CSS(filename=str(STYLESHEET)), page]
    )
    pdf = document.write_pdf()
    assert pdf is not None  # written to memory, never to a target
    return pdf
