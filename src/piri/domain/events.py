"""What happened on the patient's side, as plain facts other parts of Piri may react to.

The program app publishes these (``piri.messagebus.publish``); apps above it subscribe — the
clinic keeps its triage rows and emails the clinic, and reminders and background jobs hang off
the same events. An event names its patient and rows by id and says when it happened (the
moment the use case was given: the clock is read once, at the edge).
See ``docs/decisions/0008-domain-events.md`` for which handlers run inside the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Event:
    patient_id: int
    at: datetime


@dataclass(frozen=True, slots=True)
class SessionRecorded(Event):
    """A finished session was stored (once: a repeated report publishes nothing)."""

    session_id: int


@dataclass(frozen=True, slots=True)
class CheckinChanged(Event):
    """Today's check-in was created or changed; ``fields`` are the answers given."""

    day: date
    created: bool
    fields: frozenset[str]


@dataclass(frozen=True, slots=True)
class ScreeningsStored(Event):
    """Screenings were stored: answered by the patient, or raised by a program rule."""

    screening_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class FlagRaised(Event):
    """A stored screening put a red-flag tier the clinic is told about (E, U or D)."""

    screening_id: int
    tier: str


@dataclass(frozen=True, slots=True)
class ReviewRecorded(Event):
    """A clinician recorded a clinical review (lifting any red-flag lock)."""

    review_id: int


@dataclass(frozen=True, slots=True)
class SettingsChanged(Event):
    """The patient's settings were saved (time zone, weekly aim…): what is worked out from
    them, such as the next reminder, is worked out again."""


@dataclass(frozen=True, slots=True)
class AccountDeleted(Event):
    """The patient deleted their account: the apps above blank the free text the patient
    wrote (inside the transaction, so nothing of it survives a commit)."""


@dataclass(frozen=True, slots=True)
class RecordsPurging(Event):
    """A left patient's retention has passed: the apps above remove the rows they hold
    (inside the transaction, before the patient row goes)."""
