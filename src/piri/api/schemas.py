"""Request and response bodies of the JSON API."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from piri.domain.plan import BranchAction, Change, Extent

_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(Z|[+-]\d\d:\d\d)?")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def _moment_text(value: object) -> object:
    """A time is RFC 3339 text with its UTC offset; without one it could be any of 24 hours
    (docs/decisions/0010-bad-input.md), so it is refused rather than guessed."""
    match = _MOMENT.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise PydanticCustomError(
            "datetime_format", "must be a date and time such as 2026-01-01T10:00:00+01:00"
        )
    if match.group(1) is None:
        raise PydanticCustomError(
            "datetime_offset",
            "has no UTC offset: add Z or one such as +01:00 (without it the time could be "
            "any of 24 hours)",
        )
    return value


def _day_text(value: object) -> object:
    if not (isinstance(value, str) and _DAY.fullmatch(value)):
        raise PydanticCustomError("date_format", "must be a day such as 2026-01-01")
    return value


# A time with its UTC offset, as text (a number of seconds is not a time here).
Moment = Annotated[datetime, BeforeValidator(_moment_text)]
# A day as YYYY-MM-DD text.
Day = Annotated[date, BeforeValidator(_day_text)]


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    detail: list[dict[str, Any]]


class PrescriptionIn(Schema):
    sides: Literal["left", "right", "both"]
    stretch_variant: str = Field(min_length=1, max_length=64)
    massage_option: str = Field(min_length=1, max_length=64)
    dose_overrides: dict[str, DoseOverrideIn] = Field(default_factory=dict)
    excluded: list[str] = Field(default_factory=list, max_length=32)


class DoseOverrideIn(Schema):
    sets: int | None = Field(default=None, ge=1, le=20)
    hold_s: int | None = Field(default=None, ge=1, le=300)


PrescriptionIn.model_rebuild()


class PlanOut(Schema):
    id: uuid.UUID
    protocol_id: str
    protocol_version: str
    plan: dict[str, Any]


class StepIn(Schema):
    step_id: str = Field(min_length=1, max_length=128)
    status: Literal["done", "skipped", "stopped", "not_reached"]
    seconds: float = Field(ge=0, le=86_400)


class CheckIn(Schema):
    step_id: str = Field(min_length=1, max_length=128)
    change: Change
    extent: Extent
    pain: int | None = Field(default=None, ge=0, le=10)
    action: BranchAction | None = None
    answered_at: Moment | None = None


class SessionIn(Schema):
    client_id: uuid.UUID
    plan_id: uuid.UUID
    started_at: Moment
    ended_at: Moment
    completed: bool = True
    steps: list[StepIn] = Field(default_factory=list, max_length=2000)
    checks: list[CheckIn] = Field(default_factory=list, max_length=500)
    end_pain: int | None = Field(default=None, ge=0, le=10)
    helped_most: str | None = Field(default=None, max_length=64)


class SessionOut(Schema):
    id: int
    client_id: uuid.UUID
    plan_id: uuid.UUID
    started_at: datetime
    ended_at: datetime
    local_date: str
    completed: bool
    end_pain: int | None
    helped_most: str
    steps_done: int
    steps_total: int


class HealthOut(Schema):
    status: str
    database: str
