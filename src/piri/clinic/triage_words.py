"""The words a clinician reads for each triage reason, with its date.

Rows store codes and numbers (``TriageRow.reasons``); the words are made here when a page
is shown, so they follow the reader's language. Written for clinicians: short, factual,
and saying what the program is doing about it. A red-flag question reads as its label from
the safety policy with its id, "foot drop or toe/heel weakness (U1)" (``reason_words``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from piri.clinic.models import SpecialistRequest
from piri.clinic.triage_order import RANKS, Code
from piri.domain.policy import Policy
from piri.program.reason_words import reasons_in_words
from piri.program.services.protocol import active_policy

REACH = {
    "none": gettext_lazy("no numbness"),
    "buttock": gettext_lazy("buttock"),
    "thigh": gettext_lazy("back of the thigh"),
    "below_knee": gettext_lazy("below the knee"),
    "foot": gettext_lazy("foot"),
}


@dataclass(frozen=True, slots=True)
class ReasonView:
    code: str
    rank: int
    words: str
    when: str  # what the date is: "since", "last session"…
    day: date | None

    @property
    def iso(self) -> str:
        return self.day.isoformat() if self.day else ""

    @property
    def day_text(self) -> str:
        return date_format(self.day, "j M Y") if self.day else ""


def _causes(detail: dict[str, Any], policy: Policy) -> str:
    """The questions (by label and id) and program rules stored as the reason's causes."""
    return "; ".join(reasons_in_words(detail.get("causes", []), policy))


def _flag(code: str, detail: dict[str, Any], policy: Policy) -> str:
    words = {
        Code.FLAG_E: _(
            "Emergency answer (tier E): Piri is locked until a clinician records a review."
        ),
        Code.FLAG_U: _(
            "Urgent answer (tier U): exercises paused until a clinician records a review."
        ),
        Code.FLAG_D: _(
            "See a doctor within days (tier D): exercises go on within the monitoring rules."
        ),
    }[Code(code)]
    causes = _causes(detail, policy)
    if causes:
        words += " " + _("Because of: %(causes)s.") % {"causes": causes}
    if detail.get("count", 1) > 1:
        words += " " + _("%(count)d screenings open.") % {"count": detail["count"]}
    return words


def _request(code: str, detail: dict[str, Any], clinic_id: int | None) -> str:
    count = int(detail.get("count", 1))
    if code == Code.REQUEST_URGENT:
        words = ngettext(
            "Urgent question waiting for an answer (sent with a red flag open).",
            "%(count)d urgent questions waiting for an answer (sent with a red flag open).",
            count,
        ) % {"count": count}
    else:
        words = ngettext(
            "Question waiting for an answer.", "%(count)d questions waiting for an answer.", count
        ) % {"count": count}
    topics = [
        str(SpecialistRequest.Topic(t).label)
        for t in detail.get("topics", [])
        if t in SpecialistRequest.Topic.values
    ]
    if topics:
        words += " " + _("Topic: %(topics)s.") % {"topics": ", ".join(topics)}
    clinics = detail.get("clinics", [])
    if clinic_id is not None and clinics and clinic_id not in clinics:
        words += " " + _("Sent to another of the patient’s clinics.")
    return words


def _spreading(detail: dict[str, Any]) -> str:
    count = int(detail.get("count", 1))
    words = ngettext(
        "Numbness or tingling spread further down the leg once in the last two weeks",
        "Numbness or tingling spread further down the leg %(count)d times in the last two weeks",
        count,
    ) % {"count": count}
    latest = detail.get("latest")
    reach = {
        "from": REACH.get(detail.get("from", ""), "?"),
        "to": REACH.get(detail.get("to", ""), "?"),
    }
    if latest:
        words += _(" (latest %(day)s: %(from)s → %(to)s).") % {
            "day": _short_date(date.fromisoformat(latest)),
            **reach,
        }
    else:
        words += "."
    return words


def _short_date(day: date) -> str:
    return date_format(day, "j M")


def describe(
    reason: dict[str, Any], *, clinic_id: int | None = None, policy: Policy | None = None
) -> ReasonView:
    """One stored reason in words. ``clinic_id``: the clinic whose dashboard shows it;
    ``policy``: the one whose labels name the questions (the active one by default)."""
    policy = policy or active_policy()
    code = reason.get("code", "")
    detail = reason.get("detail") or {}
    day = date.fromisoformat(reason["at"]) if reason.get("at") else None
    if code in (Code.FLAG_E, Code.FLAG_U, Code.FLAG_D):
        words, when = _flag(code, detail, policy), _("open since")
    elif code in (Code.REQUEST_URGENT, Code.REQUEST):
        words, when = _request(code, detail, clinic_id), _("waiting since")
    elif code == Code.SPREADING:
        words, when = _spreading(detail), _("first on")
    elif code == Code.PROMPT:
        causes = _causes(detail, policy) or _("see the notes")
        words = _("Review prompt: %(causes)s.") % {"causes": causes}
        when = _("raised on")
    else:
        words, when = _("Needs a look."), _("since")
    return ReasonView(code, int(reason.get("rank", 0)), words, when, day)


def quiet(setting: int, last_session_on: date | None, *, today: date) -> ReasonView:
    """The "no session for N days" reason (worked out when the page is read); ``setting`` is
    the clinic's number of days."""
    rank = RANKS[Code.QUIET]
    if last_session_on is None:
        words = _("No session recorded yet (listed after %(setting)d days).") % {"setting": setting}
        return ReasonView(Code.QUIET, rank, words, "", None)
    days = (today - last_session_on).days
    words = ngettext(
        "No session for %(days)d day (listed after %(setting)d).",
        "No session for %(days)d days (listed after %(setting)d).",
        days,
    ) % {"days": days, "setting": setting}
    return ReasonView(Code.QUIET, rank, words, _("last session"), last_session_on)
