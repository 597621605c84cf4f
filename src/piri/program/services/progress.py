"""Everything the progress page draws for one patient, read in five queries.

``progress_for(patient, span=...)`` reads the patient's check-ins, sessions and weekly
measures, turns them into plain values by the patient's own dates and hands them to the
chart builders (``piri.charts``); the adherence and the latest reach of numbness or tingling
come from the services every page uses (``history``, ``symptoms``). It takes no request, so
the PDF report draws the same charts. Every "today" is the patient's local date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q, Subquery

from piri.accounts.models import Patient
from piri.charts import (
    DEFAULT_SPAN,
    AdherenceCalendar,
    ExtentStrip,
    PainTrend,
    ScoreSpec,
    SittingTrend,
    Span,
    WeeklyScores,
    Window,
    adherence_calendar,
    extent_strip,
    first_day,
    pain_trend,
    sitting_trend,
    weekly_scores,
    window_for,
)
from piri.domain.extent_latest import ExtentReading
from piri.domain.measures.model import Mcid, MeasuresCatalog
from piri.domain.plan import Extent
from piri.program.models import CheckIn, MeasureResponse
from piri.program.services.history import Adherence, adherence_of, local_today
from piri.program.services.protocol import active_policy
from piri.program.services.symptoms import latest_extent_of
from piri.protocols import builtin_measures

# (instrument, the score drawn, tick step): the four weekly charts, in page order
WEEKLY = (("nprs", "pain_average_24h", 5), ("rmdq", "total", 8), ("psfs", "mean", 5))
GRC = ("grc", "rating", 3)


@dataclass(frozen=True, slots=True)
class Progress:
    today: date
    span: Span
    window: Window
    recorded: bool  # anything at all, ever: a check-in, a session or a weekly answer
    pain: PainTrend
    extent: ExtentStrip
    sitting: SittingTrend
    calendar: AdherenceCalendar
    scores: WeeklyScores
    adherence: Adherence  # the sessions against the aim, as every page states them
    latest_extent: ExtentReading | None  # the latest reach, whichever kind of record


def _mcid(catalog: MeasuresCatalog, instrument: str, score: str) -> Mcid:
    mcid = catalog[instrument].score(score).mcid()
    if mcid is None:
        raise LookupError(f"{instrument}.{score} has no MCID in the measures file")
    return mcid


def score_specs(catalog: MeasuresCatalog) -> tuple[ScoreSpec, ...]:
    """The four weekly charts: ranges, directions and MCIDs from the measures file; the
    global rating's line at the rating the safety policy's 12-week review asks for."""
    specs = []
    for instrument, score_id, step in WEEKLY:
        score = catalog[instrument].score(score_id)
        specs.append(
            ScoreSpec(
                instrument,
                score.low,
                score.high,
                step,
                score.direction,
                mcid=_mcid(catalog, instrument, score_id),
            )
        )
    instrument, score_id, step = GRC
    score = catalog[instrument].score(score_id)
    target = active_policy().review.final_min_rating.rank
    specs.append(
        ScoreSpec(instrument, score.low, score.high, step, score.direction, fixed_reference=target)
    )
    return tuple(specs)


def _extent(value: str) -> Extent | None:
    try:
        return Extent(value) if value else None
    except ValueError:
        return None


def _checkin_rows(patient: Patient, *, today: date, start: date | None) -> list[tuple[Any, ...]]:
    """Check-ins up to today from ``start`` (all when ``None``), plus the very first one
    ever, so that one query also says whether anything was recorded before the window."""
    rows = CheckIn.objects.filter(patient=patient, day__lte=today)
    if start is not None:
        first = CheckIn.objects.filter(patient=patient).order_by("day").values("day")[:1]
        rows = rows.filter(Q(day__gte=start) | Q(day=Subquery(first)))
    return list(
        rows.order_by("day").values_list(
            "day", "pain_average", "pain_now", "extent", "sitting_minutes"
        )
    )


def progress_for(patient: Patient, *, span: Span = DEFAULT_SPAN, now: datetime) -> Progress:
    today = local_today(patient, now=now)
    catalog = builtin_measures()
    fixed = None if span.weeks is None else window_for(span, today=today)
    checkins = _checkin_rows(patient, today=today, start=fixed.start if fixed else None)
    adherence = adherence_of(patient, now=now)
    session_days = list(adherence.days)
    series: dict[str, dict[date, float]] = defaultdict(dict)
    keys = {instrument: score for instrument, score, _ in (*WEEKLY, GRC)}
    for instrument, week, scores in MeasureResponse.objects.filter(
        patient=patient, instrument__in=keys, week_start__lte=today
    ).values_list("instrument", "week_start", "scores"):
        value = (scores or {}).get(keys[instrument])
        if isinstance(value, int | float) and not isinstance(value, bool):
            series[instrument][week] = float(value)

    pain: dict[date, float] = {}
    extent: dict[date, Extent] = {}
    sitting: dict[date, float] = {}
    for day, average, now_pain, reach, minutes in checkins:
        if (value := average if average is not None else now_pain) is not None:
            pain[day] = value
        if (level := _extent(reach)) is not None:
            extent[day] = level
        if minutes is not None:
            sitting[day] = minutes

    started = first_day([c[0] for c in checkins], session_days, *series.values())
    # nothing before the program's start (or the first record, if earlier) is drawn
    begin = first_day([d for d in (adherence.started, started) if d is not None])
    window = (fixed or window_for(span, today=today, first_day=started)).since(begin)
    return Progress(
        today=today,
        span=span,
        window=window,
        recorded=started is not None,
        pain=pain_trend(
            pain,
            window,
            baseline=patient.baseline_pain,
            mcid=_mcid(catalog, "nprs", "pain_average_24h"),
        ),
        extent=extent_strip(extent, window),
        sitting=sitting_trend(sitting, window),
        calendar=adherence_calendar(
            session_days, window, target=patient.weekly_target, started=adherence.started
        ),
        scores=weekly_scores(series, window, score_specs(catalog)),
        adherence=adherence,
        latest_extent=latest_extent_of(patient),
    )
