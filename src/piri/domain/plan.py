"""The SessionPlan: the one format the server compiles and the browser player plays.

A plan is an ordered list of timed steps. The player keeps time, speaks each step's cues,
records what happened and, at a symptom check, follows the step's dial-back branch when the
answer is worse. ``SessionPlan.to_dict()`` is the JSON the player receives (and the one stored);
``SessionPlan.from_json()`` reads it back. docs/plan-format.md describes it field by field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class StepKind(StrEnum):
    INSTRUCTION = "instruction"  # get into position / read what to do; timed, "Ready" ends it early
    GET_READY = "get_ready"  # the 3-2-1 countdown before a hold
    HOLD = "hold"  # a timed hold or press; the title says which
    RELAX = "relax"  # contract-relax: let go and draw further into the stretch
    REST = "rest"  # pause between sets or rounds
    SWITCH_SIDES = "switch_sides"
    MASSAGE = "massage"  # a timed massage block
    CHECK = "check"  # symptom check: numbness/tingling less / same / more, and how far down
    FINISH = "finish"  # end of session: pain 0-10 and "which helped most today"


class Extent(StrEnum):
    """How far down the leg numbness/tingling reaches, nearest the buttock first."""

    NONE = "none"
    BUTTOCK = "buttock"
    THIGH = "thigh"
    BELOW_KNEE = "below_knee"
    FOOT = "foot"

    @property
    def rank(self) -> int:
        return list(Extent).index(self)


class Change(StrEnum):
    LESS = "less"
    SAME = "same"
    MORE = "more"


class Motion(StrEnum):
    """How a step's figure moves (docs/plan-format.md)."""

    STILL = "still"  # goes to the pose (a short move from the last one) and stays there
    EASE = "ease"  # moves from ``pose_from`` to ``pose`` across the whole step
    LOOP = "loop"  # moves to and fro between ``pose`` and ``pose_from`` (a massage)


class BranchAction(StrEnum):
    EASE_PRESSURE = "ease_pressure"  # massage: lighter pressure, move off the nerve line
    REDUCE_RANGE = "reduce_range"  # stretch: do not draw as far
    STOP_BLOCK = "stop_block"  # stop this item (the rest of its block is skipped)


@dataclass(frozen=True, slots=True)
class Cue:
    """Words spoken ``at_s`` seconds after a step starts."""

    at_s: float
    text: str


@dataclass(frozen=True, slots=True)
class Branch:
    """What the player does when a check's answer is worse."""

    action: BranchAction
    cue: str

    @property
    def stops_block(self) -> bool:
        return self.action is BranchAction.STOP_BLOCK

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Branch | None:
        return None if data is None else cls(BranchAction(data["action"]), data["cue"])


@dataclass(frozen=True, slots=True)
class Step:
    id: str  # unique within the plan, stable for the same prescription: "clamshell.left.hold.2"
    kind: StepKind
    title: str  # short, shown large: "Press", "Rest", "Switch to your right side"
    duration_s: float  # > 0 for every step; checks and finish wait for an answer, this is a guide
    block: str  # the item this step belongs to, e.g. "clamshell.left"; skipping a block skips these
    phase: str  # "rest" | "stretch" | "strengthen" | "session"
    item: str | None = None  # exercise or massage-option id
    side: str | None = None  # "left" | "right" | None for steps that are not one-sided
    text: str = ""  # what to do, shown under the title
    feel: str = ""  # what you should feel
    cues: tuple[Cue, ...] = ()
    set_index: int | None = None  # 1-based round or set, with set_count
    set_count: int | None = None
    on_worse: Branch | None = None  # checks: numbness/tingling "more" at the same extent
    on_spread: Branch | None = None  # checks: extent further down the leg than at the start
    ask_pain: bool = False  # checks: also ask pain 0-10
    figure: str | None = None  # the item whose demonstration figure the step shows
    pose: str | None = None  # the figure's key pose shown ("start", "press", "relax", ...)
    pose_from: str | None = None  # ease: the pose it moves from; loop: the other end
    motion: Motion | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind.value,
            "title": self.title,
            "duration_s": self.duration_s,
            "block": self.block,
            "phase": self.phase,
            "item": self.item,
            "side": self.side,
            "text": self.text,
            "feel": self.feel,
            "cues": [{"at_s": c.at_s, "text": c.text} for c in self.cues],
            "set_index": self.set_index,
            "set_count": self.set_count,
            "ask_pain": self.ask_pain,
            "figure": self.figure,
            "pose": self.pose,
            "pose_from": self.pose_from,
            "motion": None if self.motion is None else self.motion.value,
        }
        for name in ("on_worse", "on_spread"):
            branch: Branch | None = getattr(self, name)
            data[name] = (
                None
                if branch is None
                else {"action": branch.action.value, "cue": branch.cue, "stop": branch.stops_block}
            )
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Step:
        """The step ``to_dict`` wrote."""
        return cls(
            id=data["id"],
            kind=StepKind(data["kind"]),
            title=data["title"],
            duration_s=data["duration_s"],
            block=data["block"],
            phase=data["phase"],
            item=data.get("item"),
            side=data.get("side"),
            text=data.get("text", ""),
            feel=data.get("feel", ""),
            cues=tuple(Cue(c["at_s"], c["text"]) for c in data.get("cues", ())),
            set_index=data.get("set_index"),
            set_count=data.get("set_count"),
            on_worse=Branch.from_json(data.get("on_worse")),
            on_spread=Branch.from_json(data.get("on_spread")),
            ask_pain=data.get("ask_pain", False),
            figure=data.get("figure"),
            pose=data.get("pose"),
            pose_from=data.get("pose_from"),
            motion=None if data.get("motion") is None else Motion(data["motion"]),
        )


@dataclass(frozen=True, slots=True)
class HelpedOption:
    """One answer to "which helped most today" at the end of a session."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class SessionPlan:
    protocol_id: str
    protocol_version: str
    steps: tuple[Step, ...]
    helped_options: tuple[HelpedOption, ...] = ()
    extents: tuple[Extent, ...] = field(default=tuple(Extent))

    @property
    def total_s(self) -> float:
        return sum(step.duration_s for step in self.steps)

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    @property
    def step_ids(self) -> frozenset[str]:
        return frozenset(step.id for step in self.steps)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": 1,
            "protocol": {"id": self.protocol_id, "version": self.protocol_version},
            "total_s": self.total_s,
            "steps": [step.to_dict() for step in self.steps],
            "helped_options": [{"id": o.id, "name": o.name} for o in self.helped_options],
            "extents": [e.value for e in self.extents],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SessionPlan:
        """The plan ``to_dict`` wrote, e.g. as stored (``Plan.body``); ``total_s`` is worked out
        again from the steps."""
        return cls(
            protocol_id=data["protocol"]["id"],
            protocol_version=data["protocol"]["version"],
            steps=tuple(Step.from_json(step) for step in data["steps"]),
            helped_options=tuple(
                HelpedOption(o["id"], o["name"]) for o in data.get("helped_options", ())
            ),
            extents=tuple(Extent(e) for e in data.get("extents", [e.value for e in Extent])),
        )
