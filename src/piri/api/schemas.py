"""Request and response bodies of the JSON API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

from piri.domain.plan import BranchAction, Change, Extent


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
    answered_at: datetime | None = None


class SessionIn(Schema):
    client_id: uuid.UUID
    plan_id: uuid.UUID
    started_at: datetime
    ended_at: datetime
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
