"""The reminders page (bad input named, the next reminder in local time), the one-tap stop
link (a GET stops nothing; only a valid signature works), the calendar feed (parsed back
with icalendar, local times across a daylight-saving change; a new address retires the old)
and the clinic's line on the patient page."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from piri.reminders import channels
from piri.reminders.channels import EMAIL
from piri.reminders.models import CalendarFeed, ReminderSchedule
from piri.reminders.services import schedule_of
from piri.reminders.words import stop_token
from tests.factories.clinics import link, make_clinic
from tests.factories.people import give_email, make_patient, make_staff, signed_in
from tests.factories.reminders import set_reminders

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "enabled": "on",
        "mode": "days",
        "weekdays": ["0", "2", "4"],
        "at": "18:30",
        "channels": ["email"],
        "quiet_start": "22:00",
        "quiet_end": "07:00",
        "skip_when_aim_met": "on",
        "action": "save",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def patient_client(*, verified: bool = True, zone: str = "Europe/London") -> tuple[Any, Client]:
    patient = make_patient(now=NOW, time_zone=zone)
    give_email(patient.user, "p@example.org", verified=verified)
    return patient, signed_in(patient.user)


def test_saving_shows_the_next_reminder_in_local_time():
    patient, client = patient_client(zone="America/New_York")
    response = client.post("/reminders/", form(), follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Reminders saved." in text
    # Friday 20 March 2026, 18:30 in New York (EDT since 8 March)
    assert "Next reminder: Friday 20 March, 18:30 (America/New_York)." in text
    row = schedule_of(patient)
    assert row.next_due_at == datetime(2026, 3, 20, 22, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "field", "said"),
    [
        ({"weekdays": None}, "weekdays", "Choose at least one day."),
        ({"at": "25:99"}, "at", "Give a time as hours and minutes"),
        ({"at": ""}, "at", "Choose a time."),
        ({"at": "23:00"}, "at", "inside your quiet hours"),
        ({"quiet_end": ""}, "quiet_end", "Give both ends of the quiet hours"),
        ({"channels": None}, "channels", "Choose how to be reminded."),
        ({"channels": ["push"]}, "channels", "Turn on notifications on this device first"),
        ({"channels": ["fax"]}, "channels", "Select a valid choice"),
        ({"mode": "sometimes"}, "mode", "Select a valid choice"),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(changes, field, said):
    _patient, client = patient_client()
    response = client.post("/reminders/", form(**changes))
    assert response.status_code == 400
    text = response.content.decode()
    assert said in text
    assert f'href="#id_{field}"' in text
    assert ReminderSchedule.objects.count() == 0
    assert 'value="18:30"' in text or changes.get("at") is not None  # what was given kept


def test_email_needs_a_verified_address_and_the_page_says_how():
    _patient, client = patient_client(verified=False)
    page = client.get("/reminders/").content.decode()
    assert "Confirm your address on the Account page" in page
    response = client.post("/reminders/", form())
    assert response.status_code == 400
    assert "Email needs a verified address" in response.content.decode()


def test_push_is_shown_but_not_offered_until_a_push_channel_exists(monkeypatch):
    monkeypatch.setattr(channels, "_channels", {EMAIL: channels.channel(EMAIL)})
    _patient, client = patient_client()
    page = client.get("/reminders/").content.decode()
    assert "On this device (notifications)" in page
    assert 'value="push" id="id_channels_1" disabled' in page
    assert "not available yet" in page
    assert "data-push-toggle" not in page


def test_push_is_offered_with_the_button_that_turns_notifications_on():
    _patient, client = patient_client()
    page = client.get("/reminders/").content.decode()
    assert 'value="push" id="id_channels_1" disabled' not in page
    assert "Allow notifications on this device first." in page
    assert "data-push-toggle" in page and 'src="/static/piri/push.js"' in page


def test_the_stop_link_asks_first_and_stops_with_one_tap():
    patient, _client = patient_client()
    set_reminders(patient, now=NOW)
    url = f"/reminders/stop/{stop_token(patient)}/"
    anonymous = Client()
    shown = anonymous.get(url)  # what a mail scanner fetching the link does
    assert shown.status_code == 200
    assert "Stop my reminders" in shown.content.decode()
    assert schedule_of(patient).enabled
    done = anonymous.post(url)  # no sign-in, no CSRF token: the one-click unsubscribe
    assert done.status_code == 200
    assert "Reminders are off." in done.content.decode()
    row = schedule_of(patient)
    assert not row.enabled and row.next_due_at is None


def test_a_stop_link_with_a_bad_signature_is_not_found():
    patient, _client = patient_client()
    set_reminders(patient, now=NOW)
    token = stop_token(patient)
    for bad in (token[:-2] + "xx", "nothing", token.replace(token[2], "Z", 1)):
        assert Client().post(f"/reminders/stop/{bad}/").status_code == 404
    assert schedule_of(patient).enabled


def test_the_calendar_feed_parses_back_with_local_times_across_the_change():
    patient, client = patient_client()
    set_reminders(patient, now=NOW, at=time(18, 30), weekdays=[0, 2, 4])
    client.post("/reminders/", {"action": "calendar"})
    feed = CalendarFeed.objects.get(patient=patient)
    response = Client().get(f"/reminders/calendar/{feed.token}.ics")  # no session
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    [event] = cal.walk("VEVENT")
    [zone] = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["RRULE"]["BYDAY"] == ["MO", "WE", "FR"]
    assert event.decoded("DURATION") > timedelta(0)
    assert "pain" not in str(event["DESCRIPTION"]).lower()
    # the occurrences before and after 29 March (BST starts) stay at 18:30 local
    from dateutil.rrule import rrulestr

    start = event.decoded("DTSTART")
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    around = rule.between(datetime(2026, 3, 25, tzinfo=UTC), datetime(2026, 4, 2, tzinfo=UTC))
    assert [d.strftime("%a %d %H:%M") for d in around] == [
        "Wed 25 18:30",
        "Fri 27 18:30",
        "Mon 30 18:30",
        "Wed 01 18:30",
    ]
    utc_times = [d.astimezone(UTC).hour for d in around]
    assert utc_times == [18, 18, 17, 17]


def test_a_new_calendar_address_retires_the_old_one():
    patient, client = patient_client()
    client.post("/reminders/", {"action": "calendar"})
    old = CalendarFeed.objects.get(patient=patient).token
    client.post("/reminders/", {"action": "calendar-new"})
    new = CalendarFeed.objects.get(patient=patient).token
    assert new != old
    assert Client().get(f"/reminders/calendar/{old}.ics").status_code == 404
    assert Client().get(f"/reminders/calendar/{new}.ics").status_code == 200
    client.post("/reminders/", {"action": "calendar-off"})
    assert Client().get(f"/reminders/calendar/{new}.ics").status_code == 404


def test_the_clinic_sees_whether_reminders_are_on():
    clinic = make_clinic()
    patient, client = patient_client()
    link(patient, clinic)
    staff = signed_in(make_staff(clinic))
    page = staff.get(f"/clinic/patients/{patient.pk}/").content.decode()
    assert '<dd id="reminders-line">off</dd>' in page
    client.post("/reminders/", form())
    client.post("/reminders/", {"action": "calendar"})
    page = staff.get(f"/clinic/patients/{patient.pk}/").content.decode()
    assert '<dd id="reminders-line">on (email, calendar)</dd>' in page
