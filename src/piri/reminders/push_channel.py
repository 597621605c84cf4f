"""The push channel: a reminder as a notification on each device the patient turned
notifications on for (``piri.push``), with a "Stop reminders" action that posts to the
reminder's signed stop link."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from piri.accounts.models import Patient
from piri.push.models import PushSubscription
from piri.push.send import PushMessage, send_push
from piri.reminders.channels import PUSH, Message


class PushChannel:
    name = PUSH

    @property
    def label(self) -> str:
        return _("On this device (notifications)")

    def ready(self, patient: Patient) -> bool:
        return PushSubscription.objects.filter(user_id=patient.user_id).exists()

    def send(self, patient: Patient, message: Message) -> int:
        outcome = send_push(  # raises PushRetry when no device got it: the job tries again
            user_id=patient.user_id,
            message=PushMessage(
                title=message.title,
                body=message.body,
                url=message.open_url,
                tag=f"piri-{message.kind}",
                stop_url=message.stop_url if message.kind != "lock" else None,
                urgency="high" if message.kind == "lock" else "normal",
            ),
            now=timezone.now(),
        )
        return outcome.sent
