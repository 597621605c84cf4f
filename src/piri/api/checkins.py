"""Daily check-ins: today's is created or changed by POST (the same body twice gives the same
row); earlier days are read-only. Bad values answer 422 naming the field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import Strict

from piri.accounts.access import own_patient
from piri.api.fields import AS_INTEGER, NO_NUL, Day, Flag, Input, Text
from piri.domain.plan import Extent
from piri.program.access import own_checkins
from piri.program.models import CheckIn
from piri.program.models.checkins import SITTING_MAX_MINUTES
from piri.program.services.checkins import record_checkin
from piri.program.services.history import local_today
from piri.program.services.protocol import active_protocol

router = Router(tags=["checkins"])

Pain = Annotated[int, Strict(), Field(ge=0, le=10), AS_INTEGER]
TriggerId = Annotated[
    Text, Field(min_length=1, max_length=70, json_schema_extra={"pattern": NO_NUL})
]


class CheckinIn(Input):
    """Answers left out keep what today's check-in already has; ``null`` clears one."""

    day: Day | None = Field(default=None, description="the patient's today (the default)")
    pain_now: Pain | None = None
    pain_average: Pain | None = None
    next_morning: Pain | None = None
    new_stiffness: Flag | None = None
    extent: Extent | None = None
    sitting_minutes: (
        Annotated[int, Strict(), Field(ge=0, le=SITTING_MAX_MINUTES), AS_INTEGER] | None
    ) = None
    triggers: list[TriggerId] | None = Field(default=None, max_length=32)
    change: Literal["better", "same", "worse"] | None = None


class CheckinOut(Schema):
    id: int
    day: date
    pain_now: int | None
    pain_average: int | None
    next_morning: int | None
    new_stiffness: bool | None
    extent: str | None
    sitting_minutes: int | None
    triggers: list[str] | None
    change: str | None
    worse: bool | None
    created_at: datetime
    updated_at: datetime


def _out(row: CheckIn) -> CheckinOut:
    return CheckinOut(
        id=row.pk,
        day=row.day,
        pain_now=row.pain_now,
        pain_average=row.pain_average,
        next_morning=row.next_morning,
        new_stiffness=row.new_stiffness,
        extent=row.extent or None,
        sitting_minutes=row.sitting_minutes,
        triggers=row.triggers,
        change=row.change or None,
        worse=row.worse,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


@router.post("", response={200: CheckinOut, 201: CheckinOut})
def post_checkin(request: HttpRequest, payload: CheckinIn) -> Status[CheckinOut]:
    """Save today's check-in: 201 when it is the day's first, 200 when it changes it."""
    patient = own_patient(request.user)
    now = timezone.now()
    answers: dict[str, Any] = payload.model_dump(exclude_unset=True)
    day = answers.pop("day", None) or local_today(patient, now=now)
    if isinstance(answers.get("extent"), Extent):
        answers["extent"] = answers["extent"].value
    row, created = record_checkin(patient, day=day, protocol=active_protocol(), now=now, **answers)
    return Status(201 if created else 200, _out(row))


@router.get("", response=list[CheckinOut])
def list_checkins(request: HttpRequest, limit: int = 30) -> list[CheckinOut]:
    """The patient's own check-ins, newest day first."""
    limit = max(1, min(limit, 366))
    return [_out(row) for row in own_checkins(request.user).order_by("-day")[:limit]]
