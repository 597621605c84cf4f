"""The triage dashboard: a clinic's patients, those needing attention first.

Reads the precomputed ``TriageRow`` of each patient with an open care link to the clinic.
"No session for N days" (the clinic's ``quiet_days``) is worked out in SQL from the row's
last session day and the clinic's today, so a page costs the same few queries whatever the
number of patients: one for the filter counts, one for the page's count, one for the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from piri.accounts.models import Clinic, Patient
from piri.clinic.triage_order import RANKS, Code
from piri.clinic.triage_words import ReasonView, describe, quiet
from piri.domain.policy import Policy
from piri.program.services.protocol import active_policy

PER_PAGE = 25
SEARCH_MAX = 100
SEARCH_WORDS_MAX = 5


class Show(StrEnum):
    ATTENTION = "attention"
    FLAGS = "flags"
    REQUESTS = "requests"
    QUIET = "quiet"
    ALL = "all"

    @property
    def label(self) -> str:
        return str(LABELS[self])


LABELS = {
    Show.ATTENTION: _("Needs attention"),
    Show.FLAGS: _("Red flags"),
    Show.REQUESTS: _("Requests"),
    Show.QUIET: _("Quiet"),
    Show.ALL: _("All"),
}
TIER_LABELS = {
    "E": _("Emergency"),
    "U": _("Urgent"),
    "D": _("See a doctor"),
}


def staff_clinics(user: Any) -> list[Clinic]:
    """The clinics ``user`` works in now (an open membership), by name."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Clinic.objects.filter(staff__user=user, staff__ended_at__isnull=True)
        .order_by("name", "pk")
        .distinct()
    )


def clinic_zone() -> ZoneInfo:
    """A clinic has no time zone of its own: it uses the deployment's default zone."""
    return ZoneInfo(str(settings.PIRI_DEFAULT_TIME_ZONE))


def clinic_today(*, now: datetime) -> date:
    return now.astimezone(clinic_zone()).date()


def _quiet_q(clinic: Clinic, today: date) -> Q:
    """No session on the last ``quiet_days`` days; without any session, signed up before."""
    last_ok = today - timedelta(days=clinic.quiet_days)
    start = datetime.combine(last_ok + timedelta(days=1), time.min, tzinfo=clinic_zone())
    return Q(triage__last_session_on__lte=last_ok) | Q(
        triage__last_session_on__isnull=True, created_at__lt=start
    )


def _search_q(search: str) -> Q:
    found = Q()
    for word in search.split()[:SEARCH_WORDS_MAX]:
        found &= (
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__username__icontains=word)
        )
    return found


def _show_q(show: Show, quiet_q: Q) -> Q:
    """Who a list shows. A patient who left Piri (decision 0017) needs no action: they are
    only in "All", marked as left."""
    here = Q(left_at__isnull=True)
    return {
        Show.ATTENTION: here & (Q(triage__rank__gt=0) | quiet_q),
        Show.FLAGS: here & Q(triage__flag_tier__in=("E", "U", "D")),
        Show.REQUESTS: here & Q(triage__open_requests__gt=0),
        Show.QUIET: here & quiet_q,
        Show.ALL: Q(),
    }[show]


def clinic_patients(clinic: Clinic, *, today: date, search: str = "") -> QuerySet[Patient]:
    """The clinic's current patients (matching ``search``), each with ``urgency``: the rank
    of the most urgent open reason, quiet included."""
    quiet_q = _quiet_q(clinic, today)
    return (
        Patient.objects.filter(care_links__clinic=clinic, care_links__left_at__isnull=True)
        .filter(_search_q(search))
        .annotate(
            urgency=Case(
                When(left_at__isnull=False, then=Value(0)),
                When(triage__rank__gt=0, then=F("triage__rank")),
                When(quiet_q, then=Value(RANKS[Code.QUIET])),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
    )


class CountedPaginator(Paginator):
    """A paginator told its count (the filter counts already hold it: one query fewer)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


@dataclass(frozen=True, slots=True)
class Row:
    patient_id: int
    name: str
    tier: str  # "E", "U", "D" or ""
    tier_label: str
    reasons: list[ReasonView]
    left_on: date | None = None  # the patient deleted their account (shown by pseudonym)


@dataclass(frozen=True, slots=True)
class Dashboard:
    clinic: Clinic
    show: Show
    search: str
    counts: dict[Show, int]
    page: Page[Any]
    rows: list[Row]
    today: date


def _row(patient: Any, clinic: Clinic, today: date, policy: Policy) -> Row:
    if patient.left_at is not None:
        left_on = patient.left_at.astimezone(clinic_zone()).date()
        return Row(patient.pk, str(patient), "", "", [], left_on=left_on)
    triage = getattr(patient, "triage", None)
    stored = triage.reasons if triage is not None else []
    reasons = [
        describe(r, clinic_id=clinic.pk, policy=policy) for r in stored if isinstance(r, dict)
    ]
    if patient.is_quiet:
        last = triage.last_session_on if triage is not None else None
        reasons.append(quiet(clinic.quiet_days, last, today=today))
    tier = triage.flag_tier if triage is not None else ""
    return Row(patient.pk, str(patient), tier, str(TIER_LABELS.get(tier, "")), reasons)


def triage_page(
    clinic: Clinic,
    *,
    show: Show = Show.ATTENTION,
    search: str = "",
    page: int = 1,
    today: date,
    policy: Policy | None = None,
) -> Dashboard:
    """One page of the dashboard: three queries, whatever the number of patients (the
    counts; the page's ids, sorted over narrow rows; those patients with their rows).
    ``today``: the clinic's today (``clinic_today``). ``policy`` names the red-flag questions
    (the active one, loaded once a process)."""
    policy = policy or active_policy()
    patients = clinic_patients(clinic, today=today, search=search)
    quiet_q = _quiet_q(clinic, today)
    counts = patients.aggregate(**{s.value: Count("pk", filter=_show_q(s, quiet_q)) for s in Show})
    chosen = (
        patients.filter(_show_q(show, quiet_q))
        .order_by(
            F("urgency").desc(),
            F("triage__since").asc(nulls_last=True),
            F("triage__last_session_on").asc(nulls_first=True),
            "pk",
        )
        .values_list("pk", flat=True)
    )
    paginator = CountedPaginator(chosen, PER_PAGE, count=counts[show.value])
    shown = paginator.get_page(page)
    ids = list(shown.object_list)
    found = {
        p.pk: p
        for p in (
            Patient.objects.filter(pk__in=ids)
            .select_related("user", "triage")
            .annotate(is_quiet=Case(When(quiet_q, then=Value(1)), default=Value(0)))
            if ids
            else []
        )
    }
    return Dashboard(
        clinic=clinic,
        show=show,
        search=search,
        counts={s: counts[s.value] for s in Show},
        page=shown,
        rows=[_row(found[pk], clinic, today, policy) for pk in ids if pk in found],
        today=today,
    )
