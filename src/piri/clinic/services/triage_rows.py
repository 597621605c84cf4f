"""Keeping each patient's triage row (``TriageRow``) up to date.

A row holds every open reason for the clinic's attention, worked out from stored data:

- an open red flag: the highest E/U/D tier among the screenings no clinical review has
  followed (the tier ``piri.program.services.screening.safety_state`` puts in force), dated
  from the first open screening of that tier;
- urgent and other specialist requests still waiting for the clinic (status "new");
- spreading: numbness or tingling reaching further down the leg than at the answer before,
  between two checks of one session or two daily check-ins, in the last
  ``SPREADING_WINDOW_DAYS`` days and after the last review;
- review prompts the program raised (program screenings with a note) that no review has
  followed, other than those already counted in the flag;
- the day of the last session ("no session for N days" depends on today and the clinic, so
  the dashboard works it out when it reads the rows).

Services that store screenings, reviews, sessions, check-ins and requests call
``refresh_triage``; ``refresh_all`` rebuilds many rows a chunk at a time, with a fixed number
of queries per chunk. Program services import this module, so it reads the models directly
and never imports ``piri.program.services``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from piri.accounts.models import Patient
from piri.clinic.models import TriageRow
from piri.clinic.services.triage_facts import FLAGGED, PROGRAM, Facts, gather
from piri.clinic.triage_order import FLAG_CODES, RANKS, SPREADING_WINDOW_DAYS, Code
from piri.domain.plan import Extent
from piri.domain.policy import Tier

CHUNK = 500


@dataclass(frozen=True, slots=True)
class Reason:
    code: Code
    since: datetime  # when it began (sorting); ``at`` is the patient's local date of it
    at: date
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def rank(self) -> int:
        return RANKS[self.code]

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "rank": self.rank,
            "at": self.at.isoformat(),
            "detail": self.detail,
        }


def _rank(extent: str) -> int | None:
    try:
        return Extent(extent).rank
    except ValueError:
        return None


def _flag_and_prompts(rows: list[dict[str, Any]], zone: ZoneInfo) -> list[Reason]:
    found: list[Reason] = []
    flags = [r for r in rows if r["tier"] in FLAGGED]
    counted: set[int] = set()
    if flags:
        worst = max((Tier(r["tier"]) for r in flags), key=lambda t: t.rank)
        same = [r for r in flags if r["tier"] == worst.value]
        counted = {r["id"] for r in same}
        causes = sorted({_cause(r, c) for r in same for c in r["reasons"] or [""] if c})
        first = same[0]["created_at"]
        found.append(
            Reason(
                FLAG_CODES[worst.value],
                since=first,
                at=first.astimezone(zone).date(),
                detail={
                    "count": len(same),
                    "causes": causes[:8],
                    "program": any(r["kind"] == PROGRAM for r in same),
                },
            )
        )
    prompts = [r for r in rows if r["kind"] == PROGRAM and r["note"] and r["id"] not in counted]
    if prompts:
        first = prompts[0]["created_at"]
        kinds = sorted({_cause(r, c) for r in prompts for c in r["reasons"] or [""] if c})
        found.append(
            Reason(
                Code.PROMPT,
                since=first,
                at=first.astimezone(zone).date(),
                detail={"count": len(prompts), "causes": kinds[:8]},
            )
        )
    return found


def _cause(row: dict[str, Any], cause: str) -> str:
    """A question id ("E2"), or for a program prompt its kind ("weekly_rising")."""
    return cause.split(":", 1)[0] if row["kind"] == PROGRAM else cause


def _requests(rows: list[dict[str, Any]], zone: ZoneInfo) -> list[Reason]:
    found = []
    for code, urgent in ((Code.REQUEST_URGENT, True), (Code.REQUEST, False)):
        group = [r for r in rows if r["urgent"] is urgent]
        if group:
            first = group[0]["created_at"]
            found.append(
                Reason(
                    code,
                    since=first,
                    at=first.astimezone(zone).date(),
                    detail={
                        "count": len(group),
                        "topics": sorted({r["topic"] for r in group}),
                        "clinics": sorted({r["clinic_id"] for r in group}),
                    },
                )
            )
    return found


def _spreading(
    facts: Facts, patient_id: int, zone: ZoneInfo, *, first_day: date, reviewed: datetime | None
) -> Reason | None:
    events: list[tuple[date, str, str, str]] = []  # (day, where, from, to)
    sessions: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for session_id, day, started, extent in facts.checks.get(patient_id, []):
        if day >= first_day and (reviewed is None or started > reviewed):
            sessions[session_id].append((day, extent))
    for answers in sessions.values():
        for (_, before), (day, after) in pairwise(answers):
            if _further(before, after):
                events.append((day, "session", before, after))
    checkins = facts.checkins.get(patient_id, [])
    for (_, _, before), (day, updated, after) in pairwise(checkins):
        if (
            day >= first_day
            and (reviewed is None or updated > reviewed)
            and _further(before, after)
        ):
            events.append((day, "checkin", before, after))
    if not events:
        return None
    events.sort()
    first, latest = events[0], events[-1]
    return Reason(
        Code.SPREADING,
        since=datetime.combine(first[0], time.min, tzinfo=zone),
        at=first[0],
        detail={
            "count": len(events),
            "sessions": sum(1 for e in events if e[1] == "session"),
            "checkins": sum(1 for e in events if e[1] == "checkin"),
            "latest": latest[0].isoformat(),
            "from": latest[2],
            "to": latest[3],
        },
    )


def _further(before: str, after: str) -> bool:
    a, b = _rank(before), _rank(after)
    return a is not None and b is not None and b > a


def build_row(
    facts: Facts, patient_id: int, zone: ZoneInfo, *, today: date, now: datetime
) -> TriageRow:
    first_day = today - timedelta(days=SPREADING_WINDOW_DAYS - 1)
    reviewed = facts.reviews.get(patient_id)
    reasons = [
        *_flag_and_prompts(facts.screenings.get(patient_id, []), zone),
        *_requests(facts.requests.get(patient_id, []), zone),
    ]
    spreading = _spreading(facts, patient_id, zone, first_day=first_day, reviewed=reviewed)
    if spreading is not None:
        reasons.append(spreading)
    reasons.sort(key=lambda r: (-r.rank, r.since))
    top = reasons[0] if reasons else None
    tiers = {code: tier for tier, code in FLAG_CODES.items()}
    flag = next((tiers[r.code] for r in reasons if r.code in tiers), "")
    return TriageRow(
        patient_id=patient_id,
        rank=top.rank if top else 0,
        since=top.since if top else None,
        reasons=[r.as_json() for r in reasons],
        flag_tier=flag,
        open_requests=len(facts.requests.get(patient_id, [])),
        last_session_on=facts.last_session.get(patient_id),
        updated_at=now,
    )


def _refresh_chunk(zones: dict[int, ZoneInfo], *, now: datetime) -> int:
    ids = list(zones)
    todays = {pk: now.astimezone(zone).date() for pk, zone in zones.items()}
    earliest = min(todays.values()) - timedelta(days=SPREADING_WINDOW_DAYS - 1)
    facts = gather(ids, first_day=earliest)
    rows = [build_row(facts, pk, zones[pk], today=todays[pk], now=now) for pk in ids]
    TriageRow.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["patient"],
        update_fields=[
            "rank",
            "since",
            "reasons",
            "flag_tier",
            "open_requests",
            "last_session_on",
            "updated_at",
        ],
    )
    return len(rows)


def refresh_triage(patient: Patient, *, now: datetime | None = None) -> None:
    """Recompute ``patient``'s triage row from their stored data (seven queries)."""
    _refresh_chunk({patient.pk: patient.zone}, now=now or timezone.now())


def refresh_all(
    patients: Iterable[Patient] | None = None,
    *,
    now: datetime | None = None,
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Rebuild the rows of ``patients`` (every patient when None), ``chunk`` at a time.
    ``progress`` is told how many rows each chunk wrote. Returns the number of rows."""
    now = now or timezone.now()
    if patients is None:
        pairs: Iterable[tuple[int, str]] = list(
            Patient.objects.order_by("pk").values_list("pk", "time_zone")
        )
    else:
        pairs = ((p.pk, p.time_zone) for p in patients)
    done = 0
    zones: dict[int, ZoneInfo] = {}
    cache: dict[str, ZoneInfo] = {}
    for pk, name in pairs:
        zones[pk] = cache.setdefault(name, ZoneInfo(name))
        if len(zones) >= chunk:
            done += _flush(zones, now=now, progress=progress)
    if zones:
        done += _flush(zones, now=now, progress=progress)
    return done


def _flush(
    zones: dict[int, ZoneInfo], *, now: datetime, progress: Callable[[int], None] | None
) -> int:
    written = _refresh_chunk(dict(zones), now=now)
    zones.clear()
    if progress is not None:
        progress(written)
    return written
