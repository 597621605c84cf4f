"""The safety policy file format (``schema_version: 1``) as pydantic models.

These models check the shape of each field; ``policy_loader.py`` then checks what points at
what and the safety floors a clinic cannot lower (tier E locks, the E block before every
session, ...). docs/safety.md describes every field.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

POLICY_SCHEMA_VERSION = 1

Text = Annotated[str, StringConstraints(min_length=1)]
LABEL_MAX_CHARS = 60
LABEL_MAX_WORDS = 6  # checked in ``policy_loader``: a label is read at a glance
Label = Annotated[str, StringConstraints(min_length=1, max_length=LABEL_MAX_CHARS)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


def _question_id(value: str) -> str:
    if not re.fullmatch(r"[A-Z][0-9]{1,2}", value):
        raise ValueError("must be a capital letter and a number, like E1")
    return value


QuestionId = Annotated[str, AfterValidator(_question_id)]
TierCode = Literal["E", "U", "D", "C"]
Block = Literal["E", "U", "D"]
Rating = Literal[
    "very_much_worse",
    "much_worse",
    "a_little_worse",
    "same",
    "a_little_better",
    "much_better",
    "very_much_better",
]


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class ValueModel(_Model):
    value: Annotated[int, Field(ge=0)]
    source: Text  # an S-number of research.md, or "policy: ..." with the reason


class RatioModel(_Model):
    done: Annotated[int, Field(gt=0)]
    of: Annotated[int, Field(gt=0)]
    source: Text


class AnswersModel(_Model):
    not_sure_counts_as_yes: Literal[True]  # a safety floor: "Not sure" is always a "yes"
    source: Text


class TierModel(_Model):
    tier: TierCode
    name: Text
    exercises: Literal["allowed", "monitored", "paused", "locked"]
    locks: bool
    dismissible: bool
    alert_clinic: bool
    title: Text
    advice: Text
    source: Text


class EscalateModel(_Model):
    to: TierCode
    with_any: Annotated[list[QuestionId], Field(min_length=1)]
    source: Text


class QuestionModel(_Model):
    id: QuestionId
    block: Block
    tier: TierCode
    label: Label  # the few words a clinician reads for the question ("past cancer")
    text: Text
    help: Text
    source: Text
    escalate: EscalateModel | None = None


class AgeGateModel(_Model):
    question: QuestionId
    over: Annotated[int, Field(gt=0, le=120)]
    under: Annotated[int, Field(gt=0, le=120)]
    first_episode_only: bool
    source: Text


class ScheduleModel(_Model):
    onboarding: Annotated[list[Block], Field(min_length=1)]
    before_session: Annotated[list[Block], Field(min_length=1)]
    weekly: Annotated[list[Block], Field(min_length=1)]
    after_worse: Annotated[list[Block], Field(min_length=1)]
    spreading: Annotated[list[Block], Field(min_length=1)]
    weekly_every_days: ValueModel
    source: Text


class MonitoringModel(_Model):
    pain_green_max: ValueModel
    pain_amber_max: ValueModel
    next_morning_raised_by: ValueModel
    baseline_days: ValueModel
    ease_days: ValueModel
    still_raised_days: ValueModel
    rising_weeks: ValueModel
    week_min_checkins: ValueModel
    spread_persists_days: ValueModel


class LimitsModel(_Model):
    hold_step_s: ValueModel
    hold_cap_s: ValueModel
    hold_floor_s: ValueModel
    sets_step: ValueModel
    sets_cap: ValueModel
    sets_floor: ValueModel
    contract_cap_s: ValueModel
    rounds_step: ValueModel


class ProgressionModel(_Model):
    tolerated_in_a_row: ValueModel
    min_adherence: RatioModel
    limits: LimitsModel


class FlareUpModel(_Model):
    daily_rise: ValueModel
    rise_days: ValueModel
    min_days: ValueModel
    max_days: ValueModel
    settle_days: ValueModel
    stretch: Id
    keep: list[Id]
    half_hold: list[Id]
    hold_percent: ValueModel
    source: Text


class ReviewModel(_Model):
    first_weeks: ValueModel
    min_drop_points: ValueModel
    min_drop_percent: ValueModel
    window_days: ValueModel
    final_weeks: ValueModel
    final_min_rating: Rating
    final_source: Text
    worse_in_a_row: ValueModel


class ChangeTextsModel(_Model):
    reason: Text
    hold_s: Text
    sets: Text
    rounds: Text
    variant: Text
    massage: Text


class BecauseTextsModel(_Model):
    tolerated: Text
    pain_high: Text
    spread: Text


class PromptTextsModel(_Model):
    spreading: Text
    still_raised: Text
    weekly_rising: Text
    flare_not_settled: Text
    review_first: Text
    review_final: Text
    worse_in_a_row: Text


class NoticeTextsModel(_Model):
    left_out: Text
    easing: Text
    flare_up: Text


class InSessionTextsModel(_Model):
    green: Text
    amber: Text
    stop: Text
    stop_massage: Text


class TextsModel(_Model):
    changes: ChangeTextsModel
    because: BecauseTextsModel
    prompts: PromptTextsModel
    notices: NoticeTextsModel
    in_session: InSessionTextsModel


class PolicyFile(_Model):
    schema_version: Literal[1]
    id: Id
    version: Text
    title: Text
    summary: Text
    answers: AnswersModel
    tiers: Annotated[list[TierModel], Field(min_length=4, max_length=4)]
    questions: Annotated[list[QuestionModel], Field(min_length=1)]
    age_gate: AgeGateModel
    schedule: ScheduleModel
    monitoring: MonitoringModel
    progression: ProgressionModel
    flare_up: FlareUpModel
    review: ReviewModel
    texts: TextsModel
