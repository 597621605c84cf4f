"""What the reminders app does when a patient deletes their account (decision 0017): their
schedule, its delivery records and their calendar feed go at once, inside the deletion's
transaction. A left patient is reminded of nothing, and the feed's secret address answers 404
from the moment the account is gone."""

from __future__ import annotations

from piri import messagebus
from piri.domain.events import AccountDeleted
from piri.reminders.models import CalendarFeed, ReminderSchedule


def forget_reminders(event: AccountDeleted) -> None:
    ReminderSchedule.objects.filter(patient_id=event.patient_id).delete()
    CalendarFeed.objects.filter(patient_id=event.patient_id).delete()


def subscribe() -> None:
    messagebus.subscribe(AccountDeleted, forget_reminders)
