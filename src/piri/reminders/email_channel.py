"""The email channel: to the patient's verified addresses only (allauth's
``EmailAddress.verified``), with a one-tap stop link and List-Unsubscribe headers
(RFC 2369, one-click RFC 8058)."""

from __future__ import annotations

import logging

from allauth.account.models import EmailAddress
from django.core.mail import EmailMessage, get_connection
from django.utils.translation import gettext as _

from piri.accounts.models import Patient
from piri.reminders.channels import EMAIL, Message

log = logging.getLogger(__name__)


def verified_addresses(patient: Patient) -> list[str]:
    rows = EmailAddress.objects.filter(user_id=patient.user_id, verified=True)
    return list(rows.order_by("-primary", "email").values_list("email", flat=True))


class EmailChannel:
    name = EMAIL

    @property
    def label(self) -> str:
        return _("Email")

    def ready(self, patient: Patient) -> bool:
        return bool(verified_addresses(patient))

    def send(self, patient: Patient, message: Message) -> int:
        addresses = verified_addresses(patient)[:1]  # the primary (or first) verified one
        if not addresses:
            return 0
        body = "\n\n".join(
            [
                message.body,
                _("Open Piri: %(url)s") % {"url": message.open_url},
                _("Stop these reminders with one tap: %(url)s") % {"url": message.stop_url},
            ]
        )
        email = EmailMessage(
            subject=message.title,
            body=body,
            to=addresses,
            headers={
                "List-Unsubscribe": f"<{message.stop_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
            },
        )
        try:
            with get_connection(fail_silently=False) as connection:
                return int(connection.send_messages([email]) or 0)
        except Exception as error:
            log.warning("reminder email not sent (%s); it will be tried again", error)
            raise
