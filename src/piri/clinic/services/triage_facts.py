"""What the triage rows are computed from: one chunk of patients' stored facts, read in a
fixed number of queries whatever the chunk's size, as the domain's typed facts
(``piri.domain.triage_rank`` turns them into reasons).

Reads the models directly: program services import ``triage_rows``, which imports this."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Exists, Max, OuterRef, Q

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

FLAGGED = tuple(tier.value for tier in FLAG_CODES)  # E, U, D
PROGRAM = Screening.Kind.PROGRAM.value


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
    """Six queries for the whole chunk, whatever its size."""
    facts = Facts()
    reviews = ClinicalReview.objects.filter(patient_id__in=ids)
    facts.reviews = dict(
        reviews.values("patient_id").annotate(at=Max("created_at")).values_list("patient_id", "at")
    )
    reviewed_after = ClinicalReview.objects.filter(
        patient_id=OuterRef("patient_id"), created_at__gte=OuterRef("created_at")
    )
    open_rows = (
        Screening.objects.filter(patient_id__in=ids)
        .filter(Q(tier__in=FLAGGED) | (Q(kind=PROGRAM) & ~Q(note="")))
        .filter(~Exists(reviewed_after))
        .order_by("created_at", "id")
        .values("patient_id", "id", "kind", "tier", "reasons", "note", "created_at")
    )
    for row in open_rows:
        facts.screenings[row["patient_id"]].append(
            OpenScreening(
                id=row["id"],
                tier=Tier(row["tier"]),
                created_at=row["created_at"],
                by_program=row["kind"] == PROGRAM,
                note=row["note"],
                reasons=tuple(row["reasons"] or ()),
            )
        )
    waiting = (
        SpecialistRequest.objects.filter(patient_id__in=ids, status=SpecialistRequest.Status.NEW)
        .order_by("created_at", "id")
        .values("patient_id", "id", "clinic_id", "urgent", "topic", "created_at")
    )
    for asked in waiting:
        facts.requests[asked["patient_id"]].append(
            WaitingRequest(
                id=asked["id"],
                clinic_id=asked["clinic_id"],
                urgent=asked["urgent"],
                topic=asked["topic"],
                created_at=asked["created_at"],
            )
        )
    facts.last_session = dict(
        ExerciseSession.objects.filter(patient_id__in=ids)
        .values("patient_id")
        .annotate(day=Max("local_date"))
        .values_list("patient_id", "day")
    )
    checks = (
        CheckAnswer.objects.filter(session__patient_id__in=ids, session__local_date__gte=first_day)
        .order_by("session__patient_id", "session__started_at", "session_id", "position")
        .values_list(
            "session__patient_id",
            "session_id",
            "session__local_date",
            "session__started_at",
            "extent",
        )
    )
    for patient_id, session_id, day, started_at, extent in checks:
        facts.checks[patient_id].append(SessionCheck(session_id, day, started_at, _extent(extent)))
    checkins = (
        CheckIn.objects.filter(
            patient_id__in=ids, day__gte=first_day - timedelta(days=CHECKIN_LOOKBACK_DAYS)
        )
        .exclude(extent="")
        .order_by("patient_id", "day")
        .values_list("patient_id", "day", "updated_at", "extent")
    )
    for patient_id, day, updated_at, extent in checkins:
        facts.checkins[patient_id].append(CheckinReach(day, updated_at, _extent(extent)))
    return facts
