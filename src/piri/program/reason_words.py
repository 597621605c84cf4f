"""Why a screening has its tier, in a clinician's words (clinic pages, request summaries, report).

A screening stores the ids of the red-flag questions behind its tier ("U1"); a flag or prompt
the program raised stores its rule's key ("weekly_rising:2026-01-05"). A question reads as its
``label`` from the safety policy with its id ("foot drop or toe/heel weakness (U1)"), a program
rule as what it noticed. An id the policy does not have (an older policy's) is shown as stored.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from piri.domain.policy import Policy, Question

# Review prompts by kind (``piri.domain.review.PromptKind``), as a clinician reads them.
PROMPTS = {
    "spreading": gettext_lazy("spreading that lasted; the U and D questions were asked"),
    "still_raised": gettext_lazy("morning pain still raised after two days"),
    "weekly_rising": gettext_lazy("weekly average pain up two weeks running"),
    "flare_not_settled": gettext_lazy("flare-up not settled within a week"),
    "review_first": gettext_lazy("6-week review: pain not down by 2 points or 30 %"),
    "review_final": gettext_lazy("12-week review: not “much better”"),
    "worse_in_a_row": gettext_lazy("“worse” at two weekly check-ins running"),
}


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
    return str(PROMPTS.get(reason.split(":", 1)[0], reason))


def reasons_in_words(reasons: Iterable[object], policy: Policy) -> list[str]:
    """Stored reasons in words, once each: the questions in the policy's order, then the rest
    as they were stored."""
    order = {q.id: n for n, q in enumerate(policy.triage.questions)}
    unique = list(dict.fromkeys(str(r) for r in reasons if r))
    unique.sort(key=lambda r: order.get(r, len(order)))  # stable: the rest keep their order
    return [reason_words(r, policy) for r in unique]
