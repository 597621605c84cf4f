"""The safety policy as data: red-flag tiers and questions, monitoring thresholds, dose rules.

A ``Policy`` is what a policy file (``piri/protocols/data/policy.yaml``) describes, after
loading and checking. Every threshold carries its ``source``: an S-number of
research.md, or ``"policy: ..."`` for a product decision a clinic may change. All
patient-facing words live here too, never in code. Everything is frozen.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from piri.domain.history import GlobalRating


class Tier(StrEnum):
    """Red-flag tier. Ordered by urgency: ``C < D < U < E``; the highest one wins."""

    C = "C"  # continue
    D = "D"  # see a doctor or physio within days
    U = "U"  # urgent care today
    E = "E"  # emergency now

    @property
    def rank(self) -> int:
        return "CDUE".index(self.value)

    def __lt__(self, other: str) -> bool:
        return self.rank < Tier(other).rank

    def __le__(self, other: str) -> bool:
        return self.rank <= Tier(other).rank

    def __gt__(self, other: str) -> bool:
        return self.rank > Tier(other).rank

    def __ge__(self, other: str) -> bool:
        return self.rank >= Tier(other).rank


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


class ExerciseStatus(StrEnum):
    """What a tier does to the exercise program."""

    ALLOWED = "allowed"  # C: the normal program
    MONITORED = "monitored"  # D: continues, only within the monitoring rules, no progression
    PAUSED = "paused"  # U: no sessions until a clinician review is recorded
    LOCKED = "locked"  # E: emergency screen, cannot be dismissed, no sessions


@dataclass(frozen=True, slots=True)
class Value:
    """A threshold and where it comes from."""

    value: int
    source: str


@dataclass(frozen=True, slots=True)
class Ratio:
    done: int
    of: int
    source: str

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.done, self.of)


@dataclass(frozen=True, slots=True)
class Escalation:
    """A "yes" that counts for a higher tier only together with another "yes"."""

    to: Tier
    with_any: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Question:
    id: str  # "E1"
    block: str  # "E" | "U" | "D": which screening sets ask it
    tier: Tier  # the tier a "yes" (or "not sure") gives on its own
    label: str  # a few words for clinicians: "foot drop or toe/heel weakness"
    text: str  # the question as the person reads it
    help: str
    source: str
    escalate: Escalation | None = None


@dataclass(frozen=True, slots=True)
class TierInfo:
    tier: Tier
    name: str
    exercises: ExerciseStatus
    locks: bool  # the program stays locked until a clinician review is recorded
    dismissible: bool  # may the person close the advice screen?
    alert_clinic: bool
    title: str
    advice: str
    source: str


@dataclass(frozen=True, slots=True)
class AgeGate:
    """First-ever episode and older than ``over`` or younger than ``under``."""

    question: str  # the question id that asks it ("D4")
    over: int
    under: int
    first_episode_only: bool
    source: str


@dataclass(frozen=True, slots=True)
class Schedule:
    """Which question blocks each screening asks."""

    onboarding: tuple[str, ...]
    before_session: tuple[str, ...]
    weekly: tuple[str, ...]
    after_worse: tuple[str, ...]
    spreading: tuple[str, ...]  # peripheralisation that persisted or came with new numbness
    weekly_every_days: Value
    source: str


@dataclass(frozen=True, slots=True)
class TriagePolicy:
    not_sure_counts_as_yes: bool  # always true: the file format accepts nothing else
    answers_source: str
    tiers: tuple[TierInfo, ...]  # C, D, U, E
    questions: tuple[Question, ...]  # in the order they are asked
    age_gate: AgeGate
    schedule: Schedule

    def tier(self, tier: Tier) -> TierInfo:
        return next(info for info in self.tiers if info.tier is tier)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def blocks(self, blocks: tuple[str, ...]) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.block in blocks)


@dataclass(frozen=True, slots=True)
class MonitoringPolicy:
    pain_green_max: Value  # <= this: green
    pain_amber_max: Value  # <= this: amber; above: red (stop, regress next time)
    next_morning_raised_by: Value  # points above baseline that count as "raised"
    baseline_days: Value  # baseline = median of the days before, over this many days
    ease_days: Value  # a raised morning eases the program this many days
    still_raised_days: Value  # still raised this many days later -> tier D prompt
    rising_weeks: Value  # weekly average pain rising this many weeks running
    week_min_checkins: Value  # a week's average needs at least this many values
    spread_persists_days: Value  # spreading still there this many days later -> U/D screen


@dataclass(frozen=True, slots=True)
class DoseLimits:
    hold_step_s: Value
    hold_cap_s: Value
    hold_floor_s: Value
    sets_step: Value
    sets_cap: Value
    sets_floor: Value
    contract_cap_s: Value  # contract-relax: the press never gets longer than this
    rounds_step: Value  # contract-relax progresses by rounds only


@dataclass(frozen=True, slots=True)
class ProgressionPolicy:
    tolerated_in_a_row: Value
    min_adherence: Ratio
    limits: DoseLimits


@dataclass(frozen=True, slots=True)
class FlareUpPolicy:
    daily_rise: Value  # average daily pain this many points above baseline ...
    rise_days: Value  # ... on this many days running (or pain stopping normal activities)
    min_days: Value  # Rest phase only for at least this many days ...
    max_days: Value  # ... and at most this many, then the last tolerated level
    settle_days: Value  # not settled after this many days -> tier D prompt
    stretch: str  # the stretch variant used during a flare-up
    keep: tuple[str, ...]  # exercises kept during a flare-up (with the massage option)
    half_hold: tuple[str, ...]  # exercises whose hold is cut during a flare-up
    hold_percent: Value
    source: str


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    first_weeks: Value
    min_drop_points: Value
    min_drop_percent: Value
    window_days: Value  # "pain now" for a review = average of the last this-many days
    final_weeks: Value
    final_min_rating: GlobalRating
    final_source: str
    worse_in_a_row: Value


@dataclass(frozen=True, slots=True)
class ChangeTexts:
    """How a dose change reads; ``{item}``, ``{old}``, ``{new}`` are filled in, then the whole
    reason is ``reason`` with ``{change}`` and ``{because}``."""

    reason: str
    hold_s: str
    sets: str
    rounds: str
    variant: str
    massage: str


@dataclass(frozen=True, slots=True)
class BecauseTexts:
    """Why it changed; joined to the change as "change: because"."""

    tolerated: str
    pain_high: str
    spread: str


@dataclass(frozen=True, slots=True)
class PromptTexts:
    spreading: str
    still_raised: str
    weekly_rising: str
    flare_not_settled: str
    review_first: str
    review_final: str
    worse_in_a_row: str


@dataclass(frozen=True, slots=True)
class NoticeTexts:
    """Temporary changes to the next session; ``{item}`` and ``{days}`` are filled in."""

    left_out: str
    easing: str
    flare_up: str


@dataclass(frozen=True, slots=True)
class InSessionTexts:
    green: str
    amber: str
    stop: str
    stop_massage: str  # spreading during massage: ease the pressure, move off the nerve line


@dataclass(frozen=True, slots=True)
class Texts:
    changes: ChangeTexts
    because: BecauseTexts
    prompts: PromptTexts
    notices: NoticeTexts
    in_session: InSessionTexts


@dataclass(frozen=True, slots=True)
class Policy:
    id: str
    version: str
    title: str
    summary: str
    triage: TriagePolicy
    monitoring: MonitoringPolicy
    progression: ProgressionPolicy
    flare_up: FlareUpPolicy
    review: ReviewPolicy
    texts: Texts
