"""One check-in per day, one answer per instrument per week: the first save creates the row
and says so, a later one (or one that lost a race to create it) changes that row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db.models import Model, QuerySet

from piri.accounts.models import Patient
from piri.program.models import CheckIn, MeasureResponse
from piri.program.services.checkins import record_checkin
from piri.program.services.history import local_today
from piri.program.services.measures import record_measure
from piri.program.services.protocol import active_protocol

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 5, 10, 0, tzinfo=UTC)


@contextmanager
def first_lookup_misses(monkeypatch: pytest.MonkeyPatch, model: type[Model]) -> Iterator[None]:
    """The race, in order: this request looks the row up and finds nothing, another request
    stores it (already done by the caller), then this one's insert meets the constraint."""
    real = QuerySet.get
    missed: list[bool] = []

    def get(self: QuerySet[Any], *args: Any, **kwargs: Any) -> Any:
        if self.model is model and not missed:
            missed.append(True)
            raise model.DoesNotExist  # type: ignore[attr-defined]
        return real(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(QuerySet, "get", get)
        yield
    assert missed, "the service never looked the row up"


def checkin(patient: Patient, **answers: Any) -> tuple[CheckIn, bool]:
    day = local_today(patient, now=NOW)
    return record_checkin(patient, day=day, protocol=active_protocol(), now=NOW, **answers)


def test_two_check_ins_on_one_day_make_one_row_and_only_the_first_creates(
    patient: Patient,
) -> None:
    first, created = checkin(patient, pain_now=4, sitting_minutes=35)
    again, created_again = checkin(patient, pain_now=5)
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert list(patient.checkins.values_list("pain_now", "sitting_minutes")) == [(5, 35)]


def test_a_check_in_that_loses_the_race_changes_the_winner_s_row(
    patient: Patient, monkeypatch: pytest.MonkeyPatch
) -> None:
    winner, _ = checkin(patient, pain_now=2, sitting_minutes=20)
    with first_lookup_misses(monkeypatch, CheckIn):
        row, created = checkin(patient, pain_now=5)
    assert created is False and row.pk == winner.pk
    assert list(patient.checkins.values_list("pain_now", "sitting_minutes")) == [(5, 20)]


def test_two_answers_in_one_week_make_one_row_and_only_the_first_creates(
    patient: Patient,
) -> None:
    first, created = record_measure(patient, "nprs", {"pain_now": 6}, now=NOW)
    again, created_again = record_measure(patient, "nprs", {"pain_now": 3}, now=NOW)
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert MeasureResponse.objects.get(patient=patient).answers["pain_now"] == 3


def test_an_answer_that_loses_the_race_replaces_the_winner_s(
    patient: Patient, monkeypatch: pytest.MonkeyPatch
) -> None:
    winner, _ = record_measure(patient, "nprs", {"pain_now": 6}, now=NOW)
    with first_lookup_misses(monkeypatch, MeasureResponse):
        row, created = record_measure(patient, "nprs", {"pain_now": 3}, now=NOW)
    assert created is False and row.pk == winner.pk
    assert MeasureResponse.objects.get(patient=patient).answers["pain_now"] == 3
