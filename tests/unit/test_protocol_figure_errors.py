"""A protocol file's figures are checked like the rest of it: each problem is one
``FILE:LINE: field.path: message`` line (joints, angles, poses, props)."""

from __future__ import annotations

from pathlib import Path

import pytest

from piri.protocols import ProtocolError, builtin_path, load_protocol

CLAMSHELL_START = "        start: {x: 100, y: 10, trunk: 180,"  # the last exercise's figure


def variant(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    """The built-in file with ``old`` (found once) replaced by ``new``."""
    base = builtin_path().read_text()
    assert base.count(old) == 1, old
    text = base.replace(old, new)
    path = tmp_path / "figures.yaml"
    path.write_text(text)
    return path, text


def line_of(text: str, snippet: str) -> int:
    assert text.count(snippet) == 1, snippet
    return text[: text.index(snippet)].count("\n") + 1


def errors_of(path: Path) -> list[str]:
    with pytest.raises(ProtocolError) as caught:
        load_protocol(path)
    return caught.value.errors


def test_the_built_in_figures_load() -> None:
    protocol = load_protocol(builtin_path())
    assert all(m.figure is not None for m in protocol.massage_options)
    assert all(e.figure is not None for e in protocol.exercises)


def test_a_misspelt_joint_names_the_joints(tmp_path: Path) -> None:
    path, text = variant(tmp_path, "        hold: {shoulder: 49,", "        hold: {sholder: 49,")
    line = line_of(text, "hold: {sholder: 49")
    [error] = errors_of(path)
    assert error.startswith(
        f"{path}:{line}: exercises.2.figure.poses.hold.sholder: unknown joint 'sholder' "
        "(a pose sets x, y, trunk, neck, shoulder, elbow, hip, knee,"
    )


def test_an_unknown_pose_names_the_poses(tmp_path: Path) -> None:
    path, text = variant(
        tmp_path, "        hold: {shoulder: 49,", "        squeeze: {shoulder: 49,"
    )
    line = line_of(text, "squeeze: {")
    assert errors_of(path) == [
        f"{path}:{line}: exercises.2.figure.poses.squeeze: unknown pose 'squeeze' "
        "(a figure's poses are start, press, relax, hold, massage, massage_to)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("hold: {shoulder: 49, hip: 101,", "hold: {shoulder: 49, hip: 170,", "must be at most 160"),
        (
            "hold: {shoulder: 49, hip: 101,",
            "hold: {shoulder: 49, hip: -50,",
            "must be at least -40",
        ),
        (
            "hold: {shoulder: 49, hip: 101,",
            "hold: {shoulder: 49, hip: 10.5,",
            "must be a whole number",
        ),
    ],
    ids=["too far", "bent backwards", "not whole"],
)
def test_an_angle_outside_its_joint_range(tmp_path: Path, old: str, new: str, message: str) -> None:
    path, text = variant(tmp_path, old, new)
    line = line_of(text, new)
    assert errors_of(path) == [f"{path}:{line}: exercises.2.figure.poses.hold.hip: {message}"]


def test_a_knee_never_bends_backwards(tmp_path: Path) -> None:
    old = "        hold: {hip: 38, knee: 83,"
    path, text = variant(tmp_path, old, "        hold: {hip: 38, knee: -20,")
    line = line_of(text, "knee: -20")
    assert errors_of(path) == [
        f"{path}:{line}: exercises.3.figure.poses.hold.knee: must be at least 0"
    ]


def test_the_start_pose_sets_every_joint(tmp_path: Path) -> None:
    path, text = variant(tmp_path, CLAMSHELL_START, "        start: {x: 100, y: 10,")
    line = line_of(text, "        start: {x: 100, y: 10, neck")
    assert errors_of(path) == [
        f"{path}:{line}: exercises.3.figure.poses.start.trunk: "
        "is required: the start pose sets every joint"
    ]


def test_a_massage_needs_its_massage_pose(tmp_path: Path) -> None:
    old = "        massage: {x: 67, shoulder: -35, hip: 72,"
    path, text = variant(tmp_path, old, "        hold: {x: 67, shoulder: -35, hip: 72,")
    poses = line_of(text, "        hold: {x: 67,") - 5
    assert errors_of(path) == [
        f"{path}:{poses}: massage_options.1.figure.poses.massage: is required for a massage option",
        f"{path}:{poses + 5}: massage_options.1.figure.poses.hold: is not a pose of a massage "
        "option (it has massage, massage_to, start)",
    ]


def test_an_unknown_prop(tmp_path: Path) -> None:
    path, text = variant(tmp_path, "      props: [chair]", "      props: [stool]")
    line = line_of(text, "props: [stool]")
    assert errors_of(path) == [
        f"{path}:{line}: exercises.1.figure.props.0: "
        "must be 'floor', 'chair', 'foam_roller', 'ball' or 'massage_gun'"
    ]


def test_props_must_fit_the_position_and_the_tool(tmp_path: Path) -> None:
    path, text = variant(tmp_path, "      props: [chair]", "      props: [floor, floor]")
    line = line_of(text, "props: [floor, floor]")
    assert errors_of(path) == [
        f"{path}:{line}: exercises.1.figure.props.1: 'floor' is listed twice",
        f"{path}:{line}: exercises.1.figure.props: must show the chair (the exercise's position)",
    ]


def test_a_massage_option_shows_its_own_tool(tmp_path: Path) -> None:
    path, text = variant(
        tmp_path, "      props: [floor, ball]", "      props: [floor, foam_roller]"
    )
    line = line_of(
        text, "props: [floor, foam_roller]\n      feel_at: buttock\n      label: {x: 40, y: 36}"
    )
    assert errors_of(path) == [
        f"{path}:{line}: massage_options.3.figure.props: "
        "'foam_roller' is not the tool of this option (tennis_ball)",
        f"{path}:{line}: massage_options.3.figure.props: must show the tennis ball ('ball')",
    ]


def test_a_figure_needs_a_text_alternative(tmp_path: Path) -> None:
    old = "      alt: >-\n        Someone stands and holds a massage gun"
    new = "      alt: ''\n      x_alt: >-\n        Someone stands and holds a massage gun"
    path, text = variant(tmp_path, old, new)
    empty, extra = line_of(text, "      alt: ''"), line_of(text, "      x_alt: ")
    assert errors_of(path) == [
        f"{path}:{empty}: massage_options.4.figure.alt: must not be empty",
        f"{path}:{extra}: massage_options.4.figure.x_alt: unknown field",
    ]


def test_the_text_alternative_takes_only_side_words(tmp_path: Path) -> None:
    old = "      alt: >-\n        Someone stands and holds a massage gun"
    new = "      alt: >-\n        Someone {who} stands and holds a massage gun"
    path, text = variant(tmp_path, old, new)
    line = line_of(text, "      alt: >-\n        Someone {who}")
    assert errors_of(path) == [
        f"{path}:{line}: massage_options.4.figure.alt: "
        "unknown placeholder '{who}' (use {side} or {other_side})"
    ]
