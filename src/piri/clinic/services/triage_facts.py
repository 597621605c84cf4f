"""What the triage rows are computed from: one chunk of patients' stored facts, read in a
fixed number of queries whatever the chunk's size, as the domain's typed facts
(``piri.domain.triage_rank`` turns them into reasons).

Reads the models directly: program services import ``triage_rows``, which imports this."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

from piri.clinic.models import SpecialistRequest
from piri.clinic.triage_order import CHECKIN_LOOKBACK_DAYS
from piri.domain.plan import Extent
from piri.domain.policy import Tier
from piri.domain.triage_rank import (
    FLAG_CODES,
    CheckinReach,
    OpenScreening,
    SessionCheck,
    TriageFacts,
    WaitingRequest,
)
from piri.program.models import CheckAnswer, CheckIn, ClinicalReview, ExerciseSession, Screening
from piri.sql_rows import Values, column, once_per_connection, placeholders, table
from piri.sql_rows import field as model_field

FLAGGED = tuple(tier.value for tier in FLAG_CODES)  # E, U, D
PROGRAM = Screening.Kind.PROGRAM.value
NEW = SpecialistRequest.Status.NEW.value


@dataclass(slots=True)
class Facts:
    """What one chunk of patients has stored that bears on their rows."""

    reviews: dict[int, datetime] = field(default_factory=dict)
    screenings: dict[int, list[OpenScreening]] = field(default_factory=lambda: defaultdict(list))
    requests: dict[int, list[WaitingRequest]] = field(default_factory=lambda: defaultdict(list))
    last_session: dict[int, date] = field(default_factory=dict)
    checks: dict[int, list[SessionCheck]] = field(default_factory=lambda: defaultdict(list))
    checkins: dict[int, list[CheckinReach]] = field(default_factory=lambda: defaultdict(list))

    def of(self, patient_id: int) -> TriageFacts:
        """One patient's facts, as the domain reads them."""
        return TriageFacts(
            screenings=tuple(self.screenings.get(patient_id, ())),
            requests=tuple(self.requests.get(patient_id, ())),
            checks=tuple(self.checks.get(patient_id, ())),
            checkins=tuple(self.checkins.get(patient_id, ())),
            reviewed_at=self.reviews.get(patient_id),
        )


def _extent(value: str) -> Extent | None:
    try:
        return Extent(value)
    except ValueError:
        return None


def gather(ids: Sequence[int], *, first_day: date) -> Facts:
    """Six queries for the whole chunk, whatever its size. Their SQL is written once per
    connection and chunk size (``piri.sql_rows``): refreshing one patient's row is part of
    every stored session, check-in and screening, and building these six through the ORM
    took ten times as long as running them."""
    connection = connections[router.db_for_read(Screening)]
    sql = once_per_connection(connection, _sql, len(ids))
    ops = connection.ops
    since = ops.adapt_datefield_value(first_day)
    lookback = ops.adapt_datefield_value(first_day - timedelta(days=CHECKIN_LOOKBACK_DAYS))
    facts = Facts()
    with connection.cursor() as cursor:

        def rows(query: tuple[str, Values], *params: Any) -> list[list[Any]]:
            cursor.execute(query[0], [*ids, *params])
            return [query[1].convert(row, connection) for row in cursor.fetchall()]

        facts.reviews = {pk: at for pk, at in rows(sql.reviews)}
        for pk, id_, kind, tier, reasons, note, created_at in rows(sql.screenings):
            facts.screenings[pk].append(
                OpenScreening(
                    id=id_,
                    tier=Tier(tier),
                    created_at=created_at,
                    by_program=kind == PROGRAM,
                    note=note,
                    reasons=tuple(reasons or ()),
                )
            )
        for pk, id_, clinic_id, urgent, topic, created_at in rows(sql.requests, NEW):
            facts.requests[pk].append(WaitingRequest(id_, clinic_id, urgent, topic, created_at))
        facts.last_session = {pk: day for pk, day in rows(sql.last_session)}
        for pk, session_id, day, started_at, extent in rows(sql.checks, since):
            facts.checks[pk].append(SessionCheck(session_id, day, started_at, _extent(extent)))
        for pk, day, updated_at, extent in rows(sql.checkins, lookback):
            facts.checkins[pk].append(CheckinReach(day, updated_at, _extent(extent)))
    return facts


@dataclass(frozen=True, slots=True)
class _Queries:
    """The six queries' SQL for a chunk of one size, each with its columns' converters."""

    reviews: tuple[str, Values]
    screenings: tuple[str, Values]
    requests: tuple[str, Values]
    last_session: tuple[str, Values]
    checks: tuple[str, Values]
    checkins: tuple[str, Values]


def _sql(connection: BaseDatabaseWrapper, count: int) -> _Queries:
    def c(model: type[Model], name: str) -> str:
        return column(model, name, connection)

    def t(model: type[Model]) -> str:
        return table(model, connection)

    def values(*fields: tuple[type[Model], str]) -> Values:
        return Values.of(connection, *(model_field(model, name) for model, name in fields))

    ids = placeholders(count)
    review, screening, request = ClinicalReview, Screening, SpecialistRequest
    session, check, checkin = ExerciseSession, CheckAnswer, CheckIn
    flagged = ", ".join(f"'{tier}'" for tier in FLAGGED)
    return _Queries(
        reviews=(
            f"SELECT {c(review, 'patient')}, MAX({c(review, 'created_at')}) FROM {t(review)} "
            f"WHERE {c(review, 'patient')} IN ({ids}) GROUP BY {c(review, 'patient')}",
            values((review, "patient"), (review, "created_at")),
        ),
        screenings=(
            f"SELECT s.{c(screening, 'patient')}, s.{c(screening, 'id')}, "
            f"s.{c(screening, 'kind')}, s.{c(screening, 'tier')}, s.{c(screening, 'reasons')}, "
            f"s.{c(screening, 'note')}, s.{c(screening, 'created_at')} FROM {t(screening)} s "
            f"WHERE s.{c(screening, 'patient')} IN ({ids}) "
            f"AND (s.{c(screening, 'tier')} IN ({flagged}) "
            f"OR (s.{c(screening, 'kind')} = '{PROGRAM}' AND NOT s.{c(screening, 'note')} = '')) "
            f"AND NOT EXISTS (SELECT 1 FROM {t(review)} r "
            f"WHERE r.{c(review, 'patient')} = s.{c(screening, 'patient')} "
            f"AND r.{c(review, 'created_at')} >= s.{c(screening, 'created_at')}) "
            f"ORDER BY s.{c(screening, 'created_at')}, s.{c(screening, 'id')}",
            values(
                *((screening, f) for f in ("patient", "id", "kind", "tier", "reasons", "note")),
                (screening, "created_at"),
            ),
        ),
        requests=(
            f"SELECT {c(request, 'patient')}, {c(request, 'id')}, {c(request, 'clinic')}, "
            f"{c(request, 'urgent')}, {c(request, 'topic')}, {c(request, 'created_at')} "
            f"FROM {t(request)} WHERE {c(request, 'patient')} IN ({ids}) "
            f"AND {c(request, 'status')} = %s "
            f"ORDER BY {c(request, 'created_at')}, {c(request, 'id')}",
            values(
                *((request, f) for f in ("patient", "id", "clinic", "urgent", "topic")),
                (request, "created_at"),
            ),
        ),
        last_session=(
            f"SELECT {c(session, 'patient')}, MAX({c(session, 'local_date')}) FROM {t(session)} "
            f"WHERE {c(session, 'patient')} IN ({ids}) GROUP BY {c(session, 'patient')}",
            values((session, "patient"), (session, "local_date")),
        ),
        checks=(
            f"SELECT e.{c(session, 'patient')}, a.{c(check, 'session')}, "
            f"e.{c(session, 'local_date')}, e.{c(session, 'started_at')}, a.{c(check, 'extent')} "
            f"FROM {t(check)} a INNER JOIN {t(session)} e "
            f"ON e.{c(session, 'id')} = a.{c(check, 'session')} "
            f"WHERE e.{c(session, 'patient')} IN ({ids}) AND e.{c(session, 'local_date')} >= %s "
            f"ORDER BY e.{c(session, 'patient')}, e.{c(session, 'started_at')}, "
            f"a.{c(check, 'session')}, a.{c(check, 'position')}",
            values(
                (session, "patient"),
                (check, "session"),
                (session, "local_date"),
                (session, "started_at"),
                (check, "extent"),
            ),
        ),
        checkins=(
            f"SELECT {c(checkin, 'patient')}, {c(checkin, 'day')}, {c(checkin, 'updated_at')}, "
            f"{c(checkin, 'extent')} FROM {t(checkin)} WHERE {c(checkin, 'patient')} IN ({ids}) "
            f"AND {c(checkin, 'day')} >= %s AND NOT {c(checkin, 'extent')} = '' "
            f"ORDER BY {c(checkin, 'patient')}, {c(checkin, 'day')}",
            values(*((checkin, f) for f in ("patient", "day", "updated_at", "extent"))),
        ),
    )
