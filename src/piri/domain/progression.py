"""The progression engine (spec §3-§4): history + prescription + policy -> the next doses.

``adapt`` is pure and deterministic: the same history, prescription, policy and ``today``
give the same answer, and running it again after storing its prescription changes nothing
more (a step needs new sessions at the new dose). It returns

- ``prescription``: the standing prescription with this run's dose changes (store it);
- ``next_session``: what to compile the next session from: the standing one plus this
  moment's temporary changes (items left out after spreading, a 48 h step down after a
  raised morning, or flare-up mode). Those are not standing changes, so afterwards the
  program goes back to the last tolerated level;
- ``changes``: each standing change with the one-sentence reason the patient reads;
- ``decisions`` (one per item), ``notices`` (temporary changes, in words) and ``prompts``.

Rules, per item of the standing prescription (massage option, stretch variant, strengthen
exercises):

- when the latest session of its slot had pain above amber or spreading, at the standing
  dose or at a temporary one (eased, flare-up, another massage option), the standing dose
  goes no higher than one step below the dose that hurt (that dose itself at the floor):
  each unlocked field capped, a harder stretch variant or massage option swapped for the
  easier one. A standing dose at or below that already stays. For spreading, the next
  session also leaves it out (``overlays.leave_out``: the whole stretch, every option with
  that massage tool);
- step up one step after ``tolerated_in_a_row`` (2) tolerated sessions in a row at the
  standing dose (tolerated in the session and a next-morning answer, not raised), so a dose
  that hurt is passed again only after two tolerated sessions below it; not when the latest
  was amber, adherence over the last 7 days is below 2/3, a red-flag tier of D or above is
  open, a prompt is open, or the program is eased or in a flare-up. Sessions at a temporary
  dose never count toward a step up. Missing data is not tolerated.
- a clinician-locked ``(item, field)`` (field ``sets``, ``hold_s`` or ``variant``) is never
  changed, now or temporarily. Massage options never step up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from piri.domain.adherence_span import last_days
from piri.domain.decisions import Cause, Decision, DoseChange, Engine, ItemDecision, runs
from piri.domain.flareup import Easing, FlareUp, by_day, easing, flare_up, raised_mornings
from piri.domain.history import CheckIn, RatingOfChange, SessionOutcome
from piri.domain.monitoring import left_out_next
from piri.domain.overlays import Locks, Notice, NoticeKind, items_of, leave_out, overlay
from piri.domain.policy import Policy, Tier
from piri.domain.prescription import Prescription
from piri.domain.protocol import Protocol
from piri.domain.review import Prompt, open_prompts

__all__ = [
    "Adaptation",
    "Cause",
    "Decision",
    "DoseChange",
    "History",
    "ItemDecision",
    "Locks",
    "Notice",
    "NoticeKind",
    "adapt",
]


@dataclass(frozen=True, slots=True)
class History:
    started: date  # the program's first day
    baseline_pain: int | None  # pain at onboarding (0-10), the fallback baseline
    sessions: tuple[SessionOutcome, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    ratings: tuple[RatingOfChange, ...] = ()


@dataclass(frozen=True, slots=True)
class Adaptation:
    prescription: Prescription
    next_session: Prescription
    changes: tuple[DoseChange, ...]
    decisions: tuple[ItemDecision, ...]
    left_out: frozenset[str]
    easing: Easing | None
    flare_up: FlareUp | None
    notices: tuple[Notice, ...]
    prompts: tuple[Prompt, ...]


def adapt(
    history: History,
    *,
    prescription: Prescription,
    protocol: Protocol,
    policy: Policy,
    today: date,
    weekly_target: int,
    tier: Tier = Tier.C,
    locked: Locks = frozenset(),
    handled: frozenset[str] = frozenset(),
    massage_at_hand: frozenset[str] | None = None,
) -> Adaptation:
    """Adapt the program after what happened up to ``today``. ``tier``: the highest red-flag
    tier still open (no clinician review yet); ``handled``: keys of prompts already dealt
    with (they are not returned again and do not hold progression); ``massage_at_hand``:
    the massage options this patient can use (``None``: every one)."""
    sessions = sorted((s for s in history.sessions if s.day <= today), key=_order)
    days = by_day(history.checkins, today=today)
    raised = raised_mornings(days, policy=policy, baseline_pain=history.baseline_pain)
    eased = easing(raised, today=today, policy=policy)
    flare = flare_up(days, today=today, policy=policy, baseline_pain=history.baseline_pain)
    prompts = tuple(
        p
        for p in open_prompts(
            sessions,
            history.checkins,
            history.ratings,
            started=history.started,
            baseline_pain=history.baseline_pain,
            raised=raised,
            flare=flare,
            today=today,
            policy=policy,
        )
        if p.key not in handled
    )
    blocker = _blocker(
        sessions,
        tier=tier,
        prompts=prompts,
        eased=eased is not None or bool(flare and flare.active),
        today=today,
        weekly_target=weekly_target,
        policy=policy,
    )
    engine = Engine(protocol, policy, locked, massage_at_hand)
    standing = prescription
    for item in items_of(protocol, prescription):
        item_runs = runs(item, sessions, raised, protocol=protocol, policy=policy)
        standing = engine.decide(item, item_runs, standing, blocker)
    spread = left_out_next(sessions[-1], policy=policy) if sessions else frozenset()
    left_out = leave_out(spread, protocol)
    next_session, notices = overlay(
        standing,
        protocol=protocol,
        policy=policy,
        locked=locked,
        left_out=left_out,
        eased=eased,
        flare=flare,
        today=today,
        at_hand=massage_at_hand,
    )
    return Adaptation(
        prescription=standing,
        next_session=next_session,
        changes=tuple(engine.changes),
        decisions=tuple(engine.decisions),
        left_out=left_out,
        easing=eased,
        flare_up=flare,
        notices=notices,
        prompts=prompts,
    )


def _order(session: SessionOutcome) -> tuple[date, int]:
    return session.day, session.order


def _blocker(
    sessions: Sequence[SessionOutcome],
    *,
    tier: Tier,
    prompts: tuple[Prompt, ...],
    eased: bool,
    today: date,
    weekly_target: int,
    policy: Policy,
) -> str | None:
    """Why nothing may step up now, or ``None``."""
    if tier >= Tier.D:
        return "flag"
    if prompts:
        return "prompt"
    if eased:
        return "eased"
    if weekly_target < 1:
        raise ValueError("weekly_target must be at least 1")
    # the one adherence definition, over a whole week: this gate is not cut short at the
    # program's start (spec §4), so the first days hold until 2/3 of a week's aim are done
    week = last_days([s.day for s in sessions], today=today, days=7, target=weekly_target)
    if week is not None and (
        Fraction(week.counted, week.planned) < policy.progression.min_adherence.fraction
    ):
        return "adherence"
    return None
