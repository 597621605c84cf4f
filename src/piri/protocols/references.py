"""Checks across a protocol file that one field alone cannot make.

Each problem is a ``(loc, message)`` pair, ``loc`` being the path to the field at fault
(the loader turns it into ``FILE:LINE: field.path: message``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from piri.domain.protocol import LIE_SIDE, PLACEHOLDERS
from piri.protocols.schema import FigureModel, PoseModel, ProtocolFile

Loc = tuple[str | int, ...]
Problem = tuple[Loc, str]

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# Texts spoken for the whole session, not for one side: no {side} there.
_SESSION_WIDE: tuple[Loc, ...] = (("checks", "start"), ("prompts", "finish"))
# The only text that may say which side to lie on.
_LYING: Loc = ("prompts", "switch_sides_lying")
_PHASES = ("rest", "stretch", "strengthen")


def reference_problems(doc: ProtocolFile) -> list[Problem]:
    return [
        *_duplicates(doc),
        *_phases(doc),
        *_stretch_variants(doc),
        *_exercise_links(doc),
        *_lying(doc),
        *_figures(doc),
        *_placeholders(doc.model_dump(), ()),
        *_countdown(doc),
    ]


def _duplicates(doc: ProtocolFile) -> Iterator[Problem]:
    # Exercises and massage options share one namespace: a prescription names either.
    groups: list[list[tuple[str, Sequence[Any]]]] = [
        [("massage_options", doc.massage_options), ("exercises", doc.exercises)],
        [("phases", doc.phases)],
        [("triggers", doc.triggers)],
        [("education", doc.education)],
    ]
    for group in groups:
        seen: dict[str, str] = {}
        for name, items in group:
            for index, item in enumerate(items):
                if item.id == "session" and name in ("massage_options", "exercises"):
                    yield (name, index, "id"), "'session' is reserved for the session's own steps"
                elif item.id in seen:
                    yield (name, index, "id"), f"duplicate id '{item.id}' (also {seen[item.id]})"
                else:
                    seen[item.id] = f"{name}.{index}"


def _phases(doc: ProtocolFile) -> Iterator[Problem]:
    present = {phase.id for phase in doc.phases}
    for phase_id in _PHASES:
        if phase_id not in present:
            yield ("phases",), f"missing phase '{phase_id}'"


def _stretch_variants(doc: ProtocolFile) -> Iterator[Problem]:
    exercises = {e.id: e for e in doc.exercises}
    for index, variant in enumerate(doc.stretch_variants):
        if variant not in exercises:
            yield ("stretch_variants", index), f"unknown exercise '{variant}'"
        elif exercises[variant].phase != "stretch":
            yield ("stretch_variants", index), f"'{variant}' is not a stretch exercise"


def _exercise_links(doc: ProtocolFile) -> Iterator[Problem]:
    ids = {e.id for e in doc.exercises}
    for index, exercise in enumerate(doc.exercises):
        easier = exercise.next_easier
        if easier is not None and easier not in ids:
            yield ("exercises", index, "next_easier"), f"unknown exercise '{easier}'"
        elif easier == exercise.id:
            yield ("exercises", index, "next_easier"), "cannot name the exercise itself"
        if exercise.style == "contract_relax" and exercise.relax is None:
            yield ("exercises", index, "relax"), "is required when style is contract_relax"
        if exercise.style == "hold" and exercise.relax is not None:
            yield ("exercises", index, "relax"), "only a contract_relax exercise has a relax step"


def _lying(doc: ProtocolFile) -> Iterator[Problem]:
    for index, exercise in enumerate(doc.exercises):
        if exercise.lie_on is None:
            continue
        if not exercise.one_sided:
            yield ("exercises", index, "lie_on"), "only a one-sided exercise switches sides"
        elif doc.prompts.switch_sides_lying is None:
            yield (
                ("exercises", index, "lie_on"),
                "needs prompts.switch_sides_lying (the words for turning over)",
            )


# The key poses each kind of item shows: required, and the optional ones.
_POSES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "contract_relax": (frozenset({"start", "press", "relax"}), frozenset()),
    "hold": (frozenset({"start", "hold"}), frozenset()),
    "massage": (frozenset({"start", "massage"}), frozenset({"massage_to"})),
}
_POSITION_PROP = {"floor": "floor", "chair": "chair"}
_TOOL_PROP = {"foam_roller": "foam_roller", "tennis_ball": "ball", "massage_gun": "massage_gun"}
_UNDER = ("foam_roller", "ball")  # what the person sits on: one at most


def _figures(doc: ProtocolFile) -> Iterator[Problem]:
    for index, option in enumerate(doc.massage_options):
        loc: Loc = ("massage_options", index, "figure")
        yield from _figure(option.figure, loc, "massage", "a massage option")
        tool_prop = _TOOL_PROP.get(option.tool)
        for prop in _TOOL_PROP.values():
            if prop == tool_prop and prop not in option.figure.props:
                yield (*loc, "props"), f"must show the {option.tool.replace('_', ' ')} ('{prop}')"
            elif prop != tool_prop and prop in option.figure.props:
                yield (*loc, "props"), f"'{prop}' is not the tool of this option ({option.tool})"
    for index, exercise in enumerate(doc.exercises):
        loc = ("exercises", index, "figure")
        yield from _figure(exercise.figure, loc, exercise.style, f"a {exercise.style} exercise")
        needed = _POSITION_PROP[exercise.position]
        if needed not in exercise.figure.props:
            yield (*loc, "props"), f"must show the {needed} (the exercise's position)"


def _figure(figure: FigureModel, loc: Loc, kind: str, what: str) -> Iterator[Problem]:
    required, optional = _POSES[kind]
    poses: dict[str, PoseModel | None] = dict(figure.poses)
    for name in sorted(required):
        if poses[name] is None:
            yield (*loc, "poses", name), f"is required for {what}"
    for name, pose in poses.items():
        if pose is not None and name not in required | optional:
            allowed = ", ".join(sorted(required | optional))
            yield (*loc, "poses", name), f"is not a pose of {what} (it has {allowed})"
    start = figure.poses.start
    for field, value in start:
        if value is None:
            yield (*loc, "poses", "start", field), "is required: the start pose sets every joint"
    seen: set[str] = set()
    for index, prop in enumerate(figure.props):
        if prop in seen:
            yield (*loc, "props", index), f"'{prop}' is listed twice"
        seen.add(prop)
    if all(prop in seen for prop in _UNDER):
        yield (*loc, "props"), "a figure sits on a foam roller or a ball, not both"


def _placeholders(value: Any, loc: Loc) -> Iterator[Problem]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholders(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _placeholders(item, (*loc, index))
    elif isinstance(value, str):
        session_wide = any(loc[: len(prefix)] == prefix for prefix in _SESSION_WIDE)
        lying = loc[: len(_LYING)] == _LYING
        for name in _PLACEHOLDER.findall(value):
            if name == LIE_SIDE and not lying:
                yield loc, f"'{{{name}}}' can only be used in prompts.switch_sides_lying"
            elif name == LIE_SIDE:
                continue
            elif name not in PLACEHOLDERS:
                yield loc, f"unknown placeholder '{{{name}}}' (use {{side}} or {{other_side}})"
            elif session_wide:
                yield loc, f"'{{{name}}}' cannot be used here: this text is not for one side"


def _countdown(doc: ProtocolFile) -> Iterator[Problem]:
    seconds = doc.timing.get_ready_s.value
    if len(doc.prompts.countdown) > seconds:
        yield (
            ("prompts", "countdown"),
            f"has {len(doc.prompts.countdown)} words but the get-ready time is {seconds} s",
        )
