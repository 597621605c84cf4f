"""The red-flag tier read in one query written once (``open_flags``) is the tier the ORM
definition gives: the highest tier among screenings after the last clinical review, the
newest screening of that tier standing for it. Random histories of screenings and reviews,
ties in time included."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piri.accounts.models import Patient, User
from piri.domain.policy import Tier
from piri.program.models import ClinicalReview, Screening
from piri.program.services.protocol import active_policy
from piri.program.services.screening import open_flags, safety_state

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
EVENTS = st.lists(
    st.tuples(
        st.sampled_from(["C", "D", "U", "E", "review"]),
        st.integers(min_value=0, max_value=20),  # minutes after START: ties happen
        st.sampled_from([0, 500_000]),  # with and without microseconds
    ),
    max_size=12,
)


def _orm_tier(patient: Patient) -> tuple[Tier, datetime | None]:
    """The definition as the ORM wrote it before ``open_flags``."""
    last_review = patient.reviews.aggregate(at=Max("created_at"))["at"]
    flags = patient.screenings.exclude(tier=Tier.C.value)
    if last_review is not None:
        flags = flags.filter(created_at__gt=last_review)
    worst = None
    for screening in flags.order_by("-created_at"):
        if worst is None or Tier(screening.tier) > Tier(worst.tier):
            worst = screening
    return (Tier(worst.tier), worst.created_at) if worst else (Tier.C, None)


@pytest.fixture
def people(db: None) -> tuple[Patient, User]:
    patient = Patient.objects.create(user=User.objects.create_user(username="pat"))
    return patient, User.objects.create_user(username="doc")


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(events=EVENTS)
def test_the_tier_is_the_orm_definitions(people: tuple[Patient, User], events: list) -> None:
    patient, clinician = people
    Screening.objects.filter(patient=patient).delete()
    ClinicalReview.objects.filter(patient=patient).delete()
    for what, minutes, micro in events:
        at = START + timedelta(minutes=minutes, microseconds=micro)
        if what == "review":
            ClinicalReview.objects.create(
                patient=patient, reviewer=clinician, note="x", created_at=at
            )
        else:
            Screening.objects.create(
                patient=patient, kind="weekly", tier=what, policy_version="1", created_at=at
            )
    state = safety_state(patient, policy=active_policy())
    worst = state.screening
    assert (state.tier, worst.created_at if worst else None) == _orm_tier(patient)


def test_open_flags_are_whole_screenings_in_one_query(people: tuple[Patient, User]) -> None:
    patient, _ = people
    stored = Screening.objects.create(
        patient=patient,
        kind="weekly",
        tier="U",
        answers={"U1": "yes", "E1": "no"},
        reasons=["U1"],
        note="a note",
        policy_version="7",
        created_at=START,
    )
    with CaptureQueriesContext(connection) as queries:
        (found,) = open_flags(patient)
    assert len(queries) == 1
    fields = [f.attname for f in Screening._meta.concrete_fields]
    assert {f: getattr(found, f) for f in fields} == {f: getattr(stored, f) for f in fields}
