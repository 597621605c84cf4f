"""The daily check-in: pain now and over 24 h, the morning after, how far down the leg the
numbness reaches, sitting tolerance, triggers met, and better / same / worse.

One row per patient per local day (``local_today``), changeable only on that day. Bad input
raises ``FieldError`` naming the field, before anything is written. The patient's own triggers
(``OwnTrigger``) are named, listed and removed here too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from piri import messagebus
from piri.accounts.models import Patient
from piri.domain.errors import FieldError
from piri.domain.events import CheckinChanged
from piri.domain.plan import Extent
from piri.domain.protocol import Protocol
from piri.program.models import CheckIn, ExerciseSession, OwnTrigger
from piri.program.models.checkins import OWN_TRIGGER_NAME_MAX, SITTING_MAX_MINUTES
from piri.program.services.history import local_today
from piri.program.services.upsert import upsert

OWN_PREFIX: Final = "own:"
OWN_TRIGGERS_MAX: Final = 10
PAIN_FIELDS: Final = ("pain_now", "pain_average", "next_morning")
CHANGES: Final = tuple(c.value for c in CheckIn.Change)
EXTENTS: Final = tuple(e.value for e in Extent)


@dataclass(frozen=True, slots=True)
class SittingBand:
    """A quick answer to "how long can you sit?", stored as a representative number of minutes
    (the middle of the band; for the open bands a value inside them)."""

    minutes: int
    label: Any  # lazy text
    upto: int  # a stored number up to this many minutes reads back as this band


SITTING_BANDS: Final = (
    SittingBand(5, gettext_lazy("0–10 min"), 9),
    SittingBand(20, gettext_lazy("10–30 min"), 30),
    SittingBand(45, gettext_lazy("30–60 min"), 60),
    SittingBand(90, gettext_lazy("1–2 hours"), 120),
    SittingBand(150, gettext_lazy("Over 2 hours"), SITTING_MAX_MINUTES),
)


def sitting_band(minutes: int | None) -> SittingBand | None:
    """The band a stored number falls in (numbers sent through the API may be exact)."""
    if minutes is None:
        return None
    return next(band for band in SITTING_BANDS if minutes <= band.upto)


class _Keep:
    """An answer not given: an edit keeps what was stored."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep()


# --- due and done ---------------------------------------------------------------------------


def todays_checkin(patient: Patient, *, now: datetime) -> CheckIn | None:
    return CheckIn.objects.filter(patient=patient, day=local_today(patient, now=now)).first()


def checkin_due(patient: Patient, *, now: datetime) -> bool:
    """Due every day until today's pain has been given."""
    return not CheckIn.objects.filter(
        patient=patient, day=local_today(patient, now=now), pain_now__isnull=False
    ).exists()


def session_yesterday(patient: Patient, *, now: datetime) -> bool:
    """After a session day the morning question matters to the dosing rules."""
    today = local_today(patient, now=now)
    return ExerciseSession.objects.filter(
        patient=patient, local_date=today - timedelta(days=1)
    ).exists()


def morning_check_due(patient: Patient, *, now: datetime) -> bool:
    """Due on a day after a session day, until answered."""
    answered = CheckIn.objects.filter(
        patient=patient, day=local_today(patient, now=now), next_morning__isnull=False
    ).exists()
    return session_yesterday(patient, now=now) and not answered


# --- triggers -------------------------------------------------------------------------------


def own_triggers(patient: Patient) -> list[OwnTrigger]:
    return list(OwnTrigger.objects.filter(patient=patient))


def trigger_choices(patient: Patient, *, protocol: Protocol) -> list[tuple[str, str]]:
    """(id, name) of every trigger the patient is asked about: the protocol's, then their own."""
    choices = [(t.id, t.name) for t in protocol.triggers]
    choices += [(OWN_PREFIX + t.name, t.name) for t in own_triggers(patient)]
    return choices


def trigger_label(protocol: Protocol, trigger_id: str) -> tuple[str, bool]:
    """(the name people read, whether it is the patient's own) for a stored trigger id; an id
    no longer in the protocol is shown as it is."""
    if trigger_id.startswith(OWN_PREFIX):
        return trigger_id.removeprefix(OWN_PREFIX), True
    try:
        return protocol.trigger(trigger_id).name, False
    except KeyError:
        return trigger_id, False


def clean_trigger_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name or "").strip()
    if not name:
        raise FieldError("name", _("Write a short name for the trigger."))
    if len(name) > OWN_TRIGGER_NAME_MAX:
        raise FieldError(
            "name",
            _("Keep the name to %(max)d characters or fewer.") % {"max": OWN_TRIGGER_NAME_MAX},
        )
    return name


def add_own_trigger(patient: Patient, name: str) -> OwnTrigger:
    name = clean_trigger_name(name)
    with transaction.atomic():
        existing = OwnTrigger.objects.select_for_update().filter(patient=patient)
        if any(t.name.casefold() == name.casefold() for t in existing):
            raise FieldError("name", _("“%(name)s” is already on your list.") % {"name": name})
        if existing.count() >= OWN_TRIGGERS_MAX:
            raise FieldError(
                "name",
                _("You can keep up to %(max)d triggers of your own. Remove one first.")
                % {"max": OWN_TRIGGERS_MAX},
            )
        try:
            with transaction.atomic():
                return OwnTrigger.objects.create(patient=patient, name=name)
        except IntegrityError:  # the same name added at the same moment
            raise FieldError(
                "name", _("“%(name)s” is already on your list.") % {"name": name}
            ) from None


def remove_own_trigger(patient: Patient, name: str) -> bool:
    """Stop offering one of the patient's own triggers. Past check-ins keep it. True if removed."""
    wanted = re.sub(r"\s+", " ", name or "").strip().casefold()
    for trigger in own_triggers(patient):
        if trigger.name.casefold() == wanted:
            trigger.delete()
            return True
    return False


# --- recording ------------------------------------------------------------------------------


def _pain(field: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise FieldError(field, _("Choose a whole number from 0 to 10."))
    return value


def _yes_no(field: str, value: Any) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise FieldError(field, _("Answer yes or no."))
    return value


def _triggers(
    patient: Patient, values: Sequence[str] | None, *, protocol: Protocol
) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        raise FieldError("triggers", _("Send a list of trigger ids."))
    known = dict(trigger_choices(patient, protocol=protocol))
    met: list[str] = []
    for index, value in enumerate(values):
        if not isinstance(value, str) or value not in known:
            raise FieldError(
                f"triggers.{index}",
                _("“%(value)s” is not one of your triggers.") % {"value": value},
            )
        if value not in met:
            met.append(value)
    return met


def record_checkin(
    patient: Patient,
    *,
    day: date,
    protocol: Protocol,
    pain_now: Any = KEEP,
    pain_average: Any = KEEP,
    next_morning: Any = KEEP,
    new_stiffness: Any = KEEP,
    extent: Any = KEEP,
    sitting_minutes: Any = KEEP,
    triggers: Any = KEEP,
    change: Any = KEEP,
    now: datetime,
) -> tuple[CheckIn, bool]:
    """Save today's check-in (creating it or changing it). ``day`` must be the patient's today:
    a later day or an earlier one is refused. An answer left as ``KEEP`` keeps what is stored;
    ``None`` clears it. Returns the one row of the day and whether this call created it."""
    today = local_today(patient, now=now)
    if day > today:
        raise FieldError("day", _("A check-in cannot be for a day that has not come yet."))
    if day < today:
        raise FieldError("day", _("Only today’s check-in can be changed."))

    values: dict[str, Any] = {}
    for field, value in (
        ("pain_now", pain_now),
        ("pain_average", pain_average),
        ("next_morning", next_morning),
    ):
        if value is not KEEP:
            values[field] = _pain(field, value)
    if new_stiffness is not KEEP:
        values["new_stiffness"] = _yes_no("new_stiffness", new_stiffness)
    if extent is not KEEP:
        if extent not in (None, "", *EXTENTS):
            raise FieldError("extent", _("Choose none, buttock, thigh, below the knee or foot."))
        values["extent"] = extent or ""
    if sitting_minutes is not KEEP:
        if sitting_minutes is not None and (
            isinstance(sitting_minutes, bool)
            or not isinstance(sitting_minutes, int)
            or not 0 <= sitting_minutes <= SITTING_MAX_MINUTES
        ):
            raise FieldError(
                "sitting_minutes",
                _("Give the minutes as a whole number from 0 to %(max)d.")
                % {"max": SITTING_MAX_MINUTES},
            )
        values["sitting_minutes"] = sitting_minutes
    with transaction.atomic():  # the triggers offered are read in the same transaction
        if triggers is not KEEP:
            values["triggers"] = _triggers(patient, triggers, protocol=protocol)
        if change is not KEEP:
            if change not in (None, "", *CHANGES):
                raise FieldError("change", _("Choose better, same or worse."))
            values["change"] = change or ""
            values["worse"] = (change == CheckIn.Change.WORSE) if change else None
        row, created = upsert(CheckIn, lookup={"patient": patient, "day": day}, values=values)
        messagebus.publish(
            CheckinChanged(
                patient_id=patient.pk, at=now, day=day, created=created, fields=frozenset(values)
            )
        )
    return row, created
