"""'Talk to a specialist': sending a request to a clinic, replies both ways, closing, and the
patient having read the clinic's replies.

Status follows whose turn it is: new (the clinic's: just sent, or the patient replied),
answered (the patient's: the clinic replied last), closed (by either side; a closed request
takes no more replies: the patient starts a new one). A request sent while a red flag of tier
D or above is open is marked urgent (tier E locks Piri, so in practice D and U).

Bad input raises ``RequestError`` (a ``FieldError``) naming the field, before anything is
stored. Messages are stored as typed (line endings made uniform) and always shown as text.
After each change the patient's triage row is refreshed and, for what the clinic must read,
its email queued once the change is committed (``piri.clinic.jobs``: a worker sends it, and
tries again while the mail server is down).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from piri.accounts.invites import current_clinics
from piri.accounts.models import Clinic, Patient, User
from piri.clinic.jobs import email_request
from piri.clinic.models import RequestMessage, SpecialistRequest
from piri.clinic.models.requests import MESSAGE_MAX_CHARS
from piri.clinic.services.summary14 import summary_for
from piri.clinic.services.triage_rows import refresh_triage
from piri.domain.errors import FieldError
from piri.domain.policy import Policy, Tier
from piri.program.services.protocol import active_policy
from piri.program.services.screening import safety_state

Status = SpecialistRequest.Status
Topic = SpecialistRequest.Topic
URGENT_FROM = Tier.D


class RequestError(FieldError):
    """A request or reply that cannot be stored; ``field`` says which input is wrong."""


def clean_message(body: object) -> str:
    """The message as it will be stored; ``RequestError("message", ...)`` when it is empty,
    too long or holds characters that are not text."""
    if not isinstance(body, str):
        raise RequestError("message", _("Write your message as text."))
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise RequestError("message", _("Write your message: it is empty."))
    if len(text) > MESSAGE_MAX_CHARS:
        raise RequestError(
            "message",
            _(
                "Your message is %(length)d characters long; the most is %(max)d. Shorten it, "
                "or send the rest in a reply."
            )
            % {"length": len(text), "max": MESSAGE_MAX_CHARS},
        )
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise RequestError("message", _("Your message holds control characters; remove them."))
    return text


def clean_topic(topic: object) -> str:
    if topic not in Topic.values:
        names = ", ".join(str(label) for label in Topic.labels)
        raise RequestError("topic", _("Choose one of the topics: %(names)s.") % {"names": names})
    return str(topic)


def choose_clinic(patient: Patient, clinic_id: object | None) -> Clinic:
    """The clinic a new request goes to: ``clinic_id`` if given (one of the patient's current
    clinics), or their only clinic."""
    clinics = current_clinics(patient)
    if not clinics:
        raise RequestError(
            "clinic", _("You do not belong to a clinic yet. Join one with a code from it first.")
        )
    if clinic_id in (None, ""):
        if len(clinics) == 1:
            return clinics[0]
        raise RequestError("clinic", _("Choose which of your clinics to write to."))
    for clinic in clinics:
        if str(clinic.pk) == str(clinic_id):
            return clinic
    raise RequestError("clinic", _("Choose one of your own clinics."))


def is_urgent(patient: Patient, *, policy: Policy | None = None) -> bool:
    """Would a request sent now be urgent (a red flag of tier D or above open)?"""
    return safety_state(patient, policy=policy or active_policy()).tier >= URGENT_FROM


def open_request(
    patient: Patient,
    *,
    topic: object,
    message: object,
    clinic_id: object | None = None,
    now: datetime,
    policy: Policy | None = None,
) -> SpecialistRequest:
    """Send a new request with the 14-day summary attached; the clinic's email is queued."""
    topic_value = clean_topic(topic)
    text = clean_message(message)
    clinic = choose_clinic(patient, clinic_id)
    policy = policy or active_policy()
    with transaction.atomic():
        req = SpecialistRequest.objects.create(
            patient=patient,
            clinic=clinic,
            topic=topic_value,
            status=Status.NEW,
            urgent=is_urgent(patient, policy=policy),
            summary=summary_for(patient, now=now, policy=policy),
            created_at=now,
            updated_at=now,
        )
        first = RequestMessage.objects.create(
            request=req, author=patient.user, from_clinic=False, body=text, created_at=now
        )
    refresh_triage(patient, now=now)
    email_request.enqueue(req.pk, first.pk)
    return req


def _still_linked(req: SpecialistRequest) -> bool:
    return req.clinic.care_links.filter(patient_id=req.patient_id, left_at__isnull=True).exists()


def reply(
    req: SpecialistRequest,
    *,
    author: User,
    message: object,
    from_clinic: bool,
    now: datetime,
) -> RequestMessage:
    """Add a message to the thread: the clinic's makes it answered, the patient's new again
    (and emails the clinic). Access is the caller's to check."""
    text = clean_message(message)
    with transaction.atomic():
        locked = SpecialistRequest.objects.select_for_update().get(pk=req.pk)
        if locked.status == Status.CLOSED:
            raise RequestError(
                "message", _("This request is closed. Start a new one to write again.")
            )
        if not from_clinic and not _still_linked(locked):
            raise RequestError(
                "message", _("You have left this clinic, so it can no longer read replies.")
            )
        msg = RequestMessage.objects.create(
            request=locked, author=author, from_clinic=from_clinic, body=text, created_at=now
        )
        locked.updated_at = now
        if from_clinic:
            locked.status = Status.ANSWERED
            locked.last_reply_at = now
        else:
            locked.status = Status.NEW
        locked.save(update_fields=["status", "updated_at", "last_reply_at"])
    _copy(locked, req)
    refresh_triage(req.patient, now=now)
    if not from_clinic:
        email_request.enqueue(req.pk, msg.pk)
    return msg


def close(req: SpecialistRequest, *, now: datetime) -> SpecialistRequest:
    """Close the request (either side may); closing a closed one changes nothing."""
    with transaction.atomic():
        locked = SpecialistRequest.objects.select_for_update().get(pk=req.pk)
        if locked.status != Status.CLOSED:
            locked.status = Status.CLOSED
            locked.closed_at = now
            locked.updated_at = now
            locked.save(update_fields=["status", "closed_at", "updated_at"])
    _copy(locked, req)
    refresh_triage(req.patient, now=now)
    return req


def mark_seen(req: SpecialistRequest, *, now: datetime) -> None:
    """The patient has read the thread: its replies no longer count as unread."""
    if not req.unread_reply:
        return
    SpecialistRequest.objects.filter(pk=req.pk).update(patient_seen_at=now)
    req.patient_seen_at = now


def _copy(source: SpecialistRequest, target: SpecialistRequest) -> None:
    for name in ("status", "updated_at", "last_reply_at", "closed_at", "patient_seen_at"):
        setattr(target, name, getattr(source, name))


def own_requests(patient: Patient) -> QuerySet[SpecialistRequest]:
    return SpecialistRequest.objects.filter(patient=patient).select_related("clinic")


def unread_replies(patient: Patient) -> QuerySet[SpecialistRequest]:
    """The patient's requests with a clinic reply they have not opened yet."""
    return own_requests(patient).filter(
        Q(last_reply_at__isnull=False)
        & (Q(patient_seen_at__isnull=True) | Q(patient_seen_at__lt=F("last_reply_at")))
    )
