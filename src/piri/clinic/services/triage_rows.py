"""Keeping each patient's triage row (``TriageRow``) up to date.

A row holds every open reason for the clinic's attention. ``triage_facts`` reads the stored
facts, ``piri.domain.triage_rank`` works the reasons out of them, and this module stores them:

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

from collections.abc import Callable, Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from piri.accounts.models import Patient
from piri.clinic.models import TriageRow
from piri.clinic.services.triage_facts import Facts, gather
from piri.clinic.triage_order import RANKS, SPREADING_WINDOW_DAYS
from piri.domain.triage_rank import spreading_from, triage

CHUNK = 500


def build_row(
    facts: Facts, patient_id: int, zone: ZoneInfo, *, today: date, now: datetime
) -> TriageRow:
    found = triage(
        facts.of(patient_id),
        ranks=RANKS,
        window_days=SPREADING_WINDOW_DAYS,
        today=today,
        zone=zone,
    )
    return TriageRow(
        patient_id=patient_id,
        rank=found.rank,
        since=found.since,
        reasons=[r.as_json() for r in found.reasons],
        flag_tier=found.flag_tier,
        open_requests=len(facts.requests.get(patient_id, [])),
        last_session_on=facts.last_session.get(patient_id),
        updated_at=now,
    )


def _refresh_chunk(zones: dict[int, ZoneInfo], *, now: datetime) -> int:
    ids = list(zones)
    todays = {pk: now.astimezone(zone).date() for pk, zone in zones.items()}
    earliest = spreading_from(min(todays.values()), window_days=SPREADING_WINDOW_DAYS)
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


def refresh_triage(patient: Patient, *, now: datetime) -> None:
    """Recompute ``patient``'s triage row from their stored data (seven queries)."""
    _refresh_chunk({patient.pk: patient.zone}, now=now)


def refresh_all(
    patients: Iterable[Patient] | None = None,
    *,
    now: datetime,
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Rebuild the rows of ``patients`` (every patient when None), ``chunk`` at a time.
    ``progress`` is told how many rows each chunk wrote. Returns the number of rows."""
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
