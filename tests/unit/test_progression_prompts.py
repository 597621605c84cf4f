"""Spec §2-§4 prompts: spreading that persists, rising weekly pain, worse check-ins, reviews."""

from __future__ import annotations

from datetime import timedelta

import pytest

from piri.domain.plan import Extent
from piri.domain.review import PromptKind
from piri.domain.triage import Screening
from tests.factories.domain import (
    START,
    checkin,
    comfortable,
    day,
    history,
    rating,
    result,
    run,
    session,
)

SPREAD = session(1, result(extent_before=Extent.BUTTOCK, extent_after=Extent.THIGH))


def kinds(hist, today: int, **kwargs) -> list[PromptKind]:  # type: ignore[no-untyped-def]
    return [p.kind for p in run(hist, today=today, **kwargs).prompts]


@pytest.mark.parametrize(
    ("checkins", "today", "expected"),
    [
        ([checkin(2, extent=Extent.THIGH)], 2, True),
        ([checkin(1, extent=Extent.BUTTOCK, new_numbness_or_weakness=True)], 1, True),
        ([checkin(2, extent=Extent.BUTTOCK)], 2, False),
        ([checkin(1, extent=Extent.THIGH)], 1, False),  # the same day: not yet 24 h
        ([], 3, False),
    ],
    ids=[
        "spreading persists the next day -> U/D questions",
        "spreading with new numbness or weakness -> U/D questions",
        "spreading gone by the next day -> nothing",
        "spreading checked the same day -> not yet",
        "no check-in -> nothing to judge",
    ],
)
def test_spreading_that_persists_asks_the_u_and_d_questions(
    checkins: list, today: int, expected: bool
) -> None:
    prompts = run(history([SPREAD], checkins), today=today).prompts
    found = [p for p in prompts if p.kind is PromptKind.SPREADING]
    assert bool(found) is expected
    if expected:
        assert found[0].screening is Screening.SPREADING and found[0].tier is None
        assert found[0].key == f"spreading:{day(1)}"


def _weeks(*averages: int, per_week: int = 2) -> list:
    return [
        checkin(7 * week + n, pain_average=value)
        for week, value in enumerate(averages)
        for n in range(per_week)
    ]


def test_weekly_average_rising_two_weeks_running_prompts_and_holds() -> None:
    hist = history(
        [session(21), session(22)],
        [*_weeks(3, 4, 5), checkin(22, next_morning=2), checkin(23, next_morning=2)],
    )
    adaptation = run(hist, today=23)
    assert [p.kind for p in adaptation.prompts] == [PromptKind.WEEKLY_RISING]
    assert adaptation.prompts[0].key == f"weekly_rising:{day(14)}"
    assert adaptation.changes == ()
    why = {d.item: d.why for d in adaptation.decisions}
    assert why["clamshell_hold"] == "prompt"
    handled = run(hist, today=23, handled=frozenset({f"weekly_rising:{day(14)}"}))
    assert [c.item for c in handled.changes] == ["clamshell_hold"]


@pytest.mark.parametrize(
    "averages",
    [(3, 5, 5), (5, 4, 6), (3, 4)],
    ids=["flat last week", "fell then rose", "only two weeks of data"],
)
def test_weekly_average_not_rising_two_weeks_running(averages: tuple[int, ...]) -> None:
    hist = history([], _weeks(*averages))
    assert PromptKind.WEEKLY_RISING not in kinds(hist, 7 * 3 + 1)


def test_a_week_with_too_few_answers_is_not_judged() -> None:
    hist = history([], _weeks(3, 4, 5, per_week=1))
    assert PromptKind.WEEKLY_RISING not in kinds(hist, 22)


def test_two_worse_weekly_checkins_running_prompt_a_review() -> None:
    worse = [checkin(7, weekly=True, worse=True), checkin(14, weekly=True, worse=True)]
    assert kinds(history([], worse), 14) == [PromptKind.WORSE_IN_A_ROW]
    mixed = [checkin(7, weekly=True, worse=True), checkin(14, weekly=True, worse=False)]
    assert kinds(history([], mixed), 14) == []
    daily = [checkin(7, worse=True), checkin(8, worse=True)]
    assert kinds(history([], daily), 8) == []


@pytest.mark.parametrize(
    ("baseline", "recent", "due"),
    [(6, 5, True), (6, 4, False), (4, 3, True), (3, 2, False), (6, None, True), (None, 2, True)],
    ids=[
        "6 weeks: down 1 point (17 %) -> review",
        "6 weeks: down 2 points -> no review",
        "6 weeks: down 1 point (25 %) -> review",
        "6 weeks: down 1 point (33 %) -> no review",
        "6 weeks: no recent pain -> review",
        "6 weeks: no baseline -> review",
    ],
)
def test_six_week_review(baseline: int | None, recent: int | None, due: bool) -> None:
    checkins = [] if recent is None else [checkin(41, pain_average=recent)]
    hist = history([], checkins, baseline_pain=baseline)
    assert (PromptKind.REVIEW_FIRST in kinds(hist, 42)) is due


def test_six_week_review_not_before_six_weeks() -> None:
    hist = history([], [checkin(40, pain_average=6)], baseline_pain=6)
    assert PromptKind.REVIEW_FIRST not in kinds(hist, 41)


@pytest.mark.parametrize(
    ("ratings", "due"),
    [
        ((), True),
        ((rating(84, "a_little_better"),), True),
        ((rating(84, "much_better"),), False),
        ((rating(85, "very_much_better"),), False),
        ((rating(20, "much_better"),), True),
    ],
    ids=[
        "12 weeks: no rating -> review",
        "12 weeks: a little better -> review",
        "12 weeks: much better -> no review",
        "12 weeks: very much better -> no review",
        "12 weeks: only an old rating -> review",
    ],
)
def test_twelve_week_review(ratings: tuple, due: bool) -> None:
    hist = history([], [checkin(85, pain_average=0)], ratings=ratings, baseline_pain=6)
    assert (PromptKind.REVIEW_FINAL in kinds(hist, 85)) is due


def test_handled_prompts_are_not_returned_and_do_not_hold_progression() -> None:
    good = comfortable(0, 1)
    worse = [checkin(1, weekly=True, worse=True), checkin(2, weekly=True, worse=True)]
    hist = history(good.sessions, [*good.checkins, *worse])
    held = run(hist, today=2)
    assert [p.key for p in held.prompts] == [f"worse_in_a_row:{day(2)}"] and not held.changes
    done = run(hist, today=2, handled=frozenset({f"worse_in_a_row:{day(2)}"}))
    assert done.prompts == () and done.changes


def test_review_dates_count_from_the_start() -> None:
    assert day(42) == START + timedelta(weeks=6)
