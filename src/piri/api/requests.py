"""'Talk to a specialist' for the signed-in patient: their requests, sending one (with the
14-day summary Piri attaches), reading a thread and replying in it.

Only the patient's own requests exist here: anyone else's id answers 404. Bad input answers 422
naming the field (``topic``, ``message``, ``clinic_id``); nothing is stored then. Reading a
thread marks the clinic's replies in it as read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import Strict

from piri.accounts.access import own_patient
from piri.api.fields import AS_INTEGER, MESSAGE, Input, Text, enum_of
from piri.clinic.models import RequestMessage, SpecialistRequest
from piri.clinic.models.requests import MESSAGE_MAX_CHARS
from piri.clinic.request_scope import own_request
from piri.clinic.services import requests as service
from piri.converters import MAX_ID
from piri.domain.errors import FieldError

router = Router(tags=["requests"])


# Plain text with something in it besides spaces, no control characters but tab and new line,
# up to MESSAGE_MAX_CHARS: what ``services.requests.clean_message`` accepts (and checks, with
# its own words), said in the schema.
Message = Annotated[
    Text,
    Field(
        description=f"plain text, up to {MESSAGE_MAX_CHARS} characters (spaces around it aside)",
        json_schema_extra={"pattern": MESSAGE, "minLength": 1, "maxLength": MESSAGE_MAX_CHARS},
    ),
]


class RequestIn(Input):
    topic: Text = Field(json_schema_extra=enum_of(SpecialistRequest.Topic.values))
    message: Message
    clinic_id: Annotated[int, Strict(), Field(ge=1, le=MAX_ID), AS_INTEGER] | None = Field(
        default=None, description="which of the patient's clinics; needed only with several"
    )


class MessageIn(Input):
    message: Message


class MessageOut(Schema):
    id: int
    from_clinic: bool
    author: str
    body: str
    created_at: datetime


class RequestOut(Schema):
    id: int
    clinic_id: int
    clinic: str
    topic: str
    status: str = Field(description="new (waiting for the clinic), answered or closed")
    urgent: bool
    unread_reply: bool
    created_at: datetime
    updated_at: datetime
    last_reply_at: datetime | None
    closed_at: datetime | None


class RequestDetailOut(RequestOut):
    summary: dict[str, Any] = Field(description="the last 14 days, as sent")
    messages: list[MessageOut]


def _message(row: RequestMessage) -> MessageOut:
    return MessageOut(
        id=row.pk,
        from_clinic=row.from_clinic,
        author=row.author.get_full_name() or row.author.get_username(),
        body=row.body,
        created_at=row.created_at,
    )


def _fields(req: SpecialistRequest) -> dict[str, Any]:
    return {
        "id": req.pk,
        "clinic_id": req.clinic_id,
        "clinic": req.clinic.name,
        "topic": req.topic,
        "status": req.status,
        "urgent": req.urgent,
        "unread_reply": req.unread_reply,
        "created_at": req.created_at,
        "updated_at": req.updated_at,
        "last_reply_at": req.last_reply_at,
        "closed_at": req.closed_at,
    }


def _detail(req: SpecialistRequest) -> RequestDetailOut:
    thread = [_message(m) for m in req.messages.select_related("author")]
    return RequestDetailOut(**_fields(req), summary=req.summary, messages=thread)


@router.get("", response=list[RequestOut])
def list_requests(request: HttpRequest, limit: int = 50) -> list[RequestOut]:
    """The patient's own requests, the latest activity first."""
    patient = own_patient(request.user)
    limit = max(1, min(limit, 200))
    return [RequestOut(**_fields(r)) for r in service.own_requests(patient)[:limit]]


@router.post("", response={201: RequestDetailOut})
def post_request(request: HttpRequest, payload: RequestIn) -> Status[RequestDetailOut]:
    """Send a request to the patient's clinic; urgent when a red flag is open."""
    patient = own_patient(request.user)
    try:
        req = service.open_request(
            patient,
            topic=payload.topic,
            message=payload.message,
            clinic_id=payload.clinic_id,
            now=timezone.now(),
        )
    except service.RequestError as error:
        if error.field == "clinic":  # the service's name for it; here it is clinic_id
            raise FieldError("clinic_id", error.message) from None
        raise
    return Status(201, _detail(req))


@router.get("/{id:request_id}", response=RequestDetailOut)
def get_request(request: HttpRequest, request_id: int) -> RequestDetailOut:
    """One of the patient's requests with its thread; its replies count as read after this."""
    req = own_request(request.user, request_id)
    detail = _detail(req)
    service.mark_seen(req, now=timezone.now())
    return detail


@router.post("/{id:request_id}/messages", response={201: MessageOut})
def post_message(request: HttpRequest, request_id: int, payload: MessageIn) -> Status[MessageOut]:
    """The patient's reply: the request waits for the clinic again."""
    req = own_request(request.user, request_id)
    msg = service.reply(
        req,
        author=req.patient.user,
        message=payload.message,
        from_clinic=False,
        now=timezone.now(),
    )
    return Status(201, _message(msg))


@router.post("/{id:request_id}/close", response=RequestDetailOut)
def close_request(request: HttpRequest, request_id: int) -> RequestDetailOut:
    """The patient closes one of their requests (closing a closed one changes nothing)."""
    req = own_request(request.user, request_id)
    return _detail(service.close(req, now=timezone.now()))
