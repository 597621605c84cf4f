"""Weekly outcome measures: what is due this week, recording answers with the scores the domain
computes, the "compared with last week" check, and the home page's reminder.

Weeks are the patient's own (Monday first, in their time zone). One answer per instrument per
week: answering again in the same week replaces it; an earlier week is never changed and a
later one cannot be answered yet. Answers are checked against the instrument's definition
(``measures.yaml``) before anything is written; a bad one raises ``FieldError`` naming it
(``answers.<item id>``). docs/measures.md describes the instruments and what is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from piri.accounts.models import Patient
from piri.domain.errors import FieldError
from piri.domain.measures import Instrument, InstrumentText, score_instrument
from piri.domain.measures.grc import GRC_ID
from piri.domain.measures.psfs import PSFS_ID, score_psfs
from piri.domain.measures.rmdq import RMDQ_ID
from piri.program.models import Activity, MeasureResponse, WeeklyCheck
from piri.program.services.activities import current_activities, slot_id
from piri.program.services.history import local_today
from piri.program.services.measure_texts import catalog, clinic_text
from piri.program.services.upsert import upsert

NPRS_ID = "nprs"
WEEKLY_PAIN = ("pain_now", "pain_average_24h")  # the NPRS contexts the weekly page asks
CHANGES = tuple(c.value for c in WeeklyCheck.Change)
Answers = dict[str, int | None]


def week_start(day: date) -> date:
    """Monday of the week ``day`` is in."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class Offered:
    """An instrument asked this week, with the clinic's words when it needs them."""

    instrument: Instrument
    text: InstrumentText | None = None


@dataclass(frozen=True, slots=True)
class ThisWeek:
    today: date
    start: date
    offered: tuple[Offered, ...]
    activities: tuple[Activity, ...]
    check: WeeklyCheck | None
    responses: dict[str, MeasureResponse] = field(default_factory=dict)
    rmdq_missing: bool = False  # the clinic has not supplied the RMDQ's words

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def done(self) -> bool:
        return self.check is not None and all(
            o.instrument.id in self.responses for o in self.offered
        )

    @property
    def started(self) -> bool:
        return self.check is not None or bool(self.responses)


def offered_instruments(patient: Patient, *, activities: list[Activity]) -> list[Offered]:
    """NPRS, the activity rating (once activities are named), the RMDQ (when the clinic
    supplied its words), the global rating, then every plug-in whose words the clinic supplied."""
    instruments = catalog()
    offered = [Offered(instruments[NPRS_ID])]
    if activities:
        offered.append(Offered(instruments[PSFS_ID]))
    for instrument in (instruments[RMDQ_ID], instruments[GRC_ID], *instruments.plugins):
        text = clinic_text(instrument) if instrument.id != GRC_ID else None
        if instrument.id == GRC_ID or text is not None:
            offered.append(Offered(instrument, text))
    return offered


def this_week(patient: Patient, *, now: datetime) -> ThisWeek:
    today = local_today(patient, now=now)
    start = week_start(today)
    activities = current_activities(patient)
    offered = offered_instruments(patient, activities=activities)
    rows = MeasureResponse.objects.filter(patient=patient, week_start=start)
    return ThisWeek(
        today=today,
        start=start,
        offered=tuple(offered),
        activities=tuple(activities),
        check=WeeklyCheck.objects.filter(patient=patient, week_start=start).first(),
        responses={row.instrument: row for row in rows},
        rmdq_missing=all(o.instrument.id != RMDQ_ID for o in offered),
    )


def measures_due(patient: Patient, *, now: datetime) -> bool:
    """Due until this week's check and every instrument offered this week are answered."""
    return not this_week(patient, now=now).done


# --- checking answers -----------------------------------------------------------------------


def _check_week(today: date, week: date | None) -> date:
    current = week_start(today)
    if week is None or week_start(week) == current:
        return current
    if week > current:
        raise FieldError("week_start", _("Answers cannot be given for a week not yet begun."))
    raise FieldError(
        "week_start", _("Only this week’s answers can be given or changed. Earlier weeks stay.")
    )


def _offered(patient: Patient, instrument_id: Any, activities: list[Activity]) -> Offered:
    known = {i.id for i in catalog().instruments}
    if not isinstance(instrument_id, str) or instrument_id not in known:
        raise FieldError(
            "instrument", _("Piri has no questionnaire “%(id)s”.") % {"id": instrument_id}
        )
    for offered in offered_instruments(patient, activities=activities):
        if offered.instrument.id == instrument_id:
            return offered
    if instrument_id == PSFS_ID:
        raise FieldError("instrument", _("Name three to five activities before rating them."))
    raise FieldError(
        "instrument",
        _("Your clinic has not supplied the words of “%(name)s”, so it is not asked.")
        % {"name": catalog()[instrument_id].name},
    )


def clean_answers(instrument: Instrument, answers: Any, *, slots: list[str]) -> Answers:
    """Every question of ``instrument`` (for the PSFS: the named ``slots``) with its whole-number
    answer or ``None``; ``FieldError`` for an unknown question or a bad answer."""
    if not isinstance(answers, Mapping):
        raise FieldError("answers", _("Send the answers as question id → whole number."))
    asked = slots if instrument.id == PSFS_ID else list(instrument.item_ids)
    for key, value in answers.items():
        where = f"answers.{key}"
        if key not in asked:
            if instrument.id == PSFS_ID and key in instrument.item_ids:
                raise FieldError(where, _("No activity is named for this slot."))
            raise FieldError(
                where, _("This is not a question of %(name)s.") % {"name": instrument.name}
            )
        item = instrument.item(key)
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not item.low <= value <= item.high
        ):
            if instrument.id == RMDQ_ID:
                raise FieldError(
                    where, _("Give 1 for a ticked statement and 0 for one not ticked.")
                )
            raise FieldError(
                where,
                _("Give a whole number from %(low)d to %(high)d.")
                % {"low": item.low, "high": item.high},
            )
    return {key: answers.get(key) for key in asked}


def _scores(
    offered: Offered, answers: Answers, *, slots: list[str]
) -> dict[str, float | str | None]:
    instrument = offered.instrument
    if instrument.id == PSFS_ID:
        return {"mean": score_psfs(answers, activities=slots, instrument=instrument).mean}
    result = score_instrument(instrument, answers, text=offered.text)
    scores: dict[str, float | str | None] = {s.id: s.value for s in result.scores}
    if instrument.bands:
        scores["band"] = result.band
    return scores


def _labels(instrument: Instrument, activities: list[Activity]) -> dict[str, str]:
    if instrument.id == PSFS_ID:
        return {slot_id(a.slot): a.name for a in activities}
    if instrument.id == GRC_ID:
        return {"rating": instrument.texts.get("question", "")}
    return {k: v for k, v in instrument.texts.items() if k in instrument.item_ids}


# --- recording ------------------------------------------------------------------------------


def record_measure(
    patient: Patient,
    instrument: Any,
    answers: Any,
    *,
    now: datetime,
    week: date | None = None,
) -> tuple[MeasureResponse, bool]:
    """Save this week's answers to one instrument with their scores, replacing any given
    earlier this week. ``week``: a day of the week the answers are for (default: this week).
    Returns the week's row and whether this call created it (False: it replaced answers)."""
    today = local_today(patient, now=now)
    start = _check_week(today, week)
    with transaction.atomic():
        activities = current_activities(patient)
        offered = _offered(patient, instrument, activities)
        slots = [slot_id(a.slot) for a in activities]
        cleaned = clean_answers(offered.instrument, answers, slots=slots)
        values = {
            "day": today,
            "answers": cleaned,
            "scores": _scores(offered, cleaned, slots=slots),
            "labels": _labels(offered.instrument, activities),
            "catalog_version": catalog().version,
        }
        lookup = {"patient": patient, "instrument": offered.instrument.id, "week_start": start}
        return upsert(MeasureResponse, lookup=lookup, values=values)


def record_weekly_check(
    patient: Patient, change: Any, *, now: datetime, week: date | None = None
) -> WeeklyCheck:
    """Save "compared with last week" (better / same / worse) for this week."""
    today = local_today(patient, now=now)
    start = _check_week(today, week)
    if change not in CHANGES:
        raise FieldError("change", _("Choose better, about the same or worse."))
    lookup = {"patient": patient, "week_start": start}
    return upsert(WeeklyCheck, lookup=lookup, values={"day": today, "change": change})[0]


def record_week(
    patient: Patient,
    *,
    change: Any,
    answers: Mapping[str, Any],
    now: datetime,
    week: date | None = None,
) -> tuple[WeeklyCheck, list[MeasureResponse]]:
    """The weekly page in one go: the check and each instrument's answers (instrument id ->
    answers), all saved or none. Errors name ``change`` or ``<instrument>.<field>``."""
    with transaction.atomic():
        check = record_weekly_check(patient, change, now=now, week=week)
        rows = []
        for instrument_id, given in answers.items():
            try:
                row, _created = record_measure(patient, instrument_id, given, now=now, week=week)
                rows.append(row)
            except FieldError as error:
                if error.field == "week_start":
                    raise
                raise FieldError(f"{instrument_id}.{error.field}", error.message) from error
    return check, rows
