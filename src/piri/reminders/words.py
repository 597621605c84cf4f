"""What a reminder says, in Piri's words: nothing about symptoms or answers (a lock screen
or a shared inbox may show it). During a lock, the lock's own message (the same words the
service worker shows on a locked page) instead of a reminder to exercise."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from piri.accounts.models import Patient
from piri.domain.reminders import Lock
from piri.reminders.channels import Message

STOP_SALT = "piri.reminders.stop"


def stop_token(patient: Patient) -> str:
    return signing.dumps({"p": patient.pk}, salt=STOP_SALT, compress=True)


def patient_of_stop_token(token: str) -> int | None:
    """The patient id a stop link was made for, or None for a link that is not ours."""
    try:
        data = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    value = data.get("p") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def link(name: str, *args: object) -> str:
    return f"{settings.PIRI_SITE_URL}{reverse(name, args=args)}"


def message_for(patient: Patient, *, kind: str, lock: Lock = Lock.NONE) -> Message:
    stop = link("reminders-stop", stop_token(patient))
    if lock is Lock.LOCKED:
        return Message(
            kind="lock",
            title=_("Get help now"),
            body=_(
                "Your answers need emergency care. Piri is locked until a clinician has seen you."
            ),
            open_url=link("safety-emergency"),
            stop_url=stop,
        )
    if lock is Lock.PAUSED:
        return Message(
            kind="lock",
            title=_("See a clinician first"),
            body=_("Your exercises are paused until a clinician has seen you."),
            open_url=link("safety-urgent"),
            stop_url=stop,
        )
    title = _("Time for your Piri exercises")
    body = _("A few minutes now keeps your program going. Open Piri when you are ready.")
    if kind == "test":
        title = _("Piri test reminder")
        body = _("This is the test reminder you asked for. Your reminders will look like this.")
    return Message(kind=kind, title=title, body=body, open_url=link("home"), stop_url=stop)
