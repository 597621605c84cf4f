"""Request and response bodies of the JSON API."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import Strict

from piri.api.fields import AS_INTEGER, NO_NUL, Flag, Input, Moment, Number, Text, enum_of
from piri.domain.plan import BranchAction, Change, Extent
from piri.program.services.protocol import active_protocol


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    detail: list[dict[str, Any]]


def _protocol_ids(kind: str) -> Callable[[dict[str, Any]], None]:
    """The schema of an id says which ids the active protocol has (read when the document is
    made, so a clinic's own protocol file is described as it is)."""

    def describe(schema: dict[str, Any]) -> None:
        protocol = active_protocol()
        ids = {
            "stretch_variant": protocol.stretch_variants,
            "massage_option": [m.id for m in protocol.massage_options],
            "item": protocol.item_ids,
        }[kind]
        schema.pop("pattern", None)
        schema.update(enum_of(ids))

    return describe


def _dose_overrides(schema: dict[str, Any]) -> None:
    """Per item of the protocol: an exercise's sets and hold, a massage option's time only."""
    protocol = active_protocol()
    massage = {m.id for m in protocol.massage_options}
    hold = {"anyOf": [{"type": "integer", "minimum": 1, "maximum": HOLD_MAX}, {"type": "null"}]}
    sets = {"anyOf": [{"type": "integer", "minimum": 1, "maximum": SETS_MAX}, {"type": "null"}]}
    schema.clear()
    schema.update(
        type="object",
        description="item id -> its dose; a massage option has a time (hold_s) but no sets",
        properties={
            item: {
                "type": "object",
                "properties": {
                    "sets": {"type": "null"} if item in massage else sets,
                    "hold_s": hold,
                },
            }
            for item in sorted(protocol.item_ids)
        },
        additionalProperties=False,
    )


SETS_MAX = 20
HOLD_MAX = 300


class DoseOverrideIn(Input):
    sets: Annotated[int, Strict(), Field(ge=1, le=SETS_MAX), AS_INTEGER] | None = None
    hold_s: Annotated[int, Strict(), Field(ge=1, le=HOLD_MAX), AS_INTEGER] | None = None


class PrescriptionIn(Input):
    sides: Literal["left", "right", "both"]
    stretch_variant: Text = Field(json_schema_extra=_protocol_ids("stretch_variant"))
    massage_option: Text = Field(json_schema_extra=_protocol_ids("massage_option"))
    dose_overrides: dict[Text, DoseOverrideIn] = Field(
        default_factory=dict, json_schema_extra=_dose_overrides
    )
    excluded: list[Annotated[Text, Field(json_schema_extra=_protocol_ids("item"))]] = Field(
        default_factory=list, max_length=32
    )


class PlanOut(Schema):
    id: uuid.UUID
    protocol_id: str
    protocol_version: str
    plan: dict[str, Any]


StepId = Annotated[Text, Field(min_length=1, max_length=128, json_schema_extra={"pattern": NO_NUL})]


Pain = Annotated[int, Strict(), Field(ge=0, le=10), AS_INTEGER]


class StepIn(Input):
    step_id: StepId
    status: Literal["done", "skipped", "stopped", "not_reached"]
    seconds: Number = Field(ge=0, le=86_400)


class CheckIn(Input):
    step_id: StepId
    change: Change
    extent: Extent
    pain: Pain | None = None
    action: BranchAction | None = None
    answered_at: Moment | None = None


class SessionIn(Input):
    client_id: uuid.UUID
    plan_id: uuid.UUID
    started_at: Moment
    ended_at: Moment
    completed: Flag = True
    steps: list[StepIn] = Field(default_factory=list, max_length=2000)
    checks: list[CheckIn] = Field(default_factory=list, max_length=500)
    end_pain: Pain | None = None
    helped_most: Text | None = Field(
        default=None, max_length=64, json_schema_extra={"pattern": NO_NUL}
    )


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
