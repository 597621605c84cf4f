"""The patient's private calendar feed (iCalendar): one weekly recurring event on the chosen
days at the chosen time, in the patient's zone (TZID and a VTIMEZONE, so calendar apps keep
the local time across daylight-saving changes), as long as the current plan's session. The
address is a random token; a new one retires the old (the old address answers 404)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from piri.accounts.models import Patient
from piri.reminders.facts import session_seconds
from piri.reminders.models import CalendarFeed
from piri.reminders.services import schedule_of, to_domain
from piri.reminders.words import link

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def feed_of(patient: Patient) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(patient=patient).first()


def new_token(patient: Patient, *, now: datetime) -> CalendarFeed:
    """Turn the feed on, or give it a new address (the old one stops working)."""
    with transaction.atomic():
        feed, _made = CalendarFeed.objects.select_for_update().get_or_create(
            patient=patient, defaults={"token": secrets.token_urlsafe(24), "created_at": now}
        )
        if not _made:
            feed.token, feed.created_at = secrets.token_urlsafe(24), now
            feed.save(update_fields=["token", "created_at"])
    return feed


def turn_off(patient: Patient) -> None:
    CalendarFeed.objects.filter(patient=patient).delete()


def by_token(token: str) -> CalendarFeed | None:
    if not token or len(token) > 64:
        return None
    return CalendarFeed.objects.select_related("patient").filter(token=token).first()


def calendar_bytes(patient: Patient, *, now: datetime) -> bytes:
    row = schedule_of(patient)
    schedule = to_domain(row)
    tz = patient.zone
    cal = Calendar()
    cal.add("prodid", "-//Piri//reminders//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Piri exercises"))
    cal.add("x-wr-timezone", patient.time_zone)
    days = [DAYS[d] for d in sorted(schedule.days)]
    if days:
        first = (now.astimezone(tz) - timedelta(days=7)).date()
        start = datetime.combine(first, schedule.at, tzinfo=tz)
        event = Event()
        event.add("uid", f"piri-exercises-{patient.pk}@piri")
        event.add("dtstamp", now)
        event.add("summary", _("Piri exercises"))
        words = _("Time for your exercises. Open Piri: %(url)s") % {"url": link("home")}
        event.add("description", words)
        event.add("dtstart", start)
        event.add("duration", timedelta(seconds=session_seconds(patient)))
        event.add("rrule", {"freq": "weekly", "byday": days})
        cal.add_component(event)
        cal.add_missing_timezones()  # a VTIMEZONE for the patient's TZID
    return bytes(cal.to_ical())
