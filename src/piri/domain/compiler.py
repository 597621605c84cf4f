"""Prescription + protocol -> SessionPlan: the ordered, timed steps the browser plays.

A session opens with a baseline symptom check, then runs Rest (the chosen massage option),
Stretch (the chosen stretch variant) and Strengthen (every strengthening exercise), each
one-sided item once per affected side with a switch-sides step between sides (for an
exercise done lying on one side, its words say which side to lie on), and ends with a finish
step. Doses are the protocol's unless the prescription overrides them. Each step of an item
says which key pose of the item's figure it shows and how the figure moves (``_shows``). The
same inputs always give the same plan, step ids included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from piri.domain.errors import FieldError
from piri.domain.plan import Branch, Cue, HelpedOption, Motion, SessionPlan, Step, StepKind
from piri.domain.prescription import DoseOverride, Prescription, Sides
from piri.domain.protocol import (
    BranchSpec,
    CheckSpec,
    Exercise,
    MassageOption,
    Protocol,
    Say,
    fill_sides,
    lying_side,
)


class PrescriptionError(FieldError):
    """A prescription that does not fit the protocol; the message starts with the field."""


@dataclass(frozen=True, slots=True)
class _Dose:
    sets: int
    hold_s: int


def compile_plan(protocol: Protocol, prescription: Prescription) -> SessionPlan:
    """Turn a prescription into the session plan for ``protocol``."""
    _check(protocol, prescription)
    sides: tuple[str | None, ...] = Sides(prescription.sides).sides
    builder = _Builder(protocol)
    session = _template("session", "session", None, None)
    builder.check(session, "session.check.start", protocol.checks.start)

    option = protocol.massage_option(prescription.massage_option)
    massage_on = option.id not in prescription.excluded
    if massage_on:
        override = prescription.dose_overrides.get(option.id, DoseOverride())
        duration = override.hold_s or option.duration_s
        run = partial(builder.massage, option=option, duration_s=duration)
        builder.per_side(option.id, "rest", sides, run, shows=_shows(option, "start"))

    exercises = _exercises(protocol, prescription)
    for exercise in exercises:
        dose = _dose(exercise, prescription.dose_overrides.get(exercise.id))
        builder.per_side(
            exercise.id,
            exercise.phase,
            sides if exercise.one_sided else (None,),
            partial(builder.exercise, exercise=exercise, dose=dose),
            switch=_switch(protocol, exercise),
            shows=_shows(exercise, "start"),
        )

    finish_s = protocol.timing.finish.value
    builder.add(
        session, "session.finish", StepKind.FINISH, finish_s, protocol.prompts.finish, ask_pain=True
    )
    helped = [HelpedOption(option.id, option.name)] if massage_on else []
    helped += [HelpedOption(e.id, e.name) for e in exercises]
    return SessionPlan(
        protocol_id=protocol.id,
        protocol_version=protocol.version,
        steps=tuple(builder.steps),
        helped_options=tuple(helped),
    )


def _check(protocol: Protocol, prescription: Prescription) -> None:
    try:
        Sides(prescription.sides)
    except ValueError:
        raise PrescriptionError(
            "sides", f"unknown sides {prescription.sides!r} (left, right or both)"
        ) from None
    if prescription.stretch_variant not in protocol.stretch_variants:
        raise PrescriptionError(
            "stretch_variant", f"unknown stretch variant {prescription.stretch_variant!r}"
        )
    massage_ids = {m.id for m in protocol.massage_options}
    if prescription.massage_option not in massage_ids:
        raise PrescriptionError("massage_option", f"unknown option {prescription.massage_option!r}")
    for item_id in sorted(prescription.excluded):
        if item_id not in protocol.item_ids:
            raise PrescriptionError("excluded", f"unknown item {item_id!r}")
    for item_id, override in sorted(prescription.dose_overrides.items()):
        if item_id not in protocol.item_ids:
            raise PrescriptionError("dose_overrides", f"unknown item {item_id!r}")
        field = f"dose_overrides.{item_id}"
        if item_id in massage_ids and override.sets is not None:
            raise PrescriptionError(f"{field}.sets", "a massage option has no sets")
        for name, value in (("sets", override.sets), ("hold_s", override.hold_s)):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise PrescriptionError(f"{field}.{name}", "must be a whole number")
            if value <= 0:
                raise PrescriptionError(f"{field}.{name}", "must be greater than 0")


def _exercises(protocol: Protocol, prescription: Prescription) -> list[Exercise]:
    """This session's exercises in protocol order: the chosen stretch variant, then the rest."""
    return [
        e
        for e in protocol.exercises
        if e.id not in prescription.excluded
        and (e.id not in protocol.stretch_variants or e.id == prescription.stretch_variant)
    ]


def _dose(exercise: Exercise, override: DoseOverride | None) -> _Dose:
    if override is None:
        return _Dose(exercise.sets, exercise.hold_s)
    return _Dose(override.sets or exercise.sets, override.hold_s or exercise.hold_s)


def _switch(protocol: Protocol, exercise: Exercise) -> Say:
    """The switch-sides words before ``exercise``'s next side."""
    lying = protocol.prompts.switch_sides_lying
    if exercise.lie_on is None or lying is None:
        return protocol.prompts.switch_sides
    return lying_side(lying, exercise.lie_on)


def _shows(
    item: Exercise | MassageOption,
    pose: str,
    motion: Motion = Motion.STILL,
    pose_from: str | None = None,
) -> dict[str, Any]:
    """The step fields that say what ``item``'s figure shows: nothing when it has no figure
    or no such pose; a still pose when the other end of a movement is missing."""
    figure = item.figure
    if figure is None or pose not in figure.pose_names:
        return {}
    if pose_from is not None and pose_from not in figure.pose_names:
        pose_from, motion = None, Motion.STILL
    return {"figure": item.id, "pose": pose, "pose_from": pose_from, "motion": motion}


def _template(block: str, phase: str, item: str | None, side: str | None) -> Step:
    """A step carrying only where it belongs; real steps are ``replace``d from it."""
    return Step(
        id="",
        kind=StepKind.INSTRUCTION,
        title="",
        duration_s=0,
        block=block,
        phase=phase,
        item=item,
        side=side,
    )


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


class _Builder:
    """Collects the steps of one plan; knows the shape of each kind of block."""

    def __init__(self, protocol: Protocol) -> None:
        self.protocol = protocol
        self.timing = protocol.timing
        self.prompts = protocol.prompts
        self.steps: list[Step] = []

    def per_side(
        self,
        item: str,
        phase: str,
        sides: tuple[str | None, ...],
        run: Callable[[Step], None],
        *,
        switch: Say | None = None,
        shows: dict[str, Any] | None = None,
    ) -> None:
        """Run one item's block on each side, with a switch-sides step between sides
        (``switch``: its words, the protocol's general ones by default; ``shows``: the figure
        it shows)."""
        for index, side in enumerate(sides):
            where = _template(item if side is None else f"{item}.{side}", phase, item, side)
            if index > 0:
                self.add(
                    where,
                    f"{where.block}.switch",
                    StepKind.SWITCH_SIDES,
                    self.timing.switch_sides.value,
                    switch or self.prompts.switch_sides,
                    **(shows or {}),
                )
            run(where)

    def add(
        self,
        where: Step,
        step_id: str,
        kind: StepKind,
        duration_s: float,
        say: Say,
        *,
        warn: bool = False,
        **extra: Any,
    ) -> None:
        """Append a step: ``say`` gives its words (sides filled in), ``extra`` the rest."""
        side = where.side
        cues = [Cue(0, fill_sides(say.cue, side))]
        warn_s = self.timing.warn_before_end.value
        if warn and duration_s >= self.timing.warn_min_hold.value and duration_s > warn_s:
            cues.append(Cue(duration_s - warn_s, self.prompts.warn_before_end))
        extra.setdefault("cues", tuple(cues))
        self.steps.append(
            replace(
                where,
                id=step_id,
                kind=kind,
                duration_s=duration_s,
                title=fill_sides(say.title, side),
                text=fill_sides(say.text, side),
                feel=fill_sides(say.feel, side),
                **extra,
            )
        )

    def check(self, where: Step, step_id: str, spec: CheckSpec) -> None:
        side = where.side
        self.add(
            where,
            step_id,
            StepKind.CHECK,
            self.timing.check.value,
            Say(spec.title, spec.cue, spec.text),
            on_worse=_branch(spec.on_worse, side),
            on_spread=_branch(spec.on_spread, side),
            ask_pain=spec.ask_pain,
        )

    def setup(self, where: Step, item: Exercise | MassageOption, text: str, feel: str) -> None:
        """Get into position: the instructions are shown and read out, the figure still."""
        setup_s = self.timing.setup.value
        say = Say(item.name, cue=text, text=text, feel=feel)
        shows = _shows(item, "start")
        self.add(where, f"{where.block}.setup", StepKind.INSTRUCTION, setup_s, say, **shows)

    def massage(self, where: Step, option: MassageOption, duration_s: int) -> None:
        """Setup, first half, mid-massage check, second half, "sore spots eased?" check."""
        block, checks = where.block, self.protocol.checks
        text = _join(option.text, option.caution or "")
        first, second = _halves(duration_s)
        self.setup(where, option, option.setup, "")
        say = Say(option.name, option.cue, text, option.feel)
        rubs = _shows(option, "massage", Motion.LOOP, "massage_to")
        self.add(
            where,
            f"{block}.massage.1",
            StepKind.MASSAGE,
            first,
            say,
            set_index=1,
            set_count=2,
            **rubs,
        )
        self.check(where, f"{block}.check.during", checks.during_massage)
        say = replace(say, cue=self.prompts.massage_continue.cue)
        self.add(
            where,
            f"{block}.massage.2",
            StepKind.MASSAGE,
            second,
            say,
            warn=True,
            set_index=2,
            set_count=2,
            **rubs,
        )
        self.check(where, f"{block}.check.after", checks.after_massage)

    def exercise(self, where: Step, exercise: Exercise, dose: _Dose) -> None:
        """Setup, then per round: get ready, hold, (relax), rest between rounds; then a check."""
        block, caution = where.block, exercise.caution or ""
        hold = replace(exercise.hold, text=_join(exercise.hold.text, caution))
        relax = exercise.relax and replace(exercise.relax, text=_join(exercise.relax.text, caution))
        self.setup(where, exercise, exercise.setup, exercise.feel)
        # the figure: still in position, pressing (or holding), easing further in, resting
        start = _shows(exercise, "start")
        held = _shows(exercise, "press" if relax is not None else "hold")
        drawn_in = _shows(exercise, "relax", Motion.EASE, "press")
        resting = _shows(exercise, "relax") if relax is not None else start
        for index in range(1, dose.sets + 1):
            counted = replace(where, set_index=index, set_count=dose.sets)
            self.get_ready(counted, f"{block}.ready.{index}", start)
            self.add(
                counted,
                f"{block}.hold.{index}",
                StepKind.HOLD,
                dose.hold_s,
                hold,
                warn=True,
                **held,
            )
            if relax is not None:
                relax_s = self.timing.relax.value
                self.add(
                    counted, f"{block}.relax.{index}", StepKind.RELAX, relax_s, relax, **drawn_in
                )
            if index < dose.sets:
                rest_s = self.timing.rest.value
                self.add(
                    counted,
                    f"{block}.rest.{index}",
                    StepKind.REST,
                    rest_s,
                    self.prompts.rest,
                    **resting,
                )
        checks = self.protocol.checks
        spec = checks.after_stretch if exercise.phase == "stretch" else checks.after_strengthen
        self.check(where, f"{block}.check", spec)

    def get_ready(self, where: Step, step_id: str, shows: dict[str, Any]) -> None:
        """The countdown: one word a second, ending as the hold starts."""
        say, countdown = self.prompts.get_ready, self.prompts.countdown
        duration = self.timing.get_ready.value
        start = max(0, duration - len(countdown))
        cues = [Cue(start + i, word) for i, word in enumerate(countdown) if start + i < duration]
        if not cues or cues[0].at_s > 0:
            cues.insert(0, Cue(0, fill_sides(say.cue, where.side)))
        self.add(where, step_id, StepKind.GET_READY, duration, say, cues=tuple(cues), **shows)


def _branch(spec: BranchSpec | None, side: str | None) -> Branch | None:
    return None if spec is None else Branch(spec.action, fill_sides(spec.cue, side))


def _halves(duration_s: int) -> tuple[float, float]:
    """Split a massage around its mid-massage check."""
    first = duration_s // 2 if duration_s > 1 else duration_s / 2
    return float(first), float(duration_s - first)
