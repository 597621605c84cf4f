"""The summary of a patient's last 14 days that a specialist request carries.

Taken when the request is sent and stored with it (``SpecialistRequest.summary``), so the
clinician reads what the patient saw in the preview. Days are the patient's own: the window
is their today and the 13 days before it, in their time zone. It holds:

- pain: from daily check-ins (the day's 24-hour average, else the "now" score), per day, with
  the mean, the highest, and the mean of each of the two weeks;
- how far down the leg numbness or tingling reached at its furthest, from check-ins and
  in-session checks, and where it reached at the latest answer by time, whichever kind
  (``services.symptoms``: the latest every page names);
- sessions done against the weekly target spread over the 14 days, counted from the program's
  start at most (``domain.adherence_span``: the adherence every page states);
- the red flags open now (screenings above tier C since the last clinician review).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from statistics import fmean
from typing import Any

from django.db.models import Max

from piri.accounts.models import Patient
from piri.domain.plan import Extent
from piri.domain.policy import Policy, Tier
from piri.program.models import CheckAnswer, CheckIn
from piri.program.services.history import adherence_of, local_today
from piri.program.services.protocol import active_policy
from piri.program.services.screening import safety_state
from piri.program.services.symptoms import latest_extent_of

DAYS = 14
VERSION = 1
FLAGS_SHOWN = 10


def _mean(values: list[int]) -> float | None:
    return round(fmean(values), 1) if values else None


def _pain(patient: Patient, start: date, end: date) -> dict[str, Any]:
    rows = CheckIn.objects.filter(patient=patient, day__gte=start, day__lte=end).order_by("day")
    by_day: list[tuple[date, int]] = []
    for day, average, now in rows.values_list("day", "pain_average", "pain_now"):
        value = average if average is not None else now
        if value is not None:
            by_day.append((day, value))
    values = [v for _d, v in by_day]
    middle = start + timedelta(days=DAYS // 2)
    return {
        "days": len(by_day),
        "average": _mean(values),
        "highest": max(values, default=None),
        "first_week": _mean([v for d, v in by_day if d < middle]),
        "second_week": _mean([v for d, v in by_day if d >= middle]),
        "by_day": [[d.isoformat(), v] for d, v in by_day],
    }


def _rank(value: str) -> int:
    try:
        return Extent(value).rank
    except ValueError:
        return -1


def _extent(patient: Patient, start: date, end: date) -> dict[str, Any]:
    seen: list[tuple[date, str]] = list(
        CheckIn.objects.filter(patient=patient, day__gte=start, day__lte=end)
        .exclude(extent="")
        .values_list("day", "extent")
    )
    seen += list(
        CheckAnswer.objects.filter(
            session__patient=patient,
            session__local_date__gte=start,
            session__local_date__lte=end,
        )
        .exclude(extent="")
        .values_list("session__local_date", "extent")
    )
    known = [(day, value) for day, value in seen if _rank(value) >= 0]
    if not known:
        return {"furthest": None, "furthest_day": None, "latest": None}
    # the furthest point; of equals, the latest day it was reached
    day, furthest = max(known, key=lambda item: (_rank(item[1]), item[0]))
    # the latest: the answer given last, whichever kind (the one rule every page uses)
    latest = latest_extent_of(patient, first=start, last=end)
    return {
        "furthest": furthest,
        "furthest_day": day.isoformat(),
        "latest": latest.extent.value if latest else None,
        "latest_at": latest.at.isoformat() if latest else None,
        "latest_source": latest.source.value if latest else None,
    }


def _sessions(patient: Patient, *, now: datetime) -> dict[str, Any]:
    """Sessions against the aim over the 14 days, never before the program's start (the
    same adherence every page states: ``history.Adherence``)."""
    adherence = adherence_of(patient, now=now)
    span = adherence.last(DAYS)
    days = [d for d in adherence.days if span is not None and span.first <= d <= span.last]
    return {
        "done": len(days),
        "days_with_a_session": len(set(days)),
        "weekly_target": adherence.target,
        "expected": span.planned if span else 0,
        "planned": span.planned if span else 0,
        "percent": span.percent if span else 0,
        "extra": span.extra if span else 0,
        "first": span.first.isoformat() if span else None,
        "from_start": span.from_start if span else False,
    }


def _flags(patient: Patient) -> list[dict[str, Any]]:
    last_review = patient.reviews.aggregate(at=Max("created_at"))["at"]
    open_flags = patient.screenings.exclude(tier=Tier.C.value)
    if last_review is not None:
        open_flags = open_flags.filter(created_at__gt=last_review)
    return [
        {
            "tier": s.tier,
            "at": s.created_at.isoformat(),
            "day": s.created_at.astimezone(patient.zone).date().isoformat(),
            "kind": s.kind,
            "reasons": list(s.reasons),
        }
        for s in open_flags.order_by("-created_at")[:FLAGS_SHOWN]
    ]


def summary_for(patient: Patient, *, now: datetime, policy: Policy | None = None) -> dict[str, Any]:
    """The last 14 days of ``patient``, as plain JSON values."""
    end = local_today(patient, now=now)
    start = end - timedelta(days=DAYS - 1)
    state = safety_state(patient, policy=policy or active_policy())
    return {
        "version": VERSION,
        "time_zone": patient.time_zone,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "days": DAYS,
        "pain": _pain(patient, start, end),
        "extent": _extent(patient, start, end),
        "sessions": _sessions(patient, now=now),
        "open_tier": state.tier.value,
        "flags": _flags(patient),
    }
