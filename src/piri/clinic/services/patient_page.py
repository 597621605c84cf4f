"""Everything the clinician's page for one patient shows, read in a fixed number of queries.

The header (clinics, local time, the safety state in force and the prompts still open), the
progress charts and "what works" (the patient's own pages' services), and the recent
records: sessions, check-ins, screenings with their answers, reviews, and the dose history
with who made each change. Each list is one query however long it is (no query per row).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from piri.accounts.models import Patient
from piri.charts import Span
from piri.domain.extent_latest import ExtentReading
from piri.domain.policy import Policy, Tier
from piri.domain.protocol import Protocol
from piri.program.dose_rows import DoseChangeRow, Doses, doses_for, item_name
from piri.program.fact_words import event_words
from piri.program.insight_views import page_context
from piri.program.models import (
    CheckIn,
    ClinicalReview,
    Prescription,
    Screening,
    StepResult,
)
from piri.program.reason_words import find_question, question_label, reason_words
from piri.program.services.checkins import trigger_label
from piri.program.services.insights import ReviewPrompt, insights_for
from piri.program.services.progress import Progress, progress_for
from piri.program.services.screening import SafetyState, safety_state
from piri.program.services.session_events import events_of

SESSIONS = 15
CHECKINS = 14
SCREENINGS = 10
REVIEWS = 10
DOSE_CHANGES = 30


@dataclass(frozen=True, slots=True)
class SessionRow:
    day: date
    started_at: datetime
    minutes: int
    completed: bool
    end_pain: int | None
    helped_most: str
    stopped: int  # steps stopped by a "worse" answer or the patient
    events: tuple[str, ...] = ()  # spreading and red pain, in words (as the history page)


@dataclass(frozen=True, slots=True)
class FlagReason:
    """One reason for a screening's tier: a question, or the program rule that raised it."""

    label: str  # "foot drop or toe/heel weakness (U1)", or what the program rule noticed
    text: str  # the question as the patient read it, or the program's note to them
    question: bool

    @property
    def short(self) -> str:
        """For a list of screenings, where the answers show each question's text."""
        if self.question or not self.text:
            return self.label
        return f"{self.label}: {self.text}" if self.label else self.text


@dataclass(frozen=True, slots=True)
class ScreeningRow:
    created_at: datetime
    kind: str
    tier: str
    tier_name: str
    reasons: tuple[FlagReason, ...]
    answers: tuple[tuple[str, str, str], ...]  # (label and id, text, answer), "yes" first


@dataclass(frozen=True, slots=True)
class PatientPage:
    patient: Patient
    local_now: datetime
    clinics: tuple[str, ...]
    safety: SafetyState
    flag_reasons: tuple[FlagReason, ...]
    prompts: tuple[ReviewPrompt, ...]
    progress: Progress
    insights: dict[str, object]
    doses: Doses  # the plan now, its next session and its changes (``dose_rows``)
    current: Prescription | None
    latest_extent: ExtentReading | None  # the latest reach, whichever kind of record
    sessions: tuple[SessionRow, ...]
    checkins: tuple[CheckIn, ...]
    screenings: tuple[ScreeningRow, ...]
    reviews: tuple[ClinicalReview, ...]

    @property
    def changes(self) -> tuple[DoseChangeRow, ...]:
        return self.doses.changes

    @property
    def review_open(self) -> bool:
        """A flag or a program prompt that only a clinician's review closes."""
        return self.safety.tier is not Tier.C or bool(self.prompts)


def person_name(user: object) -> str:
    if user is None:
        return _("the program")
    return str(user.get_full_name() or user.get_username())  # type: ignore[attr-defined]


def question_text(policy: Policy, question_id: str) -> str:
    question = find_question(policy, question_id)
    return question.text if question is not None else question_id


def flag_reasons(policy: Policy, screening: Screening) -> tuple[FlagReason, ...]:
    """The questions behind a screening's tier (label and id, and the question), in the
    policy's order; then the program rules that raised it, in words, with the program's note."""
    order = {q.id: n for n, q in enumerate(policy.triage.questions)}
    reasons = list(dict.fromkeys(str(r) for r in screening.reasons or [] if r))
    found = [
        FlagReason(question_label(q), q.text, question=True)
        for r in sorted((r for r in reasons if r in order), key=order.__getitem__)
        if (q := find_question(policy, r)) is not None
    ]
    rules = [reason_words(r, policy) for r in reasons if r not in order]
    if rules or screening.note:
        found.append(FlagReason("; ".join(rules), screening.note, question=False))
    return tuple(found)


def _answer_label(policy: Policy, question_id: str) -> str:
    question = find_question(policy, question_id)
    return question_label(question) if question is not None else question_id


def _sessions(patient: Patient, protocol: Protocol, policy: Policy) -> tuple[SessionRow, ...]:
    rows = list(
        patient.sessions.order_by("-started_at").annotate(
            stopped=Count("steps", filter=Q(steps__status=StepResult.Status.STOPPED))
        )[:SESSIONS]
    )
    events = events_of(rows, policy=policy)
    return tuple(
        SessionRow(
            day=s.local_date,
            started_at=s.started_at,
            minutes=max(0, round((s.ended_at - s.started_at).total_seconds() / 60)),
            completed=s.completed,
            end_pain=s.end_pain,
            helped_most=item_name(protocol, s.helped_most) if s.helped_most else "",
            stopped=s.stopped,
            events=tuple(event_words(e, protocol) for e in events[s.pk]),
        )
        for s in rows
    )


def _screenings(patient: Patient, policy: Policy) -> tuple[ScreeningRow, ...]:
    rows = []
    order = {q.id: n for n, q in enumerate(policy.triage.questions)}
    for s in patient.screenings.order_by("-created_at", "-id")[:SCREENINGS]:
        # a program-raised row stores no answers, only what it asks next ({"ask": ...})
        stored = {} if s.kind == Screening.Kind.PROGRAM else (s.answers or {})
        found = sorted(
            stored.items(), key=lambda qa: (qa[1] == "no", order.get(qa[0], len(order)), qa[0])
        )
        answers = [
            (_answer_label(policy, qid), question_text(policy, qid), str(a)) for qid, a in found
        ]
        rows.append(
            ScreeningRow(
                created_at=s.created_at,
                kind=str(s.get_kind_display()),
                tier=s.tier,
                tier_name=str(s.get_tier_display()),
                reasons=flag_reasons(policy, s),
                answers=tuple(answers),
            )
        )
    return tuple(rows)


def trigger_names(triggers: list[str] | None, protocol: Protocol) -> list[str]:
    return [trigger_label(protocol, trigger)[0] for trigger in triggers or []]


def patient_page(
    patient: Patient,
    *,
    protocol: Protocol,
    policy: Policy,
    span: Span,
    now: datetime,
) -> PatientPage:
    safety = safety_state(patient, policy=policy)
    flag = safety.screening
    reasons = flag_reasons(policy, flag) if flag is not None else ()
    insights = insights_for(patient, now=now, protocol=protocol)
    doses = doses_for(patient, protocol=protocol, policy=policy, now=now, changes=DOSE_CHANGES)
    progress = progress_for(patient, span=span, now=now)
    checkins = list(patient.checkins.order_by("-day")[:CHECKINS])
    for checkin in checkins:
        checkin.trigger_names = trigger_names(checkin.triggers, protocol)  # type: ignore[attr-defined]
    clinics = patient.care_links.filter(left_at__isnull=True).order_by("clinic__name")
    return PatientPage(
        patient=patient,
        local_now=now.astimezone(patient.zone),
        clinics=tuple(clinics.values_list("clinic__name", flat=True)),
        safety=safety,
        flag_reasons=reasons,
        prompts=tuple(p for p in insights.prompts if p.kind != "screening"),
        progress=progress,
        insights=page_context(insights),
        doses=doses,
        current=doses.prescription,
        latest_extent=progress.latest_extent,
        sessions=_sessions(patient, protocol, policy),
        checkins=tuple(checkins),
        screenings=_screenings(patient, policy),
        reviews=tuple(patient.reviews.select_related("reviewer").order_by("-created_at")[:REVIEWS]),
    )
