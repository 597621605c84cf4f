"""The exercise program as data: phases, massage options, exercises, checks, triggers, education.

A ``Protocol`` is what a protocol file (``piri/protocols/data/rss.yaml``) describes, after
loading and checking. Patient-facing text may hold ``{side}`` and ``{other_side}`` placeholders;
the plan compiler fills them with "left" / "right" for the side being worked. The switch-sides
words before an exercise done lying on one side (``lie_on``) also hold ``{lie_side}``: the
side to lie on (``lying_side`` turns it into ``{side}`` or ``{other_side}``).
Each exercise and massage option has a ``Figure``: key poses of a drawn body (joint angles
in a side-view picture, see ``piri.charts.figure``) that the player and the how-to pages show.
Every object here is frozen and made of tuples, so a protocol can be shared and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from piri.domain.plan import BranchAction

PhaseId = Literal["rest", "stretch", "strengthen"]
Tool = Literal["fingers", "foam_roller", "tennis_ball", "massage_gun"]
Position = Literal["floor", "chair"]
Style = Literal["contract_relax", "hold"]
LieOn = Literal["side", "other_side"]  # lying on the worked side, or on the other one
Prop = Literal["floor", "chair", "foam_roller", "ball", "massage_gun"]
FeelAt = Literal["buttock", "hip_side"]  # where the figure's highlight sits on the pelvis
PoseName = Literal["start", "press", "relax", "hold", "massage", "massage_to"]
POSE_NAMES: tuple[PoseName, ...] = ("start", "press", "relax", "hold", "massage", "massage_to")

PLACEHOLDERS = frozenset({"side", "other_side"})
LIE_SIDE = "lie_side"  # only in ``prompts.switch_sides_lying``


def fill_sides(text: str, side: str | None) -> str:
    """Put the worked side and the other side into ``{side}`` / ``{other_side}``."""
    if side is None:
        return text
    other = "right" if side == "left" else "left"
    return text.replace("{side}", side).replace("{other_side}", other)


@dataclass(frozen=True, slots=True)
class PhaseInfo:
    id: PhaseId
    name: str
    purpose: str  # one line: why this phase is in the program


@dataclass(frozen=True, slots=True)
class TimingValue:
    """A duration the article does not give: a product policy, with the reason for it."""

    value: int
    source: str


@dataclass(frozen=True, slots=True)
class Timing:
    get_ready: TimingValue  # the 3-2-1 countdown before each hold
    setup: TimingValue  # getting into position, with the instructions read out
    relax: TimingValue  # contract-relax: let go and draw further after each press
    rest: TimingValue  # between rounds or sets
    switch_sides: TimingValue
    check: TimingValue  # a guide for answering a symptom check
    finish: TimingValue
    warn_before_end: TimingValue  # "five seconds left" this many seconds before a hold ends
    warn_min_hold: TimingValue  # only holds at least this long get that warning


@dataclass(frozen=True, slots=True)
class Say:
    """Something the player shows (``title``, ``text``) and speaks (``cue``)."""

    title: str
    cue: str
    text: str = ""
    feel: str = ""


def lying_side(say: Say, lie_on: LieOn) -> Say:
    """``say`` with ``{lie_side}`` put as the side to lie on: ``{side}`` or ``{other_side}``."""
    token = "{" + lie_on + "}"

    def put(text: str) -> str:
        return text.replace("{" + LIE_SIDE + "}", token)

    return Say(put(say.title), put(say.cue), put(say.text), put(say.feel))


@dataclass(frozen=True, slots=True)
class BranchSpec:
    action: BranchAction
    cue: str


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A one-tap symptom check: numbness/tingling less / same / more, and how far down."""

    title: str
    cue: str
    text: str = ""
    ask_pain: bool = False
    on_worse: BranchSpec | None = None
    on_spread: BranchSpec | None = None


@dataclass(frozen=True, slots=True)
class Checks:
    start: CheckSpec  # the baseline before anything else
    during_massage: CheckSpec
    after_massage: CheckSpec  # "have the tender spots faded?"
    after_stretch: CheckSpec
    after_strengthen: CheckSpec


@dataclass(frozen=True, slots=True)
class Prompts:
    """The player's general words: countdown, rest, switching sides, carrying on, finishing."""

    get_ready: Say
    countdown: tuple[str, ...]  # spoken one a second at the end of the get-ready step
    rest: Say
    warn_before_end: str  # "Five seconds left."
    switch_sides: Say
    massage_continue: Say
    finish: Say
    switch_sides_lying: Say | None = None  # before an exercise done lying on one side


@dataclass(frozen=True, slots=True)
class Pose:
    """One key pose of a figure: where the hip is and every joint's angle, in degrees.

    The picture shows the right side being worked (the left side is the same picture
    mirrored); ``x``/``y`` place the hip joint in picture units, ``y`` up from the floor.
    ``trunk`` is the trunk's direction (counter-clockwise from pointing right: 90 is upright,
    180 lying with the head to the left); every other angle is relative to the segment it
    hangs from (docs/protocol-format.md, "figure"). Unprefixed joints are the worked side's,
    ``other_*`` the other side's; ``*_turn`` tilts a leg segment out of the picture.
    """

    name: PoseName
    x: int
    y: int
    trunk: int
    neck: int
    shoulder: int
    elbow: int
    hip: int
    knee: int
    ankle: int
    thigh_turn: int
    shin_turn: int
    other_shoulder: int
    other_elbow: int
    other_hip: int
    other_knee: int
    other_ankle: int
    other_thigh_turn: int
    other_shin_turn: int


# Every field of a pose but its name: what a key pose sets and an animation moves.
POSE_FIELDS: tuple[str, ...] = tuple(f for f in Pose.__dataclass_fields__ if f != "name")


@dataclass(frozen=True, slots=True)
class Figure:
    """An exercise's or massage option's demonstration, drawn from key poses."""

    alt: str  # the text alternative: what the picture shows (may hold {side}, {other_side})
    props: tuple[Prop, ...]  # drawn behind (floor, chair, roller, ball) or in the hand (gun)
    feel_at: FeelAt  # the highlighted body part: where the person should feel it
    label_x: int  # where the highlight's text label sits (picture units, y up)
    label_y: int
    poses: tuple[Pose, ...]  # ``start`` first

    def pose(self, name: str) -> Pose:
        for pose in self.poses:
            if pose.name == name:
                return pose
        raise KeyError(name)

    @property
    def pose_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.poses)


@dataclass(frozen=True, slots=True)
class MassageOption:
    id: str
    name: str
    tool: Tool
    needs_floor: bool
    duration_s: int  # per side
    setup: str  # how to get into position
    cue: str  # spoken when the massage starts
    text: str  # how to massage
    feel: str
    dose_source: str
    caution: str | None = None
    figure: Figure | None = None  # the demonstration; every option in a protocol file has one


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    name: str
    phase: Literal["stretch", "strengthen"]
    position: Position
    style: Style  # contract_relax: press then relax-and-deepen; hold: a held contraction
    one_sided: bool
    setup: str  # get into position (shown and spoken)
    feel: str  # what to feel once in position
    hold: Say  # the press / hold itself
    sets: int  # rounds for contract-relax, sets for holds
    hold_s: int
    dose_source: str
    relax: Say | None = None  # contract_relax only: let go and draw further
    caution: str | None = None
    next_easier: str | None = None  # id of the easier exercise to step down to
    figure: Figure | None = None  # the demonstration; every exercise in a protocol file has one
    lie_on: LieOn | None = None  # done lying on one side: the worked side or the other one


@dataclass(frozen=True, slots=True)
class Trigger:
    id: str
    name: str
    advice: str
    source: str = ""


@dataclass(frozen=True, slots=True)
class EducationSection:
    id: str
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class Protocol:
    id: str
    version: str
    title: str
    summary: str
    source: str  # where the program comes from
    weekly_target_default: int
    phases: tuple[PhaseInfo, ...]
    timing: Timing
    prompts: Prompts
    checks: Checks
    massage_options: tuple[MassageOption, ...]  # easiest first
    exercises: tuple[Exercise, ...]  # in session order
    stretch_variants: tuple[str, ...]  # exercise ids; a session does one of them
    triggers: tuple[Trigger, ...]
    education: tuple[EducationSection, ...]

    def exercise(self, exercise_id: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        raise KeyError(exercise_id)

    def massage_option(self, option_id: str) -> MassageOption:
        for option in self.massage_options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)

    def trigger(self, trigger_id: str) -> Trigger:
        for trigger in self.triggers:
            if trigger.id == trigger_id:
                return trigger
        raise KeyError(trigger_id)

    def phase(self, phase_id: str) -> PhaseInfo:
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(phase_id)

    @property
    def item_ids(self) -> frozenset[str]:
        """Every id a prescription may name: exercises and massage options."""
        return frozenset(e.id for e in self.exercises) | {m.id for m in self.massage_options}

    def item_name(self, item_id: str) -> str:
        try:
            return self.exercise(item_id).name
        except KeyError:
            return self.massage_option(item_id).name
