"""What works for me as JSON: ``GET /insights`` (the numbers the page shows) and
``PUT /ratings/{item}`` (the patient's own 1-5 rating of an item). An item that is not in the
program answers 404; a rating outside 1-5 answers 422 naming ``rating``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import Strict

from piri.accounts.access import own_patient
from piri.api.fields import AS_INTEGER, Input
from piri.domain.insights import Comparison, Estimate, Interval
from piri.program.services.insights import (
    ItemRow,
    PatientInsights,
    TriggerRow,
    insights_for,
    rate_item,
)
from piri.program.services.protocol import active_protocol

router = Router(tags=["insights"])


class IntervalOut(Schema):
    low: float
    high: float
    level: float = Field(description="0.9: a 90 % percentile bootstrap interval")


class EstimateOut(Schema):
    """A within-session change (after minus before; negative = better)."""

    n: int = Field(description="sessions with a before and an after value")
    needed: int = Field(description="sessions needed before an interval and verdict")
    mean: float | None
    interval: IntervalOut | None
    verdict: str


class ComparisonOut(Schema):
    """Pain after days with it against days without it; difference = with minus without."""

    n_with: int
    n_without: int
    needed: int = Field(description="days needed on each side before a verdict or a rank")
    mean_with: float | None
    mean_without: float | None
    difference: float | None
    interval: IntervalOut | None
    verdict: str


class ItemOut(Schema):
    id: str
    name: str
    kind: str
    sessions: int = Field(description="sessions that included it (0: not done yet)")
    rating: int | None
    rank: int | None = Field(description="1 = most helpful; null: not enough data")
    tied: bool
    tied_with: list[str]
    verdict: str
    within_pain: EstimateOut
    within_extent: EstimateOut
    next_morning: ComparisonOut


class TriggerOut(Schema):
    id: str
    name: str
    own: bool
    rank: int | None = Field(description="1 = followed by the most extra pain")
    tied: bool
    tied_with: list[str]
    verdict: str
    next_day: ComparisonOut


class PromptOut(Schema):
    text: str
    raised_at: datetime | None
    kind: str


class SettingsOut(Schema):
    min_sessions: int
    min_within: int
    interval_level: float
    resamples: int
    min_difference: float
    min_extent_difference: float


class InsightsOut(Schema):
    day: date = Field(description="the patient's local day the numbers are for")
    sessions: int
    session_days: int
    checkins: int
    settings: SettingsOut
    items: list[ItemOut]
    triggers: list[TriggerOut]
    prompts: list[PromptOut]


class RatingIn(Input):
    rating: Annotated[int, Strict(), Field(ge=1, le=5), AS_INTEGER]


class NotFoundOut(Schema):
    detail: str


class RatingOut(Schema):
    item: str
    rating: int
    updated_at: datetime


def _interval(interval: Interval | None) -> IntervalOut | None:
    if interval is None:
        return None
    return IntervalOut(low=interval.low, high=interval.high, level=interval.level)


def _estimate(estimate: Estimate, needed: int) -> EstimateOut:
    return EstimateOut(
        n=estimate.n,
        needed=needed,
        mean=estimate.mean,
        interval=_interval(estimate.interval),
        verdict=estimate.verdict.value,
    )


def _comparison(comparison: Comparison, needed: int) -> ComparisonOut:
    return ComparisonOut(
        n_with=comparison.n_with,
        n_without=comparison.n_without,
        needed=needed,
        mean_with=comparison.mean_with,
        mean_without=comparison.mean_without,
        difference=comparison.difference,
        interval=_interval(comparison.interval),
        verdict=comparison.verdict.value,
    )


def _item(row: ItemRow, data: PatientInsights) -> ItemOut:
    s, insight = data.settings, row.insight
    return ItemOut(
        id=row.id,
        name=row.name,
        kind=row.kind,
        sessions=row.sessions,
        rating=insight.rating,
        rank=insight.rank,
        tied=insight.tied,
        tied_with=list(row.tied_with),
        verdict=insight.verdict.value,
        within_pain=_estimate(insight.within_pain, s.min_within),
        within_extent=_estimate(insight.within_extent, s.min_within),
        next_morning=_comparison(insight.next_morning, s.min_sessions),
    )


def _trigger(row: TriggerRow, data: PatientInsights) -> TriggerOut:
    return TriggerOut(
        id=row.id,
        name=row.name,
        own=row.own,
        rank=row.insight.rank,
        tied=row.insight.tied,
        tied_with=list(row.tied_with),
        verdict=row.insight.verdict.value,
        next_day=_comparison(row.insight.next_day, data.settings.min_sessions),
    )


@router.get("/insights", response=InsightsOut)
def get_insights(request: HttpRequest) -> InsightsOut:
    """The patient's own "what works for me" numbers (the page's data)."""
    data = insights_for(own_patient(request.user), now=timezone.now())
    s = data.settings
    return InsightsOut(
        day=data.day,
        sessions=data.sessions,
        session_days=data.session_days,
        checkins=data.checkins,
        settings=SettingsOut(
            min_sessions=s.min_sessions,
            min_within=s.min_within,
            interval_level=s.interval_level,
            resamples=s.resamples,
            min_difference=s.min_difference,
            min_extent_difference=s.min_extent_difference,
        ),
        items=[_item(row, data) for row in data.items],
        triggers=[_trigger(row, data) for row in data.triggers],
        prompts=[PromptOut(text=p.text, raised_at=p.raised_at, kind=p.kind) for p in data.prompts],
    )


@router.put("/ratings/{item}", response={200: RatingOut, 404: NotFoundOut})
def put_rating(
    request: HttpRequest, item: str, payload: RatingIn
) -> Status[RatingOut] | Status[NotFoundOut]:
    """Set the patient's own rating of an exercise or massage option (1 not for me .. 5)."""
    patient = own_patient(request.user)
    if item not in active_protocol().item_ids:
        detail = f"'{item}' is not an exercise or massage option of this program"
        return Status(404, NotFoundOut(detail=detail))
    row = rate_item(patient, item, payload.rating)
    return Status(200, RatingOut(item=row.item, rating=row.rating, updated_at=row.updated_at))
