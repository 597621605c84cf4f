from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from piri.accounts.access import own_patient
from piri.api.fields import Input, Text
from piri.domain.policy import Answer
from piri.domain.triage import Screening as Kind
from piri.domain.triage import questions_for
from piri.program.services.protocol import active_policy
from piri.program.services.screening import record_screening, safety_state

router = Router(tags=["screenings"])


def _answers_by_kind(schema: dict[str, Any]) -> None:
    """Which questions each kind asks (all of them must be answered, nothing else), from the
    active safety policy, read when the document is made."""
    policy = active_policy()
    schema["oneOf"] = [
        {
            "properties": {
                "kind": {"const": kind.value},
                "answers": {
                    "type": "object",
                    "properties": {
                        q.id: {"enum": [a.value for a in Answer]}
                        for q in questions_for(kind, policy=policy)
                    },
                    "required": [q.id for q in questions_for(kind, policy=policy)],
                    "additionalProperties": False,
                },
            }
        }
        for kind in Kind
    ]


class ScreeningIn(Input):
    model_config = ConfigDict(json_schema_extra=_answers_by_kind)

    kind: Kind
    answers: dict[Text, Text] = Field(
        max_length=64, description="question id -> yes, no or not_sure; every question of the kind"
    )


class ScreeningOut(Schema):
    id: int
    kind: str
    tier: str
    reasons: list[str]
    answers: dict[str, str]
    policy_version: str
    created_at: datetime


class SafetyOut(Schema):
    tier: str
    title: str
    advice: str
    exercises: str
    screening: ScreeningOut | None


class QuestionOut(Schema):
    id: str
    block: str
    text: str
    help: str


@router.get("/questions", response=list[QuestionOut])
def list_questions(request: HttpRequest, kind: Kind = Kind.BEFORE_SESSION) -> list[QuestionOut]:
    own_patient(request.user)
    questions = questions_for(kind, policy=active_policy())
    return [QuestionOut(id=q.id, block=q.block, text=q.text, help=q.help) for q in questions]


@router.post("", response={201: SafetyOut})
def post_screening(request: HttpRequest, payload: ScreeningIn) -> Status[SafetyOut]:
    """Answer a screening; the answer is the tier now in force (which may be higher than this
    screening's own, while an earlier flag awaits a clinician review)."""
    patient = own_patient(request.user)
    policy = active_policy()
    record_screening(
        patient, kind=payload.kind, answers=payload.answers, policy=policy, now=timezone.now()
    )
    return Status(201, _safety(patient, policy))


@router.get("", response=list[ScreeningOut])
def list_screenings(request: HttpRequest) -> list[ScreeningOut]:
    patient = own_patient(request.user)
    return [ScreeningOut.from_orm(s) for s in patient.screenings.all()[:200]]


@router.get("/state", response=SafetyOut)
def get_state(request: HttpRequest) -> SafetyOut:
    patient = own_patient(request.user)
    return _safety(patient, active_policy())


def _safety(patient: object, policy: object) -> SafetyOut:
    state = safety_state(patient, policy=policy)  # type: ignore[arg-type]
    return SafetyOut(
        tier=state.tier.value,
        title=state.info.title,
        advice=state.info.advice,
        exercises=state.info.exercises.value,
        screening=ScreeningOut.from_orm(state.screening) if state.screening else None,
    )
