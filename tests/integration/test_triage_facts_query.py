"""The triage facts read by SQL written once (``triage_facts.gather``) are the facts the ORM
queries they replaced give, for one patient and for a chunk, on random histories: screenings
of every tier (some by the program, with and without a note), reviews between them, waiting
and answered requests, sessions with check answers either side of the window, check-ins with
and without an extent."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db.models import Exists, Max, OuterRef, Q

from piri.accounts.models import Clinic, Patient, User
from piri.clinic.models import SpecialistRequest
from piri.clinic.services.triage_facts import FLAGGED, PROGRAM, Facts, _extent, gather
from piri.clinic.triage_order import CHECKIN_LOOKBACK_DAYS
from piri.program.models import CheckAnswer, CheckIn, ClinicalReview, ExerciseSession, Screening
from piri.program.services.plans import plan_for
from piri.program.services.protocol import active_protocol

TODAY = date(2026, 3, 20)
FIRST_DAY = TODAY - timedelta(days=13)
EXTENTS = ["none", "buttock", "thigh", "below_knee", "foot", "", "gone"]


def _orm_facts(ids: list[int], first_day: date) -> dict[str, Any]:
    """The ORM queries ``gather`` made before, as plain data."""
    reviews = dict(
        ClinicalReview.objects.filter(patient_id__in=ids)
        .values("patient_id")
        .annotate(at=Max("created_at"))
        .values_list("patient_id", "at")
    )
    reviewed_after = ClinicalReview.objects.filter(
        patient_id=OuterRef("patient_id"), created_at__gte=OuterRef("created_at")
    )
    screenings = list(
        Screening.objects.filter(patient_id__in=ids)
        .filter(Q(tier__in=FLAGGED) | (Q(kind=PROGRAM) & ~Q(note="")))
        .filter(~Exists(reviewed_after))
        .order_by("created_at", "id")
        .values_list("patient_id", "id", "kind", "tier", "reasons", "note", "created_at")
    )
    requests = list(
        SpecialistRequest.objects.filter(patient_id__in=ids, status="new")
        .order_by("created_at", "id")
        .values_list("patient_id", "id", "clinic_id", "urgent", "topic", "created_at")
    )
    last = dict(
        ExerciseSession.objects.filter(patient_id__in=ids)
        .values("patient_id")
        .annotate(day=Max("local_date"))
        .values_list("patient_id", "day")
    )
    checks = list(
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
    checkins = list(
        CheckIn.objects.filter(
            patient_id__in=ids, day__gte=first_day - timedelta(days=CHECKIN_LOOKBACK_DAYS)
        )
        .exclude(extent="")
        .order_by("patient_id", "day")
        .values_list("patient_id", "day", "updated_at", "extent")
    )
    grouped: dict[str, Any] = {"reviews": reviews, "last_session": last}
    for name, rows in (
        (
            "screenings",
            [(s[0], s[1], s[2] == PROGRAM, s[3], tuple(s[4] or ()), *s[5:]) for s in screenings],
        ),
        ("requests", requests),
        ("checks", [(*c[:4], _extent(c[4])) for c in checks]),
        ("checkins", [(*c[:3], _extent(c[3])) for c in checkins]),
    ):
        by_patient = defaultdict(list)
        for row in rows:
            by_patient[row[0]].append(tuple(row[1:]))
        grouped[name] = dict(by_patient)
    return grouped


def _flat(facts: Facts) -> dict[str, Any]:
    """``gather``'s facts in the shape of :func:`_orm_facts`."""
    return {
        "reviews": dict(facts.reviews),
        "last_session": dict(facts.last_session),
        "screenings": {
            pk: [(s.id, s.by_program, s.tier.value, s.reasons, s.note, s.created_at) for s in items]
            for pk, items in facts.screenings.items()
        },
        "requests": {
            pk: [tuple(asdict(r).values()) for r in items] for pk, items in facts.requests.items()
        },
        "checks": {
            pk: [tuple(asdict(c).values()) for c in items] for pk, items in facts.checks.items()
        },
        "checkins": {
            pk: [tuple(asdict(c).values()) for c in items] for pk, items in facts.checkins.items()
        },
    }


def _history(patient: Patient, plan: Any, clinic: Clinic, doctor: User, rng: random.Random) -> None:
    def moment() -> datetime:
        day = TODAY - timedelta(days=rng.randint(0, 30))
        return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(
            minutes=rng.randint(0, 1439), microseconds=rng.choice([0, 250_000])
        )

    used: list[datetime] = []  # reviews sometimes at a screening's very moment
    for _ in range(rng.randint(0, 6)):
        kind = rng.choice(["weekly", "program"])
        used.append(moment())
        Screening.objects.create(
            patient=patient,
            kind=kind,
            tier=rng.choice("CDUE"),
            reasons=rng.choice([[], ["E1"], ["weekly_rising:2026-03-02", ""]]),
            note=rng.choice(["", "Please book a review."]),
            policy_version="1",
            created_at=used[-1],
        )
    for _ in range(rng.randint(0, 2)):
        at = rng.choice(used) if used and rng.random() < 0.5 else moment()
        ClinicalReview.objects.create(patient=patient, reviewer=doctor, note="seen", created_at=at)
    for _ in range(rng.randint(0, 3)):
        at = moment()
        SpecialistRequest.objects.create(
            patient=patient,
            clinic=clinic,
            topic=rng.choice(["symptoms", "plan"]),
            status=rng.choice(["new", "new", "answered"]),
            urgent=rng.random() < 0.5,
            created_at=at,
            updated_at=at,
        )
    for _ in range(rng.randint(0, 5)):
        started = moment()
        session = ExerciseSession.objects.create(
            patient=patient,
            plan=plan,
            client_id=uuid.uuid4(),
            started_at=started,
            ended_at=started + timedelta(minutes=12),
            local_date=started.date(),
        )
        for n in range(rng.randint(0, 4)):
            CheckAnswer.objects.create(
                session=session,
                position=n,
                step_id=f"c{n}",
                change="same",
                extent=rng.choice(EXTENTS),
            )
    for offset in rng.sample(range(0, 30), rng.randint(0, 8)):
        made = CheckIn.objects.create(
            patient=patient, day=TODAY - timedelta(days=offset), extent=rng.choice(EXTENTS)
        )
        CheckIn.objects.filter(pk=made.pk).update(updated_at=moment())


@pytest.mark.parametrize("seed", range(8))
def test_gather_gives_the_orm_queries_facts(patient: Patient, seed: int) -> None:
    rng = random.Random(seed)
    plan = plan_for(patient, protocol=active_protocol())
    clinic = Clinic.objects.create(name="Clinic")
    doctor = User.objects.create_user(username="doctor")
    patients = [patient] + [
        Patient.objects.create(user=User.objects.create_user(username=f"p{n}")) for n in range(4)
    ]
    for one in patients:
        _history(one, plan, clinic, doctor, rng)
    ids = [p.pk for p in patients]
    assert _flat(gather(ids, first_day=FIRST_DAY)) == _orm_facts(ids, FIRST_DAY)
    for pk in ids:
        assert _flat(gather([pk], first_day=FIRST_DAY)) == _orm_facts([pk], FIRST_DAY)
