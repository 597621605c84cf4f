"""Demonstration figures as geometry: forward kinematics keeps every limb's length, the other
side is the same picture mirrored, props sit where they belong, and the SVG says what it shows."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from hypothesis import given, settings
from hypothesis import strategies as st

from piri.charts.figure import (
    BODY,
    directions,
    drawing,
    figure_data,
    joints,
    props,
    shapes,
    spot_centre,
    view_box,
)
from piri.domain.protocol import POSE_FIELDS, Figure, Pose
from piri.protocols import builtin

# name -> (low, high) of every joint, as the protocol file allows them
RANGES = {
    "x": (0, 300),
    "y": (0, 150),
    "trunk": (0, 360),
    "neck": (-60, 60),
    "shoulder": (-180, 180),
    "elbow": (0, 160),
    "hip": (-40, 160),
    "knee": (0, 160),
    "ankle": (-60, 40),
    "thigh_turn": (0, 85),
    "shin_turn": (0, 85),
}


def low_high(field: str) -> tuple[int, int]:
    return RANGES[field.removeprefix("other_")]


def figures() -> dict[str, Figure]:
    protocol = builtin()
    found = {e.id: e.figure for e in protocol.exercises}
    found |= {m.id: m.figure for m in protocol.massage_options}
    return {item: figure for item, figure in found.items() if figure is not None}


def pose_of(**angles: int) -> Pose:
    """A pose with every joint 0 (upright trunk, hip at 100, 60) but those given."""
    values = {field: 0 for field in POSE_FIELDS} | {"x": 100, "y": 60, "trunk": 90} | angles
    return Pose(name="start", **values)


def a_figure(*poses: Pose, props: tuple[str, ...] = (), feel_at: str = "buttock") -> Figure:
    return Figure(
        alt="Someone, {side} side",
        props=props,  # type: ignore[arg-type]
        feel_at=feel_at,  # type: ignore[arg-type]
        label_x=40,
        label_y=90,
        poses=poses or (pose_of(),),
    )


def distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def assert_limbs_keep_their_length(pose: Pose) -> None:
    j = joints(pose)
    assert distance(j["hip"], j["shoulder"]) == pytest.approx(BODY["trunk"])
    for side in ("", "other_"):
        turn = {
            n: math.cos(math.radians(getattr(pose, f"{side}{n}_turn"))) for n in ("thigh", "shin")
        }
        assert distance(j["shoulder"], j[f"{side}elbow"]) == pytest.approx(BODY["upper_arm"])
        assert distance(j[f"{side}elbow"], j[f"{side}hand"]) == pytest.approx(BODY["lower_arm"])
        thigh = distance(j["hip"], j[f"{side}knee"])
        assert thigh == pytest.approx(BODY["thigh"] * turn["thigh"], abs=1e-9)
        shin = distance(j[f"{side}knee"], j[f"{side}ankle"])
        assert shin == pytest.approx(BODY["shin"] * turn["shin"], abs=1e-9)
        assert distance(j[f"{side}ankle"], j[f"{side}toe"]) == pytest.approx(BODY["foot"])


# --- forward kinematics ------------------------------------------------------------------


def test_standing_straight_the_joints_line_up_under_the_hip() -> None:
    j = joints(pose_of(ankle=0))
    assert j["hip"] == (100, 60)
    assert j["shoulder"] == pytest.approx((100, 60 + BODY["trunk"]))
    assert j["knee"] == pytest.approx((100, 60 - BODY["thigh"]))
    assert j["ankle"] == pytest.approx((100, 60 - BODY["thigh"] - BODY["shin"]))
    assert j["toe"] == pytest.approx((100 + BODY["foot"], j["ankle"][1]))  # the foot points ahead
    assert j["hand"] == pytest.approx((100, j["shoulder"][1] - 36))  # arms hang down


def test_each_joint_turns_its_segment_the_way_the_format_says() -> None:
    sitting = directions(pose_of(hip=90, knee=90, shoulder=90, elbow=90, neck=20))
    assert sitting["thigh"] % 360 == pytest.approx(0)  # forward
    assert sitting["shin"] % 360 == pytest.approx(270)  # down
    assert sitting["upper_arm"] % 360 == pytest.approx(0)  # straight ahead
    assert sitting["lower_arm"] % 360 == pytest.approx(90)  # up
    assert sitting["head"] == pytest.approx(70)  # chin down: tipped forward
    lying = directions(pose_of(trunk=180, hip=45))
    assert lying["thigh"] % 360 == pytest.approx(45)  # knees toward the ceiling


def test_a_turned_leg_segment_shows_shorter() -> None:
    j = joints(pose_of(thigh_turn=60))
    assert distance(j["hip"], j["knee"]) == pytest.approx(BODY["thigh"] / 2)
    assert distance(j["hip"], j["other_knee"]) == pytest.approx(BODY["thigh"])


@pytest.mark.parametrize("item", sorted(figures()))
def test_every_key_pose_of_the_program_keeps_the_limbs_lengths(item: str) -> None:
    for pose in figures()[item].poses:
        assert_limbs_keep_their_length(pose)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({f: st.integers(*low_high(f)) for f in POSE_FIELDS}))
def test_any_pose_keeps_the_limbs_lengths(angles: dict[str, int]) -> None:
    assert_limbs_keep_their_length(Pose(name="start", **angles))


def test_drawn_limbs_join_at_their_joints() -> None:
    figure = figures()["figure4_lying"]
    drawn = {s.part: s for s in shapes(figure, figure.pose("press"))}
    j = joints(figure.pose("press"))
    for upper, lower, joint in (("thigh", "shin", "knee"), ("upper_arm", "lower_arm", "elbow")):
        assert (drawn[upper].x2, drawn[upper].y2) == (drawn[lower].x1, drawn[lower].y1)
        assert drawn[upper].x2 == pytest.approx(j[joint][0], abs=0.01)
        assert drawn[upper].y2 == pytest.approx(-j[joint][1], abs=0.01)  # SVG: y down


# --- the other side is the same picture mirrored ------------------------------------------


@pytest.mark.parametrize("item", sorted(figures()))
def test_the_left_side_is_the_same_drawing_mirrored(item: str) -> None:
    figure = figures()[item]
    right, left = drawing(figure, "start", "right"), drawing(figure, "start", "left")
    assert left.shapes == right.shapes and left.props == right.props  # never a second drawing
    assert left.mirrored and not right.mirrored
    box = right.box
    assert box.mirror == f"translate({2 * box.x + box.width:g} 0) scale(-1 1)"
    # only the label is placed again, reading the right way round
    assert left.label.x == pytest.approx(2 * box.x + box.width - right.label.x)
    assert {left.label.anchor, right.label.anchor} == {"start", "end"}
    assert left.label.y == right.label.y


def test_mirroring_keeps_the_figure_inside_the_picture() -> None:
    for figure in figures().values():
        box = view_box(figure)
        for pose in figure.poses:
            for point in joints(pose).values():
                assert box.x <= point[0] <= box.x + box.width
                assert box.x <= box.mirrored_x(point[0]) <= box.x + box.width
                assert box.y <= -point[1] <= box.y + box.height


# --- where things are ----------------------------------------------------------------------


def test_the_buttock_is_behind_the_hip_and_the_hip_side_above_a_side_lying_figure() -> None:
    standing = pose_of()
    x, _ = spot_centre(standing, "buttock")
    assert x < standing.x  # the figure faces right: behind is to the left
    lying = pose_of(trunk=180, y=10)
    assert spot_centre(lying, "hip_side")[1] > lying.y  # the upper side of the hip
    assert spot_centre(lying, "buttock")[1] < lying.y  # a figure on its back lies on it


def test_a_roller_lies_on_the_floor_under_the_buttock() -> None:
    figure = figures()["foam_roller"]
    roller = next(s for s in props(figure) if s.part == "foam_roller")
    spot = spot_centre(figure.poses[0], "buttock")
    assert roller.cy == -roller.r  # resting on the floor (SVG: y down)
    assert roller.cx == pytest.approx(spot[0], abs=0.01)
    assert spot[1] > 2 * roller.r - BODY["spot_ry"]  # the buttock is on top of it


def test_a_chair_seat_is_under_the_hips() -> None:
    figure = figures()["figure4_chair"]
    seat = next(s for s in props(figure) if s.part == "chair")
    start = figure.poses[0]
    assert seat.x1 < start.x < seat.x2
    assert -seat.y1 == pytest.approx(start.y - BODY["pelvis_ry"])


def test_a_massage_gun_moves_with_the_hand() -> None:
    figure = figures()["massage_gun"]
    for pose in figure.poses:
        gun = next(s for s in shapes(figure, pose) if s.part == "gun")
        hand = joints(pose)["hand"]
        assert (gun.cx, gun.cy) == pytest.approx((hand[0], -hand[1]), abs=0.01)
    assert "gun" not in {s.part for s in shapes(a_figure(), pose_of())}


def test_the_script_gets_every_pose_complete() -> None:
    figure = figures()["figure4_lying"]
    data = figure_data(figure)
    assert list(data["poses"]) == ["start", "press", "relax"]
    assert all(set(pose) == set(POSE_FIELDS) for pose in data["poses"].values())
    assert data["mirror"] == view_box(figure).mirror
    assert data["feel_at"] == "buttock" and data["gun"] is False


# --- the SVG -------------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["right", "left"])
def test_the_svg_has_a_text_alternative_and_no_inline_style(side: str) -> None:
    figure = figures()["figure4_chair"]
    html = render_to_string(
        "piri/figure.html",
        {
            "drawing": drawing(figure, "relax", side),
            "figure_id": "fig",
            "alt": "Someone sits on a chair, the right ankle across the left knee.",
            "item": "figure4_chair",
        },
    )
    assert 'role="img"' in html and 'aria-labelledby="fig-title"' in html
    assert '<title id="fig-title">Someone sits on a chair, the right ankle' in html
    assert "style=" not in html and "<script" not in html
    parts = set(re.findall(r'data-part="([a-z_]+)"', html))
    assert {"thigh", "other_thigh", "trunk", "head", "spot", "chair"} <= parts
    assert ('transform="translate(' in html) is (side == "left")  # the mirror, or none
    assert 'data-pose="relax"' in html and f'data-side="{side}"' in html
    assert "Feel it here" in html


def test_the_same_figure_prints_in_a_pdf(tmp_path: Path) -> None:
    """PDFs (WeasyPrint) draw the template as pages do, the label included."""
    from weasyprint import HTML

    figure = figures()["clamshell_hold"]
    svg = render_to_string(
        "piri/figure.html",
        {"drawing": drawing(figure, "hold", "left"), "figure_id": "f", "alt": "x", "item": "c"},
    )
    pdf = tmp_path / "figure.pdf"
    HTML(string=f"<html><body><div style='width:8cm'>{svg}</div></body></html>").write_pdf(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Feel it here" in text
