"""Weekly outcome measures: one answer per instrument per week, with the scores Piri computed.

POST answers one instrument for this week (201 the first time, 200 when it replaces this
week's answers); earlier weeks are read-only. Bad values answer 422 naming the field
(``answers.<item id>``). docs/measures.md lists the instruments, their items and scores.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from piri.accounts.access import own_patient
from piri.api.fields import NO_NUL, Day, Input, Text, Whole, enum_of
from piri.program.access import own_measures
from piri.program.models import MeasureResponse
from piri.program.services.measure_texts import catalog
from piri.program.services.measures import record_measure

router = Router(tags=["measures"])


def _instruments(schema: dict[str, Any]) -> None:
    schema.update(enum_of(i.id for i in catalog().instruments))


class MeasureIn(Input):
    instrument: Text = Field(
        description="nprs, psfs, rmdq, grc or a plug-in's id", json_schema_extra=_instruments
    )
    answers: dict[Annotated[Text, Field(json_schema_extra={"pattern": NO_NUL})], Whole | None] = (
        Field(description="item id -> whole number in the item's range, or null (not answered)")
    )
    week_start: Day | None = Field(
        default=None, description="a day of the week answered: only this week (the default)"
    )


class MeasureOut(Schema):
    id: int
    instrument: str
    week_start: date
    day: date
    answers: dict[str, int | None]
    scores: dict[str, float | str | None]
    labels: dict[str, str]
    catalog_version: str
    created_at: datetime
    updated_at: datetime


def _out(row: MeasureResponse) -> MeasureOut:
    return MeasureOut(
        id=row.pk,
        instrument=row.instrument,
        week_start=row.week_start,
        day=row.day,
        answers=row.answers,
        scores=row.scores,
        labels=row.labels,
        catalog_version=row.catalog_version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


@router.post("", response={200: MeasureOut, 201: MeasureOut})
def post_measure(request: HttpRequest, payload: MeasureIn) -> Status[MeasureOut]:
    """Answer one instrument for this week, scored as docs/measures.md describes."""
    patient = own_patient(request.user)
    row, created = record_measure(
        patient, payload.instrument, payload.answers, now=timezone.now(), week=payload.week_start
    )
    return Status(201 if created else 200, _out(row))


@router.get("", response=list[MeasureOut])
def list_measures(
    request: HttpRequest,
    instrument: Annotated[Text, Field(json_schema_extra={"pattern": NO_NUL})] | None = None,
    limit: int = 100,
) -> list[MeasureOut]:
    """The patient's own answers, newest week first (``?instrument=`` for one instrument)."""
    rows = own_measures(request.user).order_by("-week_start", "instrument")
    if instrument:
        rows = rows.filter(instrument=instrument)
    return [_out(row) for row in rows[: max(1, min(limit, 1000))]]
