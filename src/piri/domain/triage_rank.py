"""Why a patient needs the clinic's attention, and how urgently: the reasons on their triage row.

Worked out from typed facts about one patient, with the day and time zone passed in; the order
of urgency (``ranks``) and the spreading window are the clinic's data with their sources
(``piri.clinic.triage_order``), passed in too. The reasons: an open red flag (the highest open
E/U/D tier, dated from its first screening), urgent and other waiting requests, spreading
(reach further down the leg than at the answer before, between two checks of one session or two
daily check-ins, inside the window and after the last review), and the program's review prompts
not already counted in the flag.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from itertools import pairwise
from typing import Any, Final

from piri.domain.monitoring import ExtentChange, extent_change
from piri.domain.plan import Extent
from piri.domain.policy import Tier


class Code(StrEnum):
    """What a reason is about (stored in ``TriageRow.reasons``)."""

    FLAG_E = "flag_e"  # an emergency answer no review has followed: the program is locked
    FLAG_U = "flag_u"  # an urgent answer no review has followed: exercises paused
    REQUEST_URGENT = "request_urgent"  # a question sent while a U or D flag was open
    FLAG_D = "flag_d"  # "see a doctor within days", answered or raised by the program
    SPREADING = "spreading"  # numbness or tingling moved further down the leg
    PROMPT = "prompt"  # a review prompt of the program (6 / 12 weeks, worsening trends)
    REQUEST = "request"  # a question waiting for the clinic's answer
    QUIET = "quiet"  # no session for the clinic's number of days (worked out when read)


@dataclass(frozen=True, slots=True)
class Rank:
    """One code's place in the order of urgency (higher first), with where that comes from."""

    code: Code
    rank: int
    source: str


FLAG_CODES: Final[dict[Tier, Code]] = {
    Tier.E: Code.FLAG_E,
    Tier.U: Code.FLAG_U,
    Tier.D: Code.FLAG_D,
}


@dataclass(frozen=True, slots=True)
class OpenScreening:
    """A screening no clinical review has followed that flagged (E, U or D) or that the
    program raised with a note (a review prompt)."""

    id: int
    tier: Tier
    created_at: datetime
    by_program: bool = False
    note: str = ""
    reasons: tuple[str, ...] = ()  # question ids ("E2"), or for the program "<kind>:<detail>"

    @property
    def causes(self) -> set[str]:
        """Question ids, or for a program prompt its kinds ("weekly_rising")."""
        return {
            cause.split(":", 1)[0] if self.by_program else cause for cause in self.reasons if cause
        }


@dataclass(frozen=True, slots=True)
class WaitingRequest:
    """A specialist request the clinic has not answered yet."""

    id: int
    clinic_id: int
    urgent: bool
    topic: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SessionCheck:
    """How far down the leg it reached at one check of a session, in the order answered."""

    session_id: Any
    day: date  # the session's local date
    started_at: datetime
    extent: Extent | None  # None: a value Piri no longer knows


@dataclass(frozen=True, slots=True)
class CheckinReach:
    """How far down the leg it reached at one daily check-in, oldest day first."""

    day: date
    updated_at: datetime
    extent: Extent | None


@dataclass(frozen=True, slots=True)
class TriageFacts:
    """What one patient has stored that bears on their row. Screenings and requests oldest
    first; checks in the order answered; check-ins from before the window, for comparison."""

    screenings: tuple[OpenScreening, ...] = ()
    requests: tuple[WaitingRequest, ...] = ()
    checks: tuple[SessionCheck, ...] = ()
    checkins: tuple[CheckinReach, ...] = ()
    reviewed_at: datetime | None = None  # the last clinical review


@dataclass(frozen=True, slots=True)
class Reason:
    code: Code
    rank: int
    since: datetime  # when it began (sorting); ``at`` is the patient's local date of it
    at: date
    detail: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "rank": self.rank,
            "at": self.at.isoformat(),
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class Triage:
    """Every open reason, most urgent first (ties: the one waiting longest)."""

    reasons: tuple[Reason, ...]

    @property
    def rank(self) -> int:
        return self.reasons[0].rank if self.reasons else 0

    @property
    def since(self) -> datetime | None:
        return self.reasons[0].since if self.reasons else None

    @property
    def flag_tier(self) -> str:
        """The tier of the open red flag ("E", "U", "D"), or "" when there is none."""
        tiers = {code: tier.value for tier, code in FLAG_CODES.items()}
        return next((tiers[r.code] for r in self.reasons if r.code in tiers), "")


def spreading_from(today: date, *, window_days: int) -> date:
    """The first day spreading counts on: ``window_days`` days back from ``today``, inclusive."""
    return today - timedelta(days=window_days - 1)


def triage(
    facts: TriageFacts,
    *,
    ranks: Mapping[Code, int],
    window_days: int,
    today: date,
    zone: tzinfo,
) -> Triage:
    """The reasons ``facts`` give on ``today`` in ``zone``, ranked by ``ranks``; spreading
    counts for ``window_days`` days back from today."""
    first_day = spreading_from(today, window_days=window_days)
    found = [
        *_flag_and_prompts(facts.screenings, ranks, zone),
        *_requests(facts.requests, ranks, zone),
    ]
    spreading = _spreading(facts, ranks, zone, first_day=first_day)
    if spreading is not None:
        found.append(spreading)
    found.sort(key=lambda r: (-r.rank, r.since))
    return Triage(tuple(found))


def _reason(
    code: Code, ranks: Mapping[Code, int], since: datetime, zone: tzinfo, **detail: Any
) -> Reason:
    return Reason(code, ranks[code], since=since, at=since.astimezone(zone).date(), detail=detail)


def _flag_and_prompts(
    screenings: tuple[OpenScreening, ...], ranks: Mapping[Code, int], zone: tzinfo
) -> list[Reason]:
    found: list[Reason] = []
    flags = [s for s in screenings if s.tier in FLAG_CODES]
    counted: set[int] = set()
    if flags:
        worst = max((s.tier for s in flags), key=lambda t: t.rank)
        same = [s for s in flags if s.tier is worst]
        counted = {s.id for s in same}
        causes = sorted(set().union(*(s.causes for s in same)))
        found.append(
            _reason(
                FLAG_CODES[worst],
                ranks,
                same[0].created_at,
                zone,
                count=len(same),
                causes=causes[:8],
                program=any(s.by_program for s in same),
            )
        )
    prompts = [s for s in screenings if s.by_program and s.note and s.id not in counted]
    if prompts:
        kinds = sorted(set().union(*(s.causes for s in prompts)))
        found.append(
            _reason(
                Code.PROMPT,
                ranks,
                prompts[0].created_at,
                zone,
                count=len(prompts),
                causes=kinds[:8],
            )
        )
    return found


def _requests(
    requests: tuple[WaitingRequest, ...], ranks: Mapping[Code, int], zone: tzinfo
) -> list[Reason]:
    found = []
    for code, urgent in ((Code.REQUEST_URGENT, True), (Code.REQUEST, False)):
        group = [r for r in requests if r.urgent is urgent]
        if group:
            found.append(
                _reason(
                    code,
                    ranks,
                    group[0].created_at,
                    zone,
                    count=len(group),
                    topics=sorted({r.topic for r in group}),
                    clinics=sorted({r.clinic_id for r in group}),
                )
            )
    return found


def _further(before: Extent | None, after: Extent | None) -> bool:
    return (
        before is not None
        and after is not None
        and extent_change(before, after) is ExtentChange.PERIPHERALISED
    )


def _after_review(moment: datetime, reviewed_at: datetime | None) -> bool:
    return reviewed_at is None or moment > reviewed_at


def _spreading(
    facts: TriageFacts, ranks: Mapping[Code, int], zone: tzinfo, *, first_day: date
) -> Reason | None:
    events: list[tuple[date, str, str, str]] = []  # (day, where, from, to)
    sessions: dict[Any, list[SessionCheck]] = defaultdict(list)
    for check in facts.checks:
        if check.day >= first_day and _after_review(check.started_at, facts.reviewed_at):
            sessions[check.session_id].append(check)
    for answers in sessions.values():
        for before, after in pairwise(answers):
            if _further(before.extent, after.extent):
                events.append((after.day, "session", _value(before.extent), _value(after.extent)))
    for was, now in pairwise(facts.checkins):
        if (
            now.day >= first_day
            and _after_review(now.updated_at, facts.reviewed_at)
            and _further(was.extent, now.extent)
        ):
            events.append((now.day, "checkin", _value(was.extent), _value(now.extent)))
    if not events:
        return None
    events.sort()
    first, latest = events[0], events[-1]
    return Reason(
        Code.SPREADING,
        ranks[Code.SPREADING],
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


def _value(extent: Extent | None) -> str:
    return extent.value if extent is not None else ""
