"""The plan in words, the one source every surface reads: what the doses are now, what the
next session does differently, and every change with the reason the patient read.

``doses_for`` is the only way in: the patient's pages (``/plan/changes/``), the report, the
clinician's patient page and the exports all call it. It brings the program up to date first
(``adaptation.program_now``: the rules applied, anything new stored), so a change the session
page announces ("Finger massage is left out of your next session, because …") is in the list
of changes, and the current doses say the same. Changes are of two kinds
(``DoseChange.Kind``): from now on (a new dose), and for the next session only (an item left
out after it made symptoms spread, a step down after a raised morning, flare-up care).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from piri.accounts.models import Patient
from piri.domain import ladder
from piri.domain.overlays import Notice, NoticeKind
from piri.domain.policy import Policy
from piri.domain.prescription import Prescription as Domain
from piri.domain.protocol import Exercise, Protocol
from piri.program.models import DoseChange, Prescription
from piri.program.services.adaptation import program_now
from piri.program.services.plans import to_domain


@dataclass(frozen=True, slots=True)
class DoseRow:
    name: str
    dose: str  # "4 x 15 s", "5 rounds, 10 s press", "2 min per side", "left out"
    locked: bool  # a clinician fixed this dose
    next_session: str = ""  # what the next session does instead ("left out"), if anything
    why: str = ""  # the reason the patient read for it


@dataclass(frozen=True, slots=True)
class DoseChangeRow:
    changed_at: datetime
    item: str
    old: str
    new: str
    reason: str
    source: str  # who changed it, in words
    by: str  # the clinician's name ("" for the program, or a clinician no longer known)
    kind: str  # DoseChange.Kind: "standing" or "next_session"
    by_clinician: bool

    @property
    def next_session_only(self) -> bool:
        return self.kind == DoseChange.Kind.NEXT_SESSION


@dataclass(frozen=True, slots=True)
class Doses:
    sides: str  # the affected side(s), in words; "" before onboarding
    rows: tuple[DoseRow, ...]
    flare_until: date | None
    changes: tuple[DoseChangeRow, ...]  # newest first
    changes_total: int
    prescription: Prescription | None = None  # the standing version now
    notices: tuple[str, ...] = ()  # what the next session does differently, in words

    @property
    def more_changes(self) -> int:
        return self.changes_total - len(self.changes)

    @property
    def next_session_differs(self) -> bool:
        return any(row.next_session for row in self.rows)


def item_name(protocol: Protocol, item_id: str) -> str:
    if not item_id:
        return _("Every exercise")
    try:
        return protocol.item_name(item_id)
    except KeyError:
        return item_id


def _exercise_dose(exercise: Exercise, dose: ladder.Dose) -> str:
    if exercise.style == "contract_relax":
        return _("%(rounds)s rounds, %(seconds)s s press") % {
            "rounds": dose.sets,
            "seconds": dose.hold_s,
        }
    return _("%(sets)s x %(seconds)s s") % {"sets": dose.sets, "seconds": dose.hold_s}


def _seconds(total: int) -> str:
    minutes, seconds = divmod(total, 60)
    if minutes and seconds:
        return _("%(m)s min %(s)s s") % {"m": minutes, "s": seconds}
    return _("%(m)s min") % {"m": minutes} if minutes else _("%(s)s s") % {"s": seconds}


def _why(notices: tuple[Notice, ...], item: str) -> str:
    """The notice that changed ``item`` for the next session: its own, else a general one."""
    own = [n.text for n in notices if n.item == item]
    general = [n.text for n in notices if n.kind is not NoticeKind.LEFT_OUT]
    return (own or general or [""])[0]


def _massage_row(
    protocol: Protocol, standing: Domain, nxt: Domain, locked: set[str], notices: tuple[Notice, ...]
) -> DoseRow | None:
    try:
        option = protocol.massage_option(standing.massage_option)
    except KeyError:
        return None
    out = option.id in standing.excluded
    dose = _("left out") if out else _("%(time)s per side") % {"time": _seconds(option.duration_s)}
    instead = ""
    if not out and option.id in nxt.excluded:
        instead = _("left out")
        if nxt.massage_option != option.id and nxt.massage_option not in nxt.excluded:
            other = item_name(protocol, nxt.massage_option)
            instead = _("left out; %(other)s instead") % {"other": other}
    return DoseRow(
        name=option.name,
        dose=dose,
        locked=option.id in locked,
        next_session=instead,
        why=_why(notices, option.id) if instead else "",
    )


def _exercise_next(protocol: Protocol, exercise: Exercise, standing: Domain, nxt: Domain) -> str:
    """How the next session differs for ``exercise`` (the standing stretch, or another)."""
    if exercise.id in nxt.excluded and exercise.id not in standing.excluded:
        return _("left out")
    is_stretch = exercise.id in protocol.stretch_variants
    if is_stretch and nxt.stretch_variant != exercise.id:
        other = protocol.exercise(nxt.stretch_variant)
        if other.id in nxt.excluded:
            return _("left out")
        words = _exercise_dose(other, ladder.dose_of(other, nxt))
        return _("%(name)s, %(dose)s") % {"name": other.name, "dose": words}
    dose = ladder.dose_of(exercise, nxt)
    return "" if dose == ladder.dose_of(exercise, standing) else _exercise_dose(exercise, dose)


def current_doses(
    prescription: Prescription,
    protocol: Protocol,
    *,
    next_session: Domain | None = None,
    notices: tuple[Notice, ...] = (),
) -> tuple[DoseRow, ...]:
    """The massage option and each exercise of the standing prescription, with its dose, and
    what ``next_session`` (the next session's prescription) does differently."""
    standing = to_domain(prescription)
    nxt = next_session or standing
    locked = {str(entry).split(".", 1)[0] for entry in prescription.locked or []}
    rows = [row for row in [_massage_row(protocol, standing, nxt, locked, notices)] if row]
    for exercise in protocol.exercises:
        stretch = exercise.id in protocol.stretch_variants
        if stretch and exercise.id != standing.stretch_variant:
            continue
        out = exercise.id in standing.excluded
        dose = (
            _("left out") if out else _exercise_dose(exercise, ladder.dose_of(exercise, standing))
        )
        instead = "" if out else _exercise_next(protocol, exercise, standing, nxt)
        rows.append(
            DoseRow(
                name=exercise.name,
                dose=dose,
                locked=exercise.id in locked,
                next_session=instead,
                why=_why(notices, exercise.id) if instead else "",
            )
        )
    return tuple(rows)


def _value(protocol: Protocol, change: DoseChange, value: str, *, new: bool) -> str:
    """A stored old or new value in words."""
    field = change.field
    if field == NoticeKind.LEFT_OUT:
        return _("left out") if new else _("in")
    if field == NoticeKind.EASING:
        if not new or not value:
            return ""
        until = date.fromisoformat(value)
        return _("one step easier until %(day)s") % {"day": date_format(until, "j M")}
    if field == NoticeKind.FLARE_UP:
        return _("rest phase only") if new else ""
    if field == "hold_s" and value:
        return _("%(s)s s") % {"s": value}
    if field == "variant" and value:
        return item_name(protocol, value)
    return value


def change_rows(
    patient: Patient, *, protocol: Protocol, limit: int
) -> tuple[tuple[DoseChangeRow, ...], int]:
    """The newest ``limit`` dose changes of both kinds, with who made each, and how many
    there are in all (two queries)."""
    recent = patient.dose_changes.select_related("prescription__created_by").order_by(
        "-created_at", "-id"
    )
    rows = []
    for change in recent[:limit]:
        clinician = change.source == DoseChange.Source.CLINICIAN
        who = change.prescription.created_by if clinician else None
        rows.append(
            DoseChangeRow(
                changed_at=change.created_at,
                item=item_name(protocol, change.item),
                old=_value(protocol, change, change.old, new=False),
                new=_value(protocol, change, change.new, new=True),
                reason=change.reason,
                source=str(DoseChange.Source(change.source).label)
                if change.source in DoseChange.Source.values
                else change.source,
                by=(who.get_full_name() or who.get_username()) if who is not None else "",
                kind=change.kind,
                by_clinician=clinician,
            )
        )
    total = recent.count() if len(rows) == limit else len(rows)
    return tuple(rows), total


def doses_for(
    patient: Patient, *, protocol: Protocol, policy: Policy, now: datetime, changes: int = 8
) -> Doses:
    """The plan at ``now``: current doses, the next session's differences, the latest
    ``changes`` changes. Every surface that shows the plan calls this."""
    program = program_now(patient, protocol=protocol, policy=policy, now=now)
    rows, total = change_rows(patient, protocol=protocol, limit=changes)
    if program is None:
        return Doses(sides="", rows=(), flare_until=None, changes=rows, changes_total=total)
    prescription = program.prescription
    return Doses(
        sides=str(prescription.get_sides_display()),
        rows=current_doses(
            prescription, protocol, next_session=program.next_session, notices=program.notices
        ),
        flare_until=prescription.flare_until,
        changes=rows,
        changes_total=total,
        prescription=prescription,
        notices=tuple(n.text for n in program.notices),
    )
