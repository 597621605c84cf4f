"""Why a screening has its tier, in a clinician's words (clinic pages, request summaries, report).

A screening stores the ids of the red-flag questions behind its tier ("U1"); a flag or prompt
the program raised stores its rule's key ("weekly_rising:2026-01-05"). A question reads as its
``label`` from the safety policy with its id ("foot drop or toe/heel weakness (U1)"), a program
rule as what it noticed, its numbers (weeks, days, points, ...) filled in from the same
policy, so a clinic that changes a threshold reads its own. An id the policy does not have (an
older policy's) is shown as stored.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from piri.domain.policy import Policy, Question

# Global ratings of change (``piri.domain.history.GlobalRating``) as a clinician reads them.
RATINGS = {
    "very_much_worse": gettext_lazy("very much worse"),
    "much_worse": gettext_lazy("much worse"),
    "a_little_worse": gettext_lazy("a little worse"),
    "same": gettext_lazy("about the same"),
    "a_little_better": gettext_lazy("a little better"),
    "much_better": gettext_lazy("much better"),
    "very_much_better": gettext_lazy("very much better"),
}


def prompt_words(kind: str, policy: Policy) -> str | None:
    """A review prompt by kind (``piri.domain.review.PromptKind``), as a clinician reads it,
    with the thresholds of ``policy``: "6-week review: pain not down by 2 points or 30 %"."""
    m, r = policy.monitoring, policy.review
    if kind == "spreading":
        days = m.spread_persists_days.value
        return ngettext(
            "spreading still there after %(days)d day; the %(blocks)s questions were asked",
            "spreading still there after %(days)d days; the %(blocks)s questions were asked",
            days,
        ) % {"days": days, "blocks": "/".join(policy.triage.schedule.spreading)}
    if kind == "still_raised":
        days = m.still_raised_days.value
        return ngettext(
            "morning pain still raised after %(days)d day",
            "morning pain still raised after %(days)d days",
            days,
        ) % {"days": days}
    if kind == "weekly_rising":
        weeks = m.rising_weeks.value
        return ngettext(
            "weekly average pain up %(weeks)d week running",
            "weekly average pain up %(weeks)d weeks running",
            weeks,
        ) % {"weeks": weeks}
    if kind == "flare_not_settled":
        days = policy.flare_up.settle_days.value
        return ngettext(
            "flare-up not settled within %(days)d day",
            "flare-up not settled within %(days)d days",
            days,
        ) % {"days": days}
    if kind == "review_first":
        points = r.min_drop_points.value
        return ngettext(
            "%(weeks)d-week review: pain not down by %(points)d point or %(percent)d %%",
            "%(weeks)d-week review: pain not down by %(points)d points or %(percent)d %%",
            points,
        ) % {"weeks": r.first_weeks.value, "points": points, "percent": r.min_drop_percent.value}
    if kind == "review_final":
        rating = RATINGS.get(r.final_min_rating.value, r.final_min_rating.value)
        return _("%(weeks)d-week review: not “%(rating)s”") % {
            "weeks": r.final_weeks.value,
            "rating": rating,
        }
    if kind == "worse_in_a_row":
        count = r.worse_in_a_row.value
        return ngettext(
            "“worse” at %(count)d weekly check-in running",
            "“worse” at %(count)d weekly check-ins running",
            count,
        ) % {"count": count}
    return None


def question_label(question: Question) -> str:
    """A question as clinicians read it: "foot drop or toe/heel weakness (U1)"."""
    return _("%(label)s (%(id)s)") % {"label": question.label, "id": question.id}


def find_question(policy: Policy, reason: str) -> Question | None:
    try:
        return policy.triage.question(reason)
    except KeyError:
        return None


def reason_words(reason: str, policy: Policy) -> str:
    """One stored reason: a question id, or a program rule's key (with or without its date)."""
    question = find_question(policy, reason)
    if question is not None:
        return question_label(question)
    return prompt_words(reason.split(":", 1)[0], policy) or reason


def reasons_in_words(reasons: Iterable[object], policy: Policy) -> list[str]:
    """Stored reasons in words, once each: the questions in the policy's order, then the rest
    as they were stored."""
    order = {q.id: n for n, q in enumerate(policy.triage.questions)}
    unique = list(dict.fromkeys(str(r) for r in reasons if r))
    unique.sort(key=lambda r: order.get(r, len(order)))  # stable: the rest keep their order
    return [reason_words(r, policy) for r in unique]
