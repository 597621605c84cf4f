"""What the clinic app does when the patient's side publishes an event.

Subscribed once, in ``ClinicConfig.ready()``. The triage row is refreshed **inside** the
publisher's transaction, so the dashboard never reads a row older than the data it sums up;
the clinic's email about a red flag is queued **after commit**, so no one is emailed about a
write that was rolled back, and a worker sends it, trying again while the mail server is down
(``docs/decisions/0008-domain-events.md``, ``0013-background-jobs.md``).
"""

from __future__ import annotations

from piri import messagebus
from piri.accounts.models import Patient
from piri.clinic.jobs import email_flag
from piri.clinic.models import RequestMessage, SpecialistRequest
from piri.clinic.services.triage_rows import refresh_triage
from piri.domain.events import (
    AccountDeleted,
    CheckinChanged,
    Event,
    FlagRaised,
    ReviewRecorded,
    ScreeningsStored,
    SessionRecorded,
)
from piri.sql_rows import by_key

# A check-in changes the triage row only through how far down the leg symptoms reach
# (the "spreading" reason); its other answers are not on the row.
TRIAGE_CHECKIN_FIELDS = frozenset({"extent"})


def refresh_row(event: Event) -> None:
    patient = by_key(Patient, id=event.patient_id)
    if patient is None:
        raise Patient.DoesNotExist(event.patient_id)
    refresh_triage(patient, now=event.at)


def refresh_row_after_checkin(event: CheckinChanged) -> None:
    if event.fields & TRIAGE_CHECKIN_FIELDS:
        refresh_row(event)


def email_the_clinic(event: FlagRaised) -> None:
    email_flag.enqueue(event.screening_id)


def patient_left(event: AccountDeleted) -> None:
    """A patient who left Piri: the messages they wrote to a specialist are blanked (the
    clinic's replies and the request's numbers stay), their open requests are closed (no
    one is there to answer), and their triage row follows (decision 0017)."""
    RequestMessage.objects.filter(request__patient_id=event.patient_id, from_clinic=False).update(
        body=""
    )
    SpecialistRequest.objects.filter(patient_id=event.patient_id).exclude(
        status=SpecialistRequest.Status.CLOSED
    ).update(status=SpecialistRequest.Status.CLOSED, closed_at=event.at, updated_at=event.at)
    refresh_row(event)


def subscribe() -> None:
    for kind in (SessionRecorded, ScreeningsStored, ReviewRecorded):
        messagebus.subscribe(kind, refresh_row)
    messagebus.subscribe(CheckinChanged, refresh_row_after_checkin)
    messagebus.subscribe(FlagRaised, email_the_clinic, after_commit=True)
    messagebus.subscribe(AccountDeleted, patient_left)
