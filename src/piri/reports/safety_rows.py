"""Red flags for the report: every screening or program prompt above "continue", why it was
raised, and what became of it (the first clinician review after it, or still open). A question
reads as its label and id, then its text ("past cancer (D1): Have you ever ..."), so the label
survives when the PDF shortens a long question."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from piri.accounts.models import Patient
from piri.domain.policy import Policy, Tier
from piri.program.models import ClinicalReview, Screening
from piri.program.reason_words import find_question, question_label, reason_words


@dataclass(frozen=True, slots=True)
class FlagRow:
    raised_at: datetime
    kind: str  # how it was raised, in words
    tier: str  # "E", "U" or "D"
    tier_name: str
    reasons: tuple[str, ...]
    reviewed_by: str | None  # None: no review since
    reviewed_at: datetime | None
    review_note: str

    @property
    def open(self) -> bool:
        return self.reviewed_at is None


@dataclass(frozen=True, slots=True)
class Flags:
    rows: tuple[FlagRow, ...]  # newest first, at most the limit asked for
    total: int
    open: int  # flags no review has followed

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _reasons(screening: Screening, policy: Policy) -> tuple[str, ...]:
    found: list[str] = []
    rules: list[str] = []
    for reason in screening.reasons or []:
        question = find_question(policy, str(reason))
        if question is None:
            rules.append(reason_words(str(reason), policy))
        else:
            found.append(f"{question_label(question)}: {question.text}")
    if screening.note:
        found.append(screening.note)
    else:
        found += rules  # a program rule's note says it best; without one, its words
    return tuple(found) or (_("no reason recorded"),)


def reviewer_name(review: ClinicalReview) -> str:
    person = review.reviewer
    return person.get_full_name() or person.get_username()


def flags_for(patient: Patient, *, policy: Policy, limit: int = 10) -> Flags:
    """Screenings above "continue", newest first, with the review that followed each one."""
    reviews = list(patient.reviews.select_related("reviewer").order_by("created_at", "id"))
    review_times = [r.created_at for r in reviews]
    raised = patient.screenings.exclude(tier=Tier.C.value).order_by("-created_at", "-id")
    total = raised.count()
    rows = []
    for screening in raised[:limit]:
        after = bisect_right(review_times, screening.created_at)
        review = reviews[after] if after < len(reviews) else None
        rows.append(
            FlagRow(
                raised_at=screening.created_at,
                kind=str(screening.get_kind_display()),
                tier=screening.tier,
                tier_name=str(screening.get_tier_display()),
                reasons=_reasons(screening, policy),
                reviewed_by=reviewer_name(review) if review else None,
                reviewed_at=review.created_at if review else None,
                review_note=review.note if review else "",
            )
        )
    reviewed_before = review_times[-1] if review_times else None
    open_count = (
        raised.filter(created_at__gt=reviewed_before).count()
        if reviewed_before is not None
        else total
    )
    return Flags(rows=tuple(rows), total=total, open=open_count)
