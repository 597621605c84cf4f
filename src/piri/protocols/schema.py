"""The protocol file format (``schema_version: 1``) as pydantic models.

These models check the shape of each field; ``references.py`` then checks what points at
what (ids, stretch variants, "next easier" steps, text placeholders). docs/protocol-format.md
describes every field.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SCHEMA_VERSION = 1

Text = Annotated[str, StringConstraints(min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Seconds = Annotated[int, Field(gt=0)]
Count = Annotated[int, Field(gt=0)]


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class TimingValueModel(_Model):
    value: Seconds
    source: Text  # why this value: "policy: ..." when the article does not give it


class TimingModel(_Model):
    get_ready_s: TimingValueModel
    setup_s: TimingValueModel
    relax_s: TimingValueModel
    rest_s: TimingValueModel
    switch_sides_s: TimingValueModel
    check_s: TimingValueModel
    finish_s: TimingValueModel
    warn_before_end_s: TimingValueModel
    warn_min_hold_s: TimingValueModel


class SayModel(_Model):
    title: Text
    cue: Text
    text: str = ""
    feel: str = ""


class BranchModel(_Model):
    action: Literal["ease_pressure", "reduce_range", "stop_block"]
    cue: Text


class CheckModel(_Model):
    title: Text
    cue: Text
    text: str = ""
    ask_pain: bool = False
    on_worse: BranchModel | None = None
    on_spread: BranchModel | None = None


class ChecksModel(_Model):
    start: CheckModel
    during_massage: CheckModel
    after_massage: CheckModel
    after_stretch: CheckModel
    after_strengthen: CheckModel


class PromptsModel(_Model):
    get_ready: SayModel
    countdown: Annotated[list[Text], Field(min_length=1)]
    rest: SayModel
    warn_before_end: Text
    switch_sides: SayModel
    switch_sides_lying: SayModel | None = None  # before an exercise with ``lie_on``
    massage_continue: SayModel
    finish: SayModel


class PhaseModel(_Model):
    id: Literal["rest", "stretch", "strengthen"]
    name: Text
    purpose: Text


def _range(low: int, high: int) -> object:
    return Field(default=None, ge=low, le=high)


class PoseModel(_Model):
    """A key pose of a figure. ``start`` gives every field; another pose gives only what
    changes from ``start``. Angles are whole degrees (docs/protocol-format.md, "figure")."""

    x: Annotated[int | None, _range(0, 300)]  # the hip joint, picture units from the left
    y: Annotated[int | None, _range(0, 150)]  # ... and up from the floor
    trunk: Annotated[int | None, _range(0, 360)]  # hip to shoulders: 90 upright, 180 lying
    neck: Annotated[int | None, _range(-60, 60)]
    shoulder: Annotated[int | None, _range(-180, 180)]
    elbow: Annotated[int | None, _range(0, 160)]
    hip: Annotated[int | None, _range(-40, 160)]
    knee: Annotated[int | None, _range(0, 160)]
    ankle: Annotated[int | None, _range(-60, 40)]
    thigh_turn: Annotated[int | None, _range(0, 85)]
    shin_turn: Annotated[int | None, _range(0, 85)]
    other_shoulder: Annotated[int | None, _range(-180, 180)]
    other_elbow: Annotated[int | None, _range(0, 160)]
    other_hip: Annotated[int | None, _range(-40, 160)]
    other_knee: Annotated[int | None, _range(0, 160)]
    other_ankle: Annotated[int | None, _range(-60, 40)]
    other_thigh_turn: Annotated[int | None, _range(0, 85)]
    other_shin_turn: Annotated[int | None, _range(0, 85)]


class PosesModel(_Model):
    start: PoseModel  # the setup position: every field
    press: PoseModel | None = None  # contract_relax: the press
    relax: PoseModel | None = None  # contract_relax: drawn further in
    hold: PoseModel | None = None  # hold: the held contraction
    massage: PoseModel | None = None  # massage options: massaging
    massage_to: PoseModel | None = None  # massage options: the other end of a to-and-fro


class LabelModel(_Model):
    x: Annotated[int, Field(ge=0, le=300)]
    y: Annotated[int, Field(ge=0, le=150)]


class FigureModel(_Model):
    alt: Text  # the text alternative: what the picture shows
    props: list[Literal["floor", "chair", "foam_roller", "ball", "massage_gun"]] = []
    feel_at: Literal["buttock", "hip_side"]
    label: LabelModel
    poses: PosesModel


class MassageDoseModel(_Model):
    duration_s: Seconds  # per side
    source: Text


class MassageOptionModel(_Model):
    id: Id
    name: Text
    tool: Literal["fingers", "foam_roller", "tennis_ball", "massage_gun"]
    needs_floor: bool
    setup: Text
    cue: Text
    text: Text
    feel: Text
    caution: Text | None = None
    figure: FigureModel
    dose: MassageDoseModel


class ExerciseDoseModel(_Model):
    sets: Count
    hold_s: Seconds
    source: Text


class ExerciseModel(_Model):
    id: Id
    name: Text
    phase: Literal["stretch", "strengthen"]
    position: Literal["floor", "chair"]
    style: Literal["contract_relax", "hold"]
    one_sided: bool = True
    lie_on: Literal["side", "other_side"] | None = None  # done lying on one side: which
    setup: Text
    feel: Text
    hold: SayModel
    relax: SayModel | None = None
    caution: Text | None = None
    next_easier: Id | None = None
    figure: FigureModel
    dose: ExerciseDoseModel


class TriggerModel(_Model):
    id: Id
    name: Text
    advice: Text
    source: str = ""


class EducationModel(_Model):
    id: Id
    title: Text
    body: Text


class ProtocolFile(_Model):
    schema_version: Literal[1]
    id: Id
    version: Text
    title: Text
    summary: Text
    source: Text
    weekly_target_default: Annotated[int, Field(gt=0, le=14)]
    phases: Annotated[list[PhaseModel], Field(min_length=1)]
    timing: TimingModel
    prompts: PromptsModel
    checks: ChecksModel
    massage_options: Annotated[list[MassageOptionModel], Field(min_length=1)]
    exercises: Annotated[list[ExerciseModel], Field(min_length=1)]
    stretch_variants: Annotated[list[Id], Field(min_length=1)]
    triggers: list[TriggerModel]
    education: Annotated[list[EducationModel], Field(min_length=1)]
