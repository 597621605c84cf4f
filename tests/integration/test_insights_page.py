"""What works for me (/insights/, GET /api/v1/insights, PUT /api/v1/ratings/{item}): histories
built through the app (sessions posted to the API, check-ins through the check-in service)
with known answers, read back as the patient sees them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from piri.accounts.models import Patient
from piri.domain.insights import ItemDone
from piri.domain.plan import Extent
from piri.domain.policy import Tier
from piri.program.models import ItemRating, Plan
from piri.program.services import insights as insights_service
from piri.program.services.checkins import add_own_trigger, record_checkin
from piri.program.services.history import local_today
from piri.program.services.insight_records import session_records
from piri.program.services.protocol import active_policy, active_protocol
from piri.program.services.screening import raise_tier
from tests.db import module_transaction
from tests.factories.people import make_patient, signed_in
from tests.factories.program import make_plan, session_payload

# Answers per check step of a right-sided plan: (extent, pain). Pain is not asked in massage.
ANSWERS: dict[str, tuple[str, int | None]] = {
    "session.check.start": ("thigh", 4),
    "fingers.right.check.during": ("buttock", None),
    "fingers.right.check.after": ("buttock", None),
    "figure4_lying.right.check": ("buttock", 3),
    "glute_isometric.right.check": ("buttock", 3),
    "clamshell_hold.right.check": ("none", 2),
}


def at(patient: Patient, day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=patient.zone)


def post_session(
    client: Client,
    plan: Plan,
    started: datetime,
    *,
    skip: tuple[str, ...] = (),
    extra: list[dict[str, Any]] | None = None,
) -> None:
    """A session with the answers of ANSWERS; items in ``skip`` skipped (no answers either);
    ``extra`` answers go before the planned answer of the same check step."""
    body = session_payload(plan, started_at=started)
    steps = {s["id"]: s for s in plan.body["steps"]}
    for step in body["steps"]:
        if steps[step["step_id"]]["item"] in skip:
            step.update(status="skipped", seconds=0)
    checks = []
    for step_id, step in steps.items():
        if step["kind"] != "check" or step["item"] in skip:
            continue
        checks += [a for a in extra or [] if a["step_id"] == step_id]
        extent, pain = ANSWERS[step_id]
        checks.append({"step_id": step_id, "change": "same", "extent": extent, "pain": pain})
    body["checks"] = checks
    response = client.post("/api/v1/sessions", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content


def checkin_on(patient: Patient, day: date, **answers: Any) -> None:
    record_checkin(patient, day=day, protocol=active_protocol(), now=at(patient, day, 9), **answers)


def build_history(client: Client, patient: Patient, *, pairs: int, start: date) -> None:
    """``pairs`` session days with the two strengthening holds, each followed by a morning of
    2 or 3, alternating with as many without them, followed by 5 or 6. Every other day has
    a soft seat, and the next day's average pain is then 6 or 7 instead of 3 or 4."""
    plan = make_plan(patient)
    for i in range(2 * pairs):
        day = start + timedelta(days=i)
        with_holds = i % 2 == 0
        skip = () if with_holds else ("glute_isometric", "clamshell_hold")
        post_session(client, plan, at(patient, day, 18), skip=skip)
    for j in range(2 * pairs + 1):
        day = start + timedelta(days=j)
        after_seat = j % 2 == 1
        answers: dict[str, Any] = {
            "pain_average": (6 if after_seat else 3) + j % 3 % 2,
            "triggers": ["soft_seat"] if j % 2 == 0 else [],
        }
        if j >= 1:
            with_holds = (j - 1) % 2 == 0
            answers["next_morning"] = (2 if with_holds else 5) + (j // 2) % 2
        checkin_on(patient, day, **answers)


@pytest.fixture(scope="module")
def built_history(django_db_setup: None, django_db_blocker: Any) -> Iterator[int]:
    """A patient's six pairs of days (``build_history``), built once for the module
    (``tests.db``): the patient's id."""
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            patient = make_patient(sides="right", now=datetime.now(UTC) - timedelta(days=31))
            client = signed_in(patient.user)
            start = local_today(patient, now=timezone.now()) - timedelta(days=30)
            build_history(client, patient, pairs=6, start=start)
        yield patient.pk


@pytest.fixture
def history(db: None, built_history: int) -> tuple[Patient, Client]:
    """The patient with that history, read afresh, and a new client signed in as them. The
    numbers are cached per patient (``insight_cache``): the cache starts empty, as it did
    for a patient of the test's own."""
    cache.clear()
    patient = Patient.objects.get(pk=built_history)
    return patient, signed_in(patient.user)


def card(html: str, item: str) -> str:
    """The text of one item's card on the page, tags removed, spaces collapsed."""
    match = re.search(rf'<article[^>]*id="{item}".*?</article>', html, flags=re.S)
    assert match, f"no card {item}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))


def api_items(client: Client) -> dict[str, dict[str, Any]]:
    response = client.get("/api/v1/insights")
    assert response.status_code == 200
    return {item["id"]: item for item in response.json()["items"]}


def page(client: Client) -> str:
    response = client.get("/insights/")
    assert response.status_code == 200
    return response.content.decode()


# --- the numbers ------------------------------------------------------------------------------


def test_mornings_with_and_without_an_item_show_the_difference_and_its_range(history):
    _patient, client = history
    clamshell = card(page(client), "item-clamshell_hold")

    assert "Seems to help you" in clamshell
    assert (
        "Pain on waking, the morning after 2.5 on average after 6 days with it, 5.5 after 6 "
        "days without it. That is 3.0 points lower with it" in clamshell
    )
    assert re.search(r"90% range: between \d\.\d and \d\.\d points lower", clamshell)
    assert '<svg class="range-chart tone-good"' in page(client)

    data = api_items(client)["clamshell_hold"]["next_morning"]
    assert (data["n_with"], data["n_without"], data["difference"]) == (6, 6, -3.0)
    assert -4 <= data["interval"]["low"] <= data["interval"]["high"] < -1
    assert data["verdict"] == "helps"


def test_within_session_changes_come_from_the_checks_before_and_inside_each_item(history):
    _patient, client = history
    html = page(client)

    figure4 = card(html, "item-figure4_lying")  # pain 4 at the start, 3 after the stretch
    assert "On average 1.0 points lower, over 12 sessions" in figure4
    assert "(90% range: 1.0 points lower every time)" in figure4  # the same in every session
    fingers = card(html, "item-fingers")  # reach: thigh at the start, buttock in the massage
    assert "Piri does not ask about pain during massage." in fingers
    assert "On average 1.0 steps less far down the leg, over 12 sessions" in fingers
    clamshell = card(html, "item-clamshell_hold")  # pain 3 after the glute hold, then 2
    assert "On average 1.0 points lower, over 6 sessions" in clamshell

    items = api_items(client)
    assert items["clamshell_hold"]["within_extent"]["mean"] == -1.0  # buttock -> none
    assert items["glute_isometric"]["within_pain"]["mean"] == 0.0
    assert items["figure4_lying"]["within_pain"]["n"] == 12


def test_equal_differences_share_a_place_and_say_so(history):
    _patient, client = history
    html = page(client)

    assert "Shared place 1 of 2, with Knee-pull buttock hold" in card(html, "item-clamshell_hold")
    assert "Shared place 1 of 2, with Side-lying clamshell hold" in card(
        html, "item-glute_isometric"
    )
    items = api_items(client)
    assert (items["clamshell_hold"]["rank"], items["clamshell_hold"]["tied"]) == (1, True)
    assert items["glute_isometric"]["rank"] == 1
    assert list(items)[:2] == ["clamshell_hold", "glute_isometric"]  # ranked items first


def test_items_done_every_time_or_never_say_what_is_missing(history):
    _patient, client = history
    html = page(client)

    fingers = card(html, "item-fingers")  # in every session: nothing to compare with
    assert "Not enough data yet: 0 of 5 session days without it needed." in fingers
    assert "Place" not in fingers
    assert "item-figure4_chair" not in html  # never done: one line under "Not tried yet"
    not_tried = re.search(r'<div class="card not-tried">.*?</div>', html, flags=re.S)
    assert not_tried and "Figure-4 stretch, sitting on a chair" in not_tried.group(0)
    assert api_items(client)["figure4_chair"]["sessions"] == 0


def test_below_the_minimum_there_is_no_verdict_and_no_place(db):
    patient = make_patient(sides="right", now=datetime.now(UTC) - timedelta(days=21))
    client = signed_in(patient.user)
    build_history(
        client,
        patient,
        pairs=3,
        start=local_today(patient, now=timezone.now()) - timedelta(days=20),
    )

    clamshell = card(page(client), "item-clamshell_hold")
    assert (
        "Not enough data yet: 3 of 5 session days with it and 3 of 5 without it needed."
        in clamshell
    )
    assert "Place" not in clamshell and "points lower with it" not in clamshell
    item = api_items(client)["clamshell_hold"]
    assert (item["verdict"], item["rank"], item["next_morning"]["interval"]) == (
        "not_enough_data",
        None,
        None,
    )


def test_trigger_effects_compare_the_next_days_pain(history):
    patient, client = history
    add_own_trigger(patient, "Gardening")
    html = page(client)

    seat = card(html, "trigger-1")
    assert "Soft or uneven seats" in seat and "Seems to set your pain off" in seat
    assert "Place 1 of 1" in seat
    assert "points higher with it" in seat
    gardening = card(html, "trigger-5")  # ranked first, then as the check-in asks them
    assert "Gardening · your own" in gardening
    assert "Not enough data yet: 0 of 5 days with it needed." in gardening

    triggers = {t["id"]: t for t in client.get("/api/v1/insights").json()["triggers"]}
    seat_data = triggers["soft_seat"]["next_day"]
    assert (seat_data["n_with"], seat_data["n_without"]) == (6, 6)
    assert seat_data["difference"] > 2 and seat_data["interval"]["low"] > 0
    assert triggers["own:Gardening"]["own"] is True


# --- the mapping from stored answers ----------------------------------------------------------


def test_before_is_the_last_answer_before_an_item_and_after_the_worst_inside_it(db):
    # onboarded days ago: yesterday's session lies inside the program (a report from before
    # the day before the start is refused, and "yesterday at 18:00" is that after 18:00)
    patient = make_patient(sides="right", now=timezone.now() - timedelta(days=3))
    client = signed_in(patient.user)
    worse = {
        "step_id": "figure4_lying.right.check",
        "change": "more",
        "extent": "below_knee",
        "pain": 6,
    }
    started = at(patient, local_today(patient, now=timezone.now()) - timedelta(days=1), 18)
    post_session(client, make_plan(patient), started, skip=("clamshell_hold",), extra=[worse])

    (record,) = session_records(patient)
    done = {d.item: d for d in record.items}
    assert set(done) == {"fingers", "figure4_lying", "glute_isometric"}  # skipped: left out
    assert done["fingers"] == ItemDone(
        "fingers", "right", 4, None, Extent.THIGH, Extent.BUTTOCK
    )  # no pain asked in massage
    assert done["figure4_lying"] == ItemDone(
        "figure4_lying", "right", 4, 6, Extent.BUTTOCK, Extent.BELOW_KNEE
    )  # the start's pain (massage asks none); the worst answer inside
    assert done["glute_isometric"].pain_before == 3  # the last pain given, not the highest
    assert done["glute_isometric"].extent_before is Extent.BUTTOCK


# --- ratings ----------------------------------------------------------------------------------


def test_a_rating_is_saved_and_shown_beside_the_numbers(history):
    _patient, client = history
    response = client.post("/insights/", {"item": "clamshell_hold", "rating": "5"}, follow=True)

    assert response.redirect_chain[-1][0] == "/insights/#item-clamshell_hold"
    html = response.content.decode()
    assert "Your rating of Side-lying clamshell hold is saved: 5 of 5." in html
    clamshell = card(html, "item-clamshell_hold")
    assert "now 5 of 5" in clamshell and "Seems to help you" in clamshell
    assert re.search(r'id="rate-clamshell_hold-5" value="5" required checked', html)
    assert api_items(client)["clamshell_hold"]["rating"] == 5

    response = client.put(
        "/api/v1/ratings/fingers", json.dumps({"rating": 2}), content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["rating"] == 2
    assert "now 2 of 5" in card(page(client), "item-fingers")


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"item": "clamshell_hold", "rating": "9"}, "Choose a rating from 1 to 5."),
        ({"item": "clamshell_hold"}, "Choose a rating from 1 to 5."),
        ({"item": "cartwheel", "rating": "3"}, "is not an exercise or massage option"),
    ],
)
def test_a_bad_rating_on_the_page_says_what_and_changes_nothing(db, form, message):
    patient = make_patient(sides="right")
    client = signed_in(patient.user)
    ItemRating.objects.create(patient=patient, item="clamshell_hold", rating=4)

    response = client.post("/insights/", form)

    assert response.status_code == 422
    html = response.content.decode()
    assert message in html and "was not saved" in html
    assert "now 4 of 5" in card(html, "item-clamshell_hold")
    assert list(ItemRating.objects.values_list("item", "rating")) == [("clamshell_hold", 4)]


def test_a_bad_rating_through_the_api_is_refused_naming_the_field(db):
    patient = make_patient(sides="right")
    client = signed_in(patient.user)
    ItemRating.objects.create(patient=patient, item="fingers", rating=3)

    def put(item: str, body: Any) -> Any:
        return client.put(
            f"/api/v1/ratings/{item}", json.dumps(body), content_type="application/json"
        )

    for body in ({"rating": 0}, {"rating": 6}, {"rating": "4"}, {"rating": True}, {}):
        response = put("fingers", body)
        assert response.status_code == 422, body
        assert response.json()["detail"][0]["loc"][-1] == "rating"
    response = put("cartwheel", {"rating": 3})
    assert response.status_code == 404
    assert "cartwheel" in response.json()["detail"]
    assert list(ItemRating.objects.values_list("item", "rating")) == [("fingers", 3)]


# --- who sees what, and when it changes -------------------------------------------------------


def test_another_patient_sees_only_their_own(history):
    _patient, client = history
    client.post("/insights/", {"item": "clamshell_hold", "rating": "5"})
    other = signed_in(make_patient(sides="right").user)

    html = page(other)
    assert "From your own records: 0 sessions" in html
    assert "Seems to help you" not in html and "now 5 of 5" not in html
    data = other.get("/api/v1/insights").json()
    assert data["sessions"] == 0
    assert all(item["rating"] is None for item in data["items"])

    anonymous = Client()
    assert anonymous.get("/insights/").status_code == 302
    assert anonymous.get("/api/v1/insights").status_code == 401
    assert anonymous.put(
        "/api/v1/ratings/fingers", "{}", content_type="application/json"
    ).status_code in (401, 403)


def test_the_numbers_are_cached_until_a_new_checkin_or_session(history, monkeypatch):
    patient, client = history
    computed = []
    real = insights_service.compute_insights
    monkeypatch.setattr(
        insights_service,
        "compute_insights",
        lambda *a, **k: computed.append(1) or real(*a, **k),
    )

    first = client.get("/api/v1/insights").json()
    assert client.get("/api/v1/insights").json() == first
    page(client)
    assert len(computed) == 1

    client.post("/insights/", {"item": "fingers", "rating": "4"})  # changes no number
    assert "now 4 of 5" in card(page(client), "item-fingers")
    assert len(computed) == 1

    response = client.post(
        "/api/v1/checkins",
        json.dumps({"pain_now": 3, "pain_average": 4, "triggers": ["driving"]}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert "and 14 daily check-ins." in page(client)
    assert first["checkins"] == 13
    assert len(computed) == 2

    post_session(
        client, make_plan(patient), at(patient, local_today(patient, now=timezone.now()), 0)
    )
    assert client.get("/api/v1/insights").json()["sessions"] == 13
    assert len(computed) == 3


def test_open_review_prompts_appear_here_too(history):
    patient, client = history
    raise_tier(
        patient,
        tier=Tier.D,
        reason="review_first:2026-01-05",
        note="Six weeks in, your pain has not fallen much: book a review with your physio.",
        policy=active_policy(),
        now=timezone.now(),
    )
    html = page(client)
    assert "To talk over with your clinician" in html
    assert "book a review with your physio" in html
    prompts = client.get("/api/v1/insights").json()["prompts"]
    assert [p["kind"] for p in prompts] == ["review_first"]


def test_today_is_the_patients_own(db):
    patient = make_patient(time_zone="Pacific/Kiritimati")
    data = signed_in(patient.user).get("/api/v1/insights").json()
    assert data["day"] == local_today(patient, now=timezone.now()).isoformat()


def test_an_item_rated_though_not_offered_is_listed_with_its_rating(db):
    patient = make_patient(sides="right", floor_ok=False)  # the floor stretch is not offered
    client = signed_in(patient.user)
    assert "item-figure4_lying" not in page(client)

    response = client.put(
        "/api/v1/ratings/figure4_lying", json.dumps({"rating": 1}), content_type="application/json"
    )
    assert response.status_code == 200
    assert "now 1 of 5" in card(page(client), "item-figure4_lying")
