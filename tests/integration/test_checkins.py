"""The daily check-in: the /checkin/ page, the home reminder, the service and the API, on the
real database through the app's own client."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from piri.accounts.models import Patient
from piri.domain.errors import FieldError
from piri.program.models import CheckIn, OwnTrigger
from piri.program.services.checkins import (
    add_own_trigger,
    checkin_due,
    record_checkin,
    remove_own_trigger,
    sitting_band,
)
from piri.program.services.history import local_today
from piri.program.services.protocol import active_protocol
from tests.factories.people import make_patient, signed_in
from tests.factories.program import make_plan, session_payload

ANSWERS = {
    "pain_now": "3",
    "pain_average": "4",
    "extent": "thigh",
    "sitting_minutes": "20",
    "triggers": ["soft_seat", "driving"],
    "change": "same",
}


def post_checkin(client: Client, **changes: Any) -> Any:
    body = {**ANSWERS, **changes}
    return client.post("/checkin/", {k: v for k, v in body.items() if v is not None})


def checked(html: str, name: str, value: str) -> bool:
    """Whether the input ``name=value`` is rendered ticked."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return " checked" in tag
    raise AssertionError(f"no input {name}={value}")


def session_yesterday(client: Client, patient: Patient) -> None:
    yesterday = datetime.now(UTC) - timedelta(days=1)
    body = session_payload(make_plan(patient), started_at=yesterday)
    response = client.post("/api/v1/sessions", json.dumps(body), content_type="application/json")
    assert response.status_code == 201


def freeze(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


# --- the page -------------------------------------------------------------------------------


def test_the_page_asks_everything_and_offers_the_protocol_triggers(patient_client):
    response = patient_client.get("/checkin/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Pain right now",
        "Average pain over the last 24 hours",
        "How far down your leg",
        "How long can you sit",
        "Soft or uneven seats",
        "Wallet in a back pocket",
        "Sitting over 30 minutes without a break",
        "Driving",
        "Better",
        "Worse",
    ):
        assert text in html, text
    assert 'name="extent" value="none"' in html  # the body picture's no-JS answers
    assert "<script>" not in html and "style=" not in html  # CSP: no inline script or style


def test_save_then_edit_today_keeps_one_row(patient, patient_client):
    response = post_checkin(patient_client)
    assert response.status_code == 302 and response["Location"] == "/"
    row = patient.checkins.get()
    assert (row.day, row.pain_now, row.pain_average, row.extent) == (
        local_today(patient, now=timezone.now()),
        3,
        4,
        "thigh",
    )
    assert (row.sitting_minutes, row.triggers, row.change, row.worse) == (
        20,
        ["soft_seat", "driving"],
        "same",
        False,
    )
    html = patient_client.get("/checkin/").content.decode()
    assert checked(html, "pain_now", "3") and checked(html, "sitting_minutes", "20")
    assert checked(html, "triggers", "driving") and not checked(
        html, "triggers", "back_pocket_wallet"
    )
    assert checked(html, "extent", "thigh") and "Save changes" in html

    response = post_checkin(
        patient_client, pain_now="2", triggers=[], extent="none", change="better"
    )
    assert response.status_code == 302
    row = patient.checkins.get()  # still one row
    assert (row.pain_now, row.triggers, row.extent, row.change) == (2, [], "none", "better")


def test_home_reminds_until_done_then_offers_an_edit(patient_client):
    html = patient_client.get("/").content.decode()
    assert "Today’s check-in" in html and "Check in now" in html
    assert 'href="/checkin/"' in html
    post_checkin(patient_client)
    html = patient_client.get("/").content.decode()
    assert "Check in now" not in html and "Done today — edit" in html


def test_the_morning_question_is_asked_the_day_after_a_session(patient, patient_client):
    assert "How is this morning?" not in patient_client.get("/").content.decode()
    session_yesterday(patient_client, patient)
    assert "How is this morning?" in patient_client.get("/").content.decode()
    page = patient_client.get("/checkin/").content.decode()
    assert "You exercised yesterday" in page and '<details class="morning"' not in page
    response = post_checkin(patient_client, next_morning="3", new_stiffness="no")
    assert response.status_code == 302
    checkin = patient.checkins.get()
    assert (checkin.next_morning, checkin.new_stiffness) == (3, False)
    assert checkin.day == local_today(patient, now=timezone.now())
    assert "How is this morning?" not in patient_client.get("/").content.decode()


def test_after_a_session_day_the_morning_answer_is_required(patient, patient_client):
    session_yesterday(patient_client, patient)
    response = post_checkin(patient_client)
    assert response.status_code == 422
    assert "say how your pain was when you woke up" in response.content.decode()
    assert not patient.checkins.exists()


def test_without_a_session_yesterday_the_morning_is_optional(patient, patient_client):
    page = patient_client.get("/checkin/").content.decode()
    assert '<details class="morning"' in page
    assert post_checkin(patient_client).status_code == 302
    assert patient.checkins.get().next_morning is None


def test_out_of_range_pain_is_refused_naming_it_and_keeping_the_other_answers(
    patient, patient_client
):
    response = post_checkin(patient_client, pain_now="11", new_trigger="Gardening")
    assert response.status_code == 422
    html = response.content.decode()
    summary = html[html.index("error-summary") :]
    wanted = '<a href="#q-pain_now">Pain right now</a>: Choose a whole number from 0 to 10.'
    assert wanted in summary
    assert checked(html, "pain_average", "4") and checked(html, "extent", "thigh")
    assert checked(html, "sitting_minutes", "20") and checked(html, "change", "same")
    assert checked(html, "triggers", "soft_seat") and checked(html, "triggers", "driving")
    assert 'value="Gardening"' in html
    assert not patient.checkins.exists() and not OwnTrigger.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pain_average", "-1"),
        ("pain_average", "ten"),
        ("sitting_minutes", "601"),
        ("extent", "knee"),
        ("change", "meh"),
        ("triggers", ["not_a_trigger"]),
    ],
)
def test_other_bad_answers_are_refused_and_nothing_saved(patient, patient_client, field, value):
    post_checkin(patient_client)
    before = CheckIn.objects.values().get(patient=patient)
    response = post_checkin(patient_client, **{field: value, "pain_now": "7"})
    assert response.status_code == 422
    assert f'id="q-{field}"' in response.content.decode()
    assert CheckIn.objects.values().get(patient=patient) == before


def test_a_future_day_is_refused_and_nothing_changes(patient, patient_client):
    post_checkin(patient_client)
    before = CheckIn.objects.values().get(patient=patient)
    tomorrow = local_today(patient, now=timezone.now()) + timedelta(days=1)
    response = post_checkin(patient_client, day=tomorrow.isoformat(), pain_now="9")
    assert response.status_code == 422
    html = response.content.decode()
    assert "cannot be for a day that has not come yet" in html
    assert checked(html, "pain_now", "9")  # the answers are still on the page
    assert (
        f'name="day" value="{local_today(patient, now=timezone.now()).isoformat()}"' in html
    )  # saving now works
    assert CheckIn.objects.values().get(patient=patient) == before
    assert not CheckIn.objects.filter(day=tomorrow).exists()


def test_an_earlier_day_cannot_be_changed(patient, patient_client):
    yesterday = local_today(patient, now=timezone.now()) - timedelta(days=1)
    CheckIn.objects.create(patient=patient, day=yesterday, pain_now=5)
    response = post_checkin(patient_client, day=yesterday.isoformat(), pain_now="1")
    assert response.status_code == 422
    assert "Only today’s check-in can be changed." in response.content.decode()
    assert CheckIn.objects.get(day=yesterday).pain_now == 5
    assert CheckIn.objects.filter(patient=patient).count() == 1


def test_worse_leads_to_the_full_safety_questions(patient, patient_client):
    response = post_checkin(patient_client, change="worse")
    assert response["Location"] == "/safety/check/?kind=after_worse"
    row = patient.checkins.get()
    assert (row.worse, row.change) == (True, "worse")
    form = patient_client.get(response["Location"]).context["form"]
    assert {"E1", "U1", "D1"} <= set(form.fields)


def test_someone_signed_out_is_sent_to_sign_in(db):
    response = Client().get("/checkin/")
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- time zones: "today" is the patient's day ------------------------------------------------


def test_today_is_the_patients_day_ahead_of_utc(db, monkeypatch):
    patient = make_patient(time_zone="Pacific/Kiritimati")  # UTC+14
    now = datetime.now(UTC).replace(hour=20, minute=0)
    freeze(monkeypatch, now)
    local = (now + timedelta(hours=14)).date()
    assert local == now.date() + timedelta(days=1)
    client = signed_in(patient.user)
    assert checkin_due(patient, now=timezone.now())
    page = client.get("/checkin/").content.decode()
    assert f'name="day" value="{local.isoformat()}"' in page
    response = post_checkin(client, day=now.date().isoformat())  # the UTC date: yesterday here
    assert response.status_code == 422 and not patient.checkins.exists()
    assert post_checkin(client, day=local.isoformat()).status_code == 302
    assert patient.checkins.get().day == local
    assert not checkin_due(patient, now=timezone.now())
    assert not checkin_due(patient, now=now + timedelta(hours=5))  # 15:00 local, same day
    assert checkin_due(patient, now=now + timedelta(hours=15))  # 01:00 local, the next day


def test_today_is_the_patients_day_behind_utc(db, monkeypatch):
    patient = make_patient(time_zone="Pacific/Pago_Pago")  # UTC-11
    now = datetime.now(UTC).replace(hour=5, minute=0)
    freeze(monkeypatch, now)
    local = now.date() - timedelta(days=1)
    client = signed_in(patient.user)
    response = post_checkin(client, day=now.date().isoformat())  # the UTC date: tomorrow here
    assert response.status_code == 422
    assert "has not come yet" in response.content.decode()
    assert not patient.checkins.exists()
    assert post_checkin(client, day=local.isoformat()).status_code == 302
    assert patient.checkins.get().day == local


# --- own triggers -----------------------------------------------------------------------------


def test_adding_an_own_trigger_keeps_the_answers_and_ticks_it(patient, patient_client):
    response = post_checkin(patient_client, add_trigger="1", new_trigger="  Gardening  ")
    assert response.status_code == 200
    html = response.content.decode()
    assert checked(html, "triggers", "own:Gardening")
    assert checked(html, "pain_now", "3") and checked(html, "triggers", "driving")
    assert [t.name for t in OwnTrigger.objects.filter(patient=patient)] == ["Gardening"]
    assert not patient.checkins.exists()  # nothing saved until Save
    post_checkin(patient_client, triggers=["soft_seat", "own:Gardening"])
    assert patient.checkins.get().triggers == ["soft_seat", "own:Gardening"]


def test_a_new_trigger_typed_then_saved_is_added_and_ticked(patient, patient_client):
    assert post_checkin(patient_client, new_trigger="Long walks").status_code == 302
    assert patient.checkins.get().triggers == ["soft_seat", "driving", "own:Long walks"]
    assert OwnTrigger.objects.get(patient=patient).name == "Long walks"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Write a short name for the trigger."),
        ("x" * 61, "Keep the name to 60 characters or fewer."),
        ("gardening", "is already on your list."),
    ],
)
def test_bad_own_trigger_names_are_refused(patient, patient_client, name, message):
    add_own_trigger(patient, "Gardening")
    response = post_checkin(patient_client, add_trigger="1", new_trigger=name)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html and checked(html, "pain_now", "3")
    assert OwnTrigger.objects.filter(patient=patient).count() == 1


def test_at_most_ten_own_triggers(patient, patient_client):
    for n in range(10):
        add_own_trigger(patient, f"Trigger {n}")
    response = post_checkin(patient_client, add_trigger="1", new_trigger="One more")
    assert response.status_code == 422
    assert "up to 10 triggers of your own" in response.content.decode()
    with pytest.raises(FieldError) as caught:
        add_own_trigger(patient, "One more")
    assert caught.value.field == "name"
    page = patient_client.get("/checkin/").content.decode()
    assert "Remove one to add another" in page
    assert OwnTrigger.objects.filter(patient=patient).count() == 10


def test_removing_an_own_trigger_keeps_past_checkins(patient, patient_client):
    add_own_trigger(patient, "Gardening")
    post_checkin(patient_client, triggers=["own:Gardening"])
    response = post_checkin(
        patient_client, triggers=["own:Gardening", "soft_seat"], remove_trigger="Gardening"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "own:Gardening" not in html and checked(html, "triggers", "soft_seat")
    assert not OwnTrigger.objects.filter(patient=patient).exists()
    assert patient.checkins.get().triggers == ["own:Gardening"]  # kept as it was saved
    assert not remove_own_trigger(patient, "Gardening")  # removing twice is harmless


def test_own_triggers_are_each_patients_own(patient, patient_client):
    other = make_patient(username="other")
    add_own_trigger(other, "Cycling")
    assert "Cycling" not in patient_client.get("/checkin/").content.decode()
    response = post_checkin(patient_client, triggers=["own:Cycling"])
    assert response.status_code == 422 and not patient.checkins.exists()


# --- the service ------------------------------------------------------------------------------


def test_service_refuses_bad_values_naming_the_field(patient):
    today = local_today(patient, now=timezone.now())
    protocol = active_protocol()
    for field, value in [
        ("pain_now", 11),
        ("pain_average", True),
        ("next_morning", -1),
        ("sitting_minutes", 601),
        ("extent", "knee"),
        ("change", "fine"),
        ("new_stiffness", "yes"),
    ]:
        with pytest.raises(FieldError) as caught:
            record_checkin(
                patient, day=today, protocol=protocol, now=timezone.now(), **{field: value}
            )
        assert caught.value.field == field
    with pytest.raises(FieldError) as caught:
        record_checkin(
            patient,
            day=today,
            protocol=protocol,
            triggers=["soft_seat", "nope"],
            now=timezone.now(),
        )
    assert caught.value.field == "triggers.1"
    assert not patient.checkins.exists()


def test_service_keeps_answers_not_given(patient):
    today = local_today(patient, now=timezone.now())
    protocol = active_protocol()
    first, _ = record_checkin(
        patient, day=today, protocol=protocol, pain_now=4, sitting_minutes=35, now=timezone.now()
    )
    second, _ = record_checkin(
        patient, day=today, protocol=protocol, next_morning=2, now=timezone.now()
    )
    assert first.pk == second.pk
    assert (second.pain_now, second.sitting_minutes, second.next_morning) == (4, 35, 2)
    assert second.triggers is None  # not asked: not "none met"
    cleared, _ = record_checkin(
        patient, day=today, protocol=protocol, sitting_minutes=None, now=timezone.now()
    )
    assert cleared.sitting_minutes is None and cleared.pain_now == 4


def test_sitting_bands_read_back_any_stored_number():
    assert [sitting_band(m).minutes for m in (0, 9, 10, 30, 31, 60, 61, 120, 121, 600)] == [
        5,
        5,
        20,
        20,
        45,
        45,
        90,
        90,
        150,
        150,
    ]
    assert sitting_band(None) is None


# --- the API ----------------------------------------------------------------------------------


def api_post(client: Client, body: dict[str, Any]) -> tuple[int, Any]:
    response = client.post("/api/v1/checkins", json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_api_creates_then_updates_todays_checkin(patient, patient_client):
    status, data = api_post(patient_client, {"pain_now": 5, "triggers": ["back_pocket_wallet"]})
    assert status == 201 and data["day"] == local_today(patient, now=timezone.now()).isoformat()
    again, same = api_post(patient_client, {"pain_now": 5, "triggers": ["back_pocket_wallet"]})
    assert again == 200 and same["id"] == data["id"]
    status, data = api_post(patient_client, {"sitting_minutes": 42, "change": "worse"})
    assert status == 200
    assert (data["pain_now"], data["sitting_minutes"], data["worse"]) == (5, 42, True)
    assert patient.checkins.count() == 1


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"pain_now": 11}, "pain_now"),
        ({"pain_now": "3"}, "pain_now"),
        ({"pain_average": True}, "pain_average"),
        ({"sitting_minutes": 601}, "sitting_minutes"),
        ({"extent": "knee"}, "extent"),
        ({"change": "meh"}, "change"),
        ({"triggers": ["soft_seat", "nope"]}, "triggers"),
    ],
)
def test_api_bad_values_are_422_naming_the_field(patient, patient_client, body, loc):
    api_post(patient_client, {"pain_now": 1})
    before = CheckIn.objects.values().get(patient=patient)
    status, data = api_post(patient_client, body)
    assert status == 422
    assert loc in data["detail"][0]["loc"]
    assert CheckIn.objects.values().get(patient=patient) == before


def test_api_refuses_other_days(patient, patient_client):
    today = local_today(patient, now=timezone.now())
    for day, words in [(today + timedelta(days=1), "not come yet"), (today - timedelta(1), "Only")]:
        status, data = api_post(patient_client, {"day": day.isoformat(), "pain_now": 2})
        assert status == 422
        assert data["detail"][0]["loc"][-1] == "day" and words in data["detail"][0]["msg"]
    assert not patient.checkins.exists()


def test_api_lists_own_checkins_newest_first(patient, patient_client):
    today = local_today(patient, now=timezone.now())
    for back in (3, 1, 2):
        CheckIn.objects.create(patient=patient, day=today - timedelta(days=back), pain_now=back)
    other = make_patient(username="other")
    CheckIn.objects.create(patient=other, day=today, pain_now=9)
    data = patient_client.get("/api/v1/checkins?limit=2").json()
    assert [d["day"] for d in data] == [
        (today - timedelta(days=1)).isoformat(),
        (today - timedelta(days=2)).isoformat(),
    ]
    assert len(patient_client.get("/api/v1/checkins").json()) == 3
    assert Client().get("/api/v1/checkins").status_code == 401
