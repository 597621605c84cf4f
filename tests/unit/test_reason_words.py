"""A program rule in a clinician's words carries the numbers of the policy it ran under."""

from __future__ import annotations

import dataclasses

from piri.domain.history import GlobalRating
from piri.domain.policy import Policy, Value
from piri.domain.review import PromptKind
from piri.program.reason_words import prompt_words, reason_words
from piri.protocols import builtin_policy


def changed(value: Value, new: int) -> Value:
    return dataclasses.replace(value, value=new)


def test_the_builtin_policy_s_numbers() -> None:
    policy = builtin_policy()
    said = {kind.value: reason_words(f"{kind.value}:2026-01-05", policy) for kind in PromptKind}
    assert said == {
        "spreading": "spreading still there after 1 day; the U/D questions were asked",
        "still_raised": "morning pain still raised after 2 days",
        "weekly_rising": "weekly average pain up 2 weeks running",
        "flare_not_settled": "flare-up not settled within 7 days",
        "review_first": "6-week review: pain not down by 2 points or 30 %",
        "review_final": "12-week review: not “much better”",
        "worse_in_a_row": "“worse” at 2 weekly check-ins running",
    }


def test_a_clinic_s_changed_thresholds_change_the_words() -> None:
    base = builtin_policy()
    m, r = base.monitoring, base.review
    own: Policy = dataclasses.replace(
        base,
        monitoring=dataclasses.replace(
            m,
            spread_persists_days=changed(m.spread_persists_days, 2),
            still_raised_days=changed(m.still_raised_days, 3),
            rising_weeks=changed(m.rising_weeks, 3),
        ),
        flare_up=dataclasses.replace(
            base.flare_up, settle_days=changed(base.flare_up.settle_days, 10)
        ),
        review=dataclasses.replace(
            r,
            first_weeks=changed(r.first_weeks, 8),
            min_drop_points=changed(r.min_drop_points, 3),
            min_drop_percent=changed(r.min_drop_percent, 40),
            final_weeks=changed(r.final_weeks, 16),
            final_min_rating=GlobalRating.A_LITTLE_BETTER,
            worse_in_a_row=changed(r.worse_in_a_row, 3),
        ),
        triage=dataclasses.replace(
            base.triage,
            schedule=dataclasses.replace(base.triage.schedule, spreading=("E", "U", "D")),
        ),
    )
    said = {kind.value: prompt_words(kind.value, own) for kind in PromptKind}
    assert said == {
        "spreading": "spreading still there after 2 days; the E/U/D questions were asked",
        "still_raised": "morning pain still raised after 3 days",
        "weekly_rising": "weekly average pain up 3 weeks running",
        "flare_not_settled": "flare-up not settled within 10 days",
        "review_first": "8-week review: pain not down by 3 points or 40 %",
        "review_final": "16-week review: not “a little better”",
        "worse_in_a_row": "“worse” at 3 weekly check-ins running",
    }
    one = dataclasses.replace(
        own, review=dataclasses.replace(r, min_drop_points=changed(r.min_drop_points, 1))
    )
    assert prompt_words("review_first", one) == "6-week review: pain not down by 1 point or 30 %"


def test_an_unknown_rule_is_shown_as_stored() -> None:
    assert reason_words("older_rule:2026-01-05", builtin_policy()) == "older_rule:2026-01-05"
