"""Leaving Piri: a patient deletes their account (``delete_account``), and, once their
clinic's retention period has passed, the purge removes what was kept (``purge_deleted``).

What goes at once and what the clinic keeps is decision 0017
(``docs/decisions/0017-leaving-and-retention.md``): the person (names, email addresses,
password, two-factor authenticators, signed-in sessions) goes; the clinical record (sessions,
screenings, check-ins' numbers) stays under a random pseudonym; free text the patient wrote
is blanked by the apps that hold it, which subscribe to ``AccountDeleted``. The access log is
never touched: its rows name the user id and now show the pseudonym.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Max

from piri import messagebus
from piri.accounts import audit
from piri.accounts.models import CareLink, Invite, Patient, User
from piri.domain.events import AccountDeleted, RecordsPurging

PSEUDONYM_LETTERS = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud safely
PSEUDONYM_LENGTH = 5
CONFIRM_WORD = "DELETE"


def new_pseudonym() -> str:
    """A random, unused pseudonym such as ``P-7Q2K9`` (32⁵ ≈ 33 million of them)."""
    while True:
        name = "P-" + "".join(secrets.choice(PSEUDONYM_LETTERS) for _ in range(PSEUDONYM_LENGTH))
        if not Patient.objects.filter(pseudonym=name).exists():
            return name


def _user_sessions(user: User, *, now: datetime) -> list[str]:
    """The keys of the live database sessions signed in as ``user`` (the id is inside the
    signed data, so each live session is read once; expired ones are refused anyway)."""
    wanted = str(user.pk)
    return [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=now).iterator(chunk_size=2000)
        if str(s.get_decoded().get("_auth_user_id")) == wanted
    ]


@transaction.atomic
def delete_account(*, user: User, now: datetime) -> Patient:
    """Delete ``user``'s account (a patient): the person goes, the record stays pseudonymous."""
    patient = Patient.objects.select_for_update().get(user=user)
    if patient.has_left:
        return patient
    patient.pseudonym = new_pseudonym()
    patient.left_at = now
    patient.save(update_fields=["pseudonym", "left_at"])
    user.username = f"left-{patient.pseudonym.lower()}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Session.objects.filter(session_key__in=_user_sessions(user, now=now)).delete()
    audit.record(
        None, actor=None, action=audit.Action.CHANGE, what=audit.LEFT_PIRI, patient=patient,
        now=now,
    )  # fmt: skip
    messagebus.publish(AccountDeleted(patient_id=patient.pk, at=now))
    return patient


@dataclass(frozen=True, slots=True)
class Purged:
    patient_id: int
    pseudonym: str


def due_for_purge(*, now: datetime) -> list[Patient]:
    """Left patients whose longest clinic retention has passed (a patient with no clinic
    link is removed at once: no clinic asked to keep anything)."""
    due: list[Patient] = []
    for patient in Patient.objects.filter(left_at__isnull=False).annotate(
        keep=Max("care_links__clinic__deleted_records_retention_days")
    ):
        assert patient.left_at is not None
        if patient.left_at + timedelta(days=patient.keep or 0) <= now:
            due.append(patient)
    return due


@transaction.atomic
def purge_patient(patient: Patient, *, now: datetime) -> Purged:
    """Remove a left patient, their kept records (the apps above remove theirs on
    ``RecordsPurging``), their care links and their (inactive) user. The access log keeps
    its rows: they hold plain ids, nothing cascades."""
    done = Purged(patient.pk, patient.pseudonym)
    user = patient.user
    messagebus.publish(RecordsPurging(patient_id=patient.pk, at=now))
    CareLink.objects.filter(patient=patient).delete()
    Invite.objects.filter(used_by=user).update(used_by=None)
    patient.delete()
    if not user.memberships.exists() and not Invite.objects.filter(created_by=user).exists():
        user.delete()
    return done


@dataclass(frozen=True, slots=True)
class PurgeCounts:
    patients: int
    sessions: int
    screenings: int
    checkins: int


def count_kept(patients: list[Patient]) -> PurgeCounts:
    """What the purge of ``patients`` removes (or, with ``--dry-run``, would remove)."""
    return PurgeCounts(
        patients=len(patients),
        sessions=sum(p.sessions.count() for p in patients),
        screenings=sum(p.screenings.count() for p in patients),
        checkins=sum(p.checkins.count() for p in patients),
    )


def purge_deleted(*, now: datetime) -> PurgeCounts:
    """Purge every left patient whose retention has passed, one transaction each."""
    due = due_for_purge(now=now)
    counts = count_kept(due)
    for patient in due:
        purge_patient(patient, now=now)
    return counts
