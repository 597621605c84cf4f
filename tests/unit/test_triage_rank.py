"""The triage row's reasons from typed facts, case by case (``piri.domain.triage_rank``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from piri.clinic.triage_order import RANKS, SPREADING_WINDOW_DAYS
from piri.domain.plan import Extent
from piri.domain.policy import Tier
from piri.domain.triage_rank import (
    CheckinReach,
    Code,
    OpenScreening,
    SessionCheck,
    Triage,
    TriageFacts,
    WaitingRequest,
    spreading_from,
    triage,
)

LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 3, 20)
B, T, K, F, N = Extent.BUTTOCK, Extent.THIGH, Extent.BELOW_KNEE, Extent.FOOT, Extent.NONE


def at(day: int, hour: int = 9) -> datetime:
    """A moment in March 2025, UTC."""
    return datetime(2025, 3, day, hour, tzinfo=UTC)


def flag(pk: int, tier: Tier, day: int, *reasons: str, program: bool = False) -> OpenScreening:
    return OpenScreening(pk, tier, at(day), by_program=program, reasons=reasons)


def prompt(pk: int, day: int, *reasons: str) -> OpenScreening:
    return OpenScreening(pk, Tier.C, at(day), by_program=True, note="review", reasons=reasons)


def ask(pk: int, day: int, *, urgent: bool = False, topic: str = "exercise") -> WaitingRequest:
    return WaitingRequest(pk, clinic_id=7, urgent=urgent, topic=topic, created_at=at(day))


def session(pk: int, day: int, *reach: Extent | None) -> tuple[SessionCheck, ...]:
    return tuple(SessionCheck(pk, date(2025, 3, day), at(day), e) for e in reach)


def checkin(day: int, reach: Extent | None) -> CheckinReach:
    return CheckinReach(date(2025, 3, day), at(day, 20), reach)


def rank(facts: TriageFacts, *, today: date = TODAY) -> Triage:
    return triage(facts, ranks=RANKS, window_days=SPREADING_WINDOW_DAYS, today=today, zone=LONDON)


def brief(result: Triage) -> list[tuple[str, str, dict[str, object]]]:
    return [(r.code.value, r.at.isoformat(), r.detail) for r in result.reasons]


CASES = [
    ("nothing stored: no reasons", TriageFacts(), []),
    (
        "a D answer: flag_d dated from it, with its question",
        TriageFacts(screenings=(flag(1, Tier.D, 3, "D2"),)),
        [("flag_d", "2025-03-03", {"count": 1, "causes": ["D2"], "program": False})],
    ),
    (
        "the highest open tier wins, dated from its first screening; D is not listed too",
        TriageFacts(
            screenings=(
                flag(1, Tier.D, 1, "D1"),
                flag(2, Tier.U, 2, "U1"),
                flag(3, Tier.U, 4, "U3", "U1"),
            )
        ),
        [("flag_u", "2025-03-02", {"count": 2, "causes": ["U1", "U3"], "program": False})],
    ),
    (
        "a program-raised D is the flag and not again a prompt",
        TriageFacts(screenings=(flag(1, Tier.D, 5, "weekly_worse:2", program=True),)),
        [("flag_d", "2025-03-05", {"count": 1, "causes": ["weekly_worse"], "program": True})],
    ),
    (
        "program prompts: counted, their kinds named once, dated from the first",
        TriageFacts(
            screenings=(prompt(1, 6, "six_weeks"), prompt(2, 9, "weekly_rising:3", "six_weeks"))
        ),
        [("prompt", "2025-03-06", {"count": 2, "causes": ["six_weeks", "weekly_rising"]})],
    ),
    (
        "a program screening without a note is no prompt",
        TriageFacts(screenings=(OpenScreening(1, Tier.C, at(6), by_program=True),)),
        [],
    ),
    (
        "requests: urgent before the rest, each with topics and clinics",
        TriageFacts(
            requests=(
                ask(1, 2, topic="pain"),
                ask(2, 3, urgent=True, topic="numbness"),
                ask(3, 4, topic="exercise"),
            )
        ),
        [
            (
                "request_urgent",
                "2025-03-03",
                {"count": 1, "topics": ["numbness"], "clinics": [7]},
            ),
            ("request", "2025-03-02", {"count": 2, "topics": ["exercise", "pain"], "clinics": [7]}),
        ],
    ),
    (
        "spreading inside one session, each move down counted, the latest named",
        TriageFacts(checks=session(1, 18, B, T, T, K)),
        [
            (
                "spreading",
                "2025-03-18",
                {
                    "count": 2,
                    "sessions": 2,
                    "checkins": 0,
                    "latest": "2025-03-18",
                    "from": "thigh",
                    "to": "below_knee",
                },
            )
        ],
    ),
    ("a move back up the leg is not spreading", TriageFacts(checks=session(1, 18, K, B)), []),
    (
        "two sessions are not compared with each other",
        TriageFacts(checks=(*session(1, 17, B), *session(2, 18, F))),
        [],
    ),
    ("an unknown reach is never spreading", TriageFacts(checks=session(1, 18, None, F)), []),
    (
        "a check-in further down than the one before, even one before the window",
        TriageFacts(checkins=(checkin(5, N), checkin(12, T))),
        [
            (
                "spreading",
                "2025-03-12",
                {
                    "count": 1,
                    "sessions": 0,
                    "checkins": 1,
                    "latest": "2025-03-12",
                    "from": "none",
                    "to": "thigh",
                },
            )
        ],
    ),
    (
        "spreading before the window does not count",
        TriageFacts(checks=session(1, 6, B, F), checkins=(checkin(4, N), checkin(6, F))),
        [],
    ),
    (
        "spreading before the last review does not count",
        TriageFacts(checks=session(1, 15, B, F), reviewed_at=at(16)),
        [],
    ),
]


@pytest.mark.parametrize(("facts", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_reasons(facts: TriageFacts, expected: list[tuple[str, str, dict[str, object]]]) -> None:
    assert brief(rank(facts)) == expected


def test_every_reason_is_ranked_most_urgent_first_whatever_came_first() -> None:
    facts = TriageFacts(
        screenings=(prompt(1, 1, "six_weeks"), flag(2, Tier.E, 19, "E2")),
        requests=(ask(1, 2), ask(2, 3, urgent=True)),
        checks=session(1, 18, B, F),
    )
    result = rank(facts)
    assert [r.code for r in result.reasons] == [
        Code.FLAG_E,
        Code.REQUEST_URGENT,
        Code.SPREADING,
        Code.PROMPT,
        Code.REQUEST,
    ]
    assert [r.rank for r in result.reasons] == [RANKS[r.code] for r in result.reasons]
    assert (result.rank, result.since, result.flag_tier) == (RANKS[Code.FLAG_E], at(19), "E")


def test_the_ranks_passed_in_decide_the_order_and_ties_go_to_the_longest_waiting() -> None:
    facts = TriageFacts(screenings=(prompt(1, 10, "six_weeks"),), requests=(ask(1, 2),))
    swapped = {**RANKS, Code.REQUEST: RANKS[Code.PROMPT] + 1}
    result = triage(facts, ranks=swapped, window_days=14, today=TODAY, zone=LONDON)
    assert [r.code for r in result.reasons] == [Code.REQUEST, Code.PROMPT]
    tied = {**RANKS, Code.REQUEST: RANKS[Code.PROMPT]}
    result = triage(facts, ranks=tied, window_days=14, today=TODAY, zone=LONDON)
    assert [r.code for r in result.reasons] == [Code.REQUEST, Code.PROMPT]  # waiting since the 2nd


def test_no_reason_means_rank_0_no_date_and_no_flag() -> None:
    result = rank(TriageFacts())
    assert (result.rank, result.since, result.flag_tier) == (0, None, "")


def test_a_reason_is_dated_on_the_patient_s_own_calendar() -> None:
    late = OpenScreening(1, Tier.D, datetime(2025, 3, 3, 23, 30, tzinfo=UTC))
    tokyo = triage(
        TriageFacts(screenings=(late,)),
        ranks=RANKS,
        window_days=14,
        today=TODAY,
        zone=ZoneInfo("Asia/Tokyo"),
    )
    assert tokyo.reasons[0].at == date(2025, 3, 4)
    assert rank(TriageFacts(screenings=(late,))).reasons[0].at == date(2025, 3, 3)


def test_spreading_is_dated_from_the_first_move_at_local_midnight() -> None:
    result = rank(TriageFacts(checks=(*session(1, 10, B, T), *session(2, 12, T, F))))
    (reason,) = result.reasons
    assert reason.since == datetime(2025, 3, 10, tzinfo=LONDON)
    assert (reason.detail["count"], reason.detail["latest"]) == (2, "2025-03-12")


@pytest.mark.parametrize(("days", "first"), [(14, date(2025, 3, 7)), (1, TODAY)])
def test_the_window_counts_today_as_its_last_day(days: int, first: date) -> None:
    assert spreading_from(TODAY, window_days=days) == first
    edge = TriageFacts(checks=session(1, first.day, B, T))
    before = TriageFacts(checks=session(1, first.day - 1, B, T))
    assert rank_in(edge, days) and not rank_in(before, days)


def rank_in(facts: TriageFacts, days: int) -> tuple[object, ...]:
    return triage(facts, ranks=RANKS, window_days=days, today=TODAY, zone=LONDON).reasons


def test_the_json_stored_on_the_row() -> None:
    (reason,) = rank(TriageFacts(screenings=(flag(1, Tier.U, 3, "U2"),))).reasons
    assert reason.as_json() == {
        "code": "flag_u",
        "rank": RANKS[Code.FLAG_U],
        "at": "2025-03-03",
        "detail": {"count": 1, "causes": ["U2"], "program": False},
    }
