"""Exercise demonstrations as geometry: a drawn body from a protocol figure's key poses.

A figure (``piri.domain.protocol.Figure``) is a small articulated body seen from the side:
pelvis, trunk, head, and for each side an upper and lower arm, a thigh, a shin and a foot.
A pose gives the hip's place and every joint's angle; ``joints`` works out where each joint
is (forward kinematics: each segment hangs from its parent at its angle, with a fixed
length), and ``shapes`` turns that into SVG lines, circles and ellipses. Props (a mat on the
floor, a chair, a foam roller, a ball) are placed once from the ``start`` pose; a massage gun
is held in the worked side's hand. ``drawing`` gives a template everything to draw one pose
(``templates/piri/figure.html``); ``figure_data`` gives the player's script (``figure.js``)
the body's measures and the poses, which it moves between with the same arithmetic
(``tests/js/figure.test.mjs`` checks it against this module's shapes).

The picture shows the right side being worked. The left side is the same picture mirrored by
an SVG transform, never a second drawing; only the text label is placed again, so that it
reads the right way round. Coordinates are picture units with ``y`` up from the floor;
``shapes`` gives SVG coordinates (``y`` down, the floor at 0). Words stay out of here: the
template says things, in the patient's language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from piri.charts.paths import num
from piri.domain.protocol import POSE_FIELDS, Figure, Pose

Point = tuple[float, float]
Kind = Literal["line", "circle", "ellipse", "rect", "gun"]

# The body's measures in picture units (a standing person is about 110 units tall).
BODY: dict[str, float] = {
    "trunk": 33,  # hip joint to shoulder joint
    "neck": 5,
    "head_r": 7,
    "upper_arm": 19,
    "lower_arm": 17,
    "hand_r": 2.6,
    "thigh": 29,
    "shin": 27,
    "foot": 10,
    "pelvis_rx": 8.5,  # along the trunk
    "pelvis_ry": 7.5,
    "pelvis_back": 1.5,  # the pelvis sits a little behind the hip joint
    "spot_rx": 5.5,  # the highlighted part (where to feel it)
    "spot_ry": 4.5,
    "spot_out": 5,  # from the hip joint, behind it (buttock) or on the outer side (hip_side)
    "spot_down": 1.5,  # toward the legs
    "roller_r": 7,
    "ball_r": 4.6,
    "mat": 2,  # the mat's thickness
}

# How each part is drawn: stroke colour, stroke width, fill.
INK = "#1f4e79"  # the worked side, the trunk and the head
FAR = "#8ea8c3"  # the other side, drawn behind
SPOT = "#d55e00"  # where to feel it (with a dark outline and a text label: not colour alone)
OUTLINE = "#1a1a1a"
STYLE: dict[str, tuple[str, float, str]] = {
    "upper_arm": (INK, 5, "none"),
    "lower_arm": (INK, 4.5, "none"),
    "hand": (INK, 0, INK),
    "thigh": (INK, 8, "none"),
    "shin": (INK, 6.5, "none"),
    "foot": (INK, 4, "none"),
    "trunk": (INK, 12, "none"),
    "neck": (INK, 5, "none"),
    "head": (INK, 0, INK),
    "pelvis": (INK, 0, INK),
    "spot": (OUTLINE, 1.2, SPOT),
    "leader": (OUTLINE, 0.8, "none"),
    "ground": ("#767676", 1, "none"),
    "mat": ("#767676", 0.8, "#e3ddd0"),
    "chair": ("#6b4f2a", 3, "none"),
    "seat": ("#6b4f2a", 0, "#6b4f2a"),
    "foam_roller": ("#1d5c55", 1.2, "#4fa89a"),
    "roller_core": ("#1d5c55", 1, "#ffffff"),
    "ball": ("#4d5300", 1, "#cddc39"),
    "massage_gun": ("#1a1a1a", 0, "#3d3d3d"),
}
# Back to front: the other side's limbs behind the body, the worked side's in front.
FAR_PARTS = (
    "other_upper_arm",
    "other_lower_arm",
    "other_hand",
    "other_thigh",
    "other_shin",
    "other_foot",
)
BODY_PARTS = ("trunk", "pelvis", "neck", "head", "thigh", "shin", "foot")
NEAR_PARTS = ("upper_arm", "lower_arm", "hand")
MARGIN = 8  # around everything drawn, in picture units
MIN_WIDTH = 130  # a figure is at least this many units wide
LABEL_CHARS = 7  # room kept for the label's words beside its point, in font sizes
LABEL_SIZE = 1 / 22  # the label's font size, as a share of the picture's size (below)
TALL = 1.2  # a tall picture is shown smaller (pages cap its height): its label is larger


def r2(value: float) -> float:
    """Two decimals: smooth enough when scaled up, short in the page."""
    return round(value, 2) + 0.0  # + 0.0: never "-0.0"


def _dir(degrees: float) -> Point:
    rad = math.radians(degrees)
    return math.cos(rad), math.sin(rad)


def _along(origin: Point, degrees: float, length: float) -> Point:
    dx, dy = _dir(degrees)
    return origin[0] + dx * length, origin[1] + dy * length


def directions(pose: Pose | dict[str, float]) -> dict[str, float]:
    """Each segment's direction in the picture (degrees counter-clockwise from pointing right)."""
    p = _values(pose)
    trunk = p["trunk"]
    out = {"trunk": trunk, "head": trunk - p["neck"]}
    for prefix in ("", "other_"):
        upper = trunk + 180 + p[f"{prefix}shoulder"]
        thigh = trunk + 180 + p[f"{prefix}hip"]
        shin = thigh - p[f"{prefix}knee"]
        out[f"{prefix}upper_arm"] = upper
        out[f"{prefix}lower_arm"] = upper + p[f"{prefix}elbow"]
        out[f"{prefix}thigh"] = thigh
        out[f"{prefix}shin"] = shin
        out[f"{prefix}foot"] = shin + 90 + p[f"{prefix}ankle"]
    return out


def joints(pose: Pose | dict[str, float]) -> dict[str, Point]:
    """Where each joint is (picture units, ``y`` up): forward kinematics from the angles.

    A leg segment turned out of the picture (``thigh_turn``, ``shin_turn``) shows shorter:
    its length times the cosine of the turn.
    """
    p = _values(pose)
    d = directions(p)
    hip = (p["x"], p["y"])
    shoulder = _along(hip, d["trunk"], BODY["trunk"])
    neck = _along(shoulder, d["head"], BODY["neck"])
    out = {
        "hip": hip,
        "shoulder": shoulder,
        "neck": neck,
        "head": _along(neck, d["head"], BODY["head_r"]),
    }
    for prefix in ("", "other_"):
        elbow = _along(shoulder, d[f"{prefix}upper_arm"], BODY["upper_arm"])
        thigh = BODY["thigh"] * math.cos(math.radians(p[f"{prefix}thigh_turn"]))
        knee = _along(hip, d[f"{prefix}thigh"], thigh)
        shin = BODY["shin"] * math.cos(math.radians(p[f"{prefix}shin_turn"]))
        ankle = _along(knee, d[f"{prefix}shin"], shin)
        out |= {
            f"{prefix}elbow": elbow,
            f"{prefix}hand": _along(elbow, d[f"{prefix}lower_arm"], BODY["lower_arm"]),
            f"{prefix}knee": knee,
            f"{prefix}ankle": ankle,
            f"{prefix}toe": _along(ankle, d[f"{prefix}foot"], BODY["foot"]),
        }
    return out


def spot_centre(pose: Pose | dict[str, float], feel_at: str) -> Point:
    """The middle of the highlighted part: behind the hip joint (``buttock``, the figure
    facing right) or on its outer side (``hip_side``: the upper side of a figure lying on
    its side, seen from the front)."""
    p = _values(pose)
    trunk = p["trunk"]
    side = trunk + 90 if feel_at == "buttock" else trunk - 90
    hip = (p["x"], p["y"])
    return _along(_along(hip, side, BODY["spot_out"]), trunk, -BODY["spot_down"])


@dataclass(frozen=True, slots=True)
class Shape:
    """One SVG element, in SVG coordinates (``y`` down). ``part`` names it for the script."""

    part: str
    kind: Kind
    stroke: str
    width: float
    fill: str
    x1: float = 0
    y1: float = 0
    x2: float = 0
    y2: float = 0
    cx: float = 0
    cy: float = 0
    r: float = 0
    rx: float = 0
    ry: float = 0
    angle: float = 0  # ellipses and the gun: turned this many degrees (SVG: clockwise)

    @property
    def rect_width(self) -> float:
        return r2(self.x2 - self.x1)

    @property
    def rect_height(self) -> float:
        return r2(self.y2 - self.y1)

    @property
    def transform(self) -> str:
        if self.kind == "gun":
            return f"translate({num(self.cx)} {num(self.cy)}) rotate({num(self.angle)})"
        return f"rotate({num(self.angle)} {num(self.cx)} {num(self.cy)})"

    def to_json(self) -> dict[str, Any]:
        """The numbers the script sets on this part's element."""
        if self.kind == "line":
            names: tuple[str, ...] = ("x1", "y1", "x2", "y2")
        elif self.kind == "circle":
            names = ("cx", "cy", "r")
        elif self.kind == "rect":
            names = ("x1", "y1", "x2", "y2")
        elif self.kind == "gun":
            names = ("cx", "cy", "angle")
        else:
            names = ("cx", "cy", "rx", "ry", "angle")
        return {"part": self.part, "kind": self.kind} | {n: getattr(self, n) for n in names}


def _svg(point: Point) -> Point:
    return r2(point[0]), r2(-point[1])


def _line(part: str, a: Point, b: Point, style: str | None = None) -> Shape:
    stroke, width, fill = STYLE[style or part.removeprefix("other_")]
    if part.startswith("other_"):
        stroke = FAR
    (x1, y1), (x2, y2) = _svg(a), _svg(b)
    return Shape(part, "line", stroke, width, fill, x1=x1, y1=y1, x2=x2, y2=y2)


def _circle(part: str, centre: Point, r: float, style: str | None = None) -> Shape:
    stroke, width, fill = STYLE[style or part.removeprefix("other_")]
    if part.startswith("other_"):
        stroke = fill = FAR
    cx, cy = _svg(centre)
    return Shape(part, "circle", stroke, width, fill, cx=cx, cy=cy, r=r)


def _ellipse(part: str, centre: Point, rx: float, ry: float, trunk: float) -> Shape:
    stroke, width, fill = STYLE[part]
    cx, cy = _svg(centre)
    return Shape(part, "ellipse", stroke, width, fill, cx=cx, cy=cy, rx=rx, ry=ry, angle=r2(-trunk))


def shapes(figure: Figure, pose: Pose | dict[str, float]) -> tuple[Shape, ...]:
    """The moving parts of ``figure`` in ``pose``, back to front (``figure.js`` does the same)."""
    p = _values(pose)
    j = joints(p)
    d = directions(p)
    limbs: dict[str, Shape] = {}
    for prefix in ("", "other_"):
        limbs |= {
            f"{prefix}upper_arm": _line(f"{prefix}upper_arm", j["shoulder"], j[f"{prefix}elbow"]),
            f"{prefix}lower_arm": _line(
                f"{prefix}lower_arm", j[f"{prefix}elbow"], j[f"{prefix}hand"]
            ),
            f"{prefix}hand": _circle(f"{prefix}hand", j[f"{prefix}hand"], BODY["hand_r"]),
            f"{prefix}thigh": _line(f"{prefix}thigh", j["hip"], j[f"{prefix}knee"]),
            f"{prefix}shin": _line(f"{prefix}shin", j[f"{prefix}knee"], j[f"{prefix}ankle"]),
            f"{prefix}foot": _line(f"{prefix}foot", j[f"{prefix}ankle"], j[f"{prefix}toe"]),
        }
    pelvis = _along(j["hip"], d["trunk"] + 90, BODY["pelvis_back"])
    limbs |= {
        "trunk": _line("trunk", j["hip"], j["shoulder"]),
        "pelvis": _ellipse("pelvis", pelvis, BODY["pelvis_rx"], BODY["pelvis_ry"], d["trunk"]),
        "neck": _line("neck", j["shoulder"], j["neck"]),
        "head": _circle("head", j["head"], BODY["head_r"]),
    }
    spot = spot_centre(p, figure.feel_at)
    label = (figure.label_x, figure.label_y)
    out = [limbs[name] for name in (*FAR_PARTS, *BODY_PARTS)]
    out.append(_line("leader", label, spot))
    out.append(_ellipse("spot", spot, BODY["spot_rx"], BODY["spot_ry"], d["trunk"]))
    out += [limbs[name] for name in NEAR_PARTS]
    if "massage_gun" in figure.props:
        stroke, width, fill = STYLE["massage_gun"]
        cx, cy = _svg(j["hand"])
        angle = r2(-(d["lower_arm"] + 90))  # the barrel across the palm, toward the body
        out.append(Shape("gun", "gun", stroke, width, fill, cx=cx, cy=cy, angle=angle))
    return tuple(out)


def props(figure: Figure) -> tuple[Shape, ...]:
    """The still things, placed from the ``start`` pose: the mat, a chair, a roller or ball."""
    start = figure.poses[0]
    hip = (start.x, start.y)
    out: list[Shape] = []
    if "floor" in figure.props:
        left, right = _extent(figure)[0], _extent(figure)[2]
        stroke, width, fill = STYLE["mat"]
        out.append(
            Shape(
                "mat", "rect", stroke, width, fill, x1=r2(left), y1=-BODY["mat"], x2=r2(right), y2=0
            )
        )
    if "chair" in figure.props:
        seat = hip[1] - BODY["pelvis_ry"]
        back, front = hip[0] - 15, hip[0] + 10
        stroke, width, _ = STYLE["chair"]
        out += [
            Shape(
                "chair",
                "line",
                stroke,
                width,
                "none",
                x1=back,
                y1=r2(-seat),
                x2=front,
                y2=r2(-seat),
            ),
            Shape(
                "chair", "line", stroke, width, "none", x1=back + 1, y1=r2(-seat), x2=back + 1, y2=0
            ),
            Shape(
                "chair",
                "line",
                stroke,
                width,
                "none",
                x1=front - 1,
                y1=r2(-seat),
                x2=front - 1,
                y2=0,
            ),
            Shape(
                "chair",
                "line",
                stroke,
                width,
                "none",
                x1=back,
                y1=r2(-seat),
                x2=back - 3,
                y2=r2(-seat - 34),
            ),
        ]
    under = spot_centre(start, "buttock")
    if "foam_roller" in figure.props:
        r = BODY["roller_r"]
        out.append(_circle("foam_roller", (under[0], r), r))
        out.append(_circle("roller_core", (under[0], r), r * 0.35))
    if "ball" in figure.props:
        r = BODY["ball_r"]
        out.append(_circle("ball", (under[0], r), r))
    return tuple(out)


def _values(pose: Pose | dict[str, float]) -> dict[str, float]:
    if isinstance(pose, Pose):
        return {name: float(getattr(pose, name)) for name in POSE_FIELDS}
    return pose


def _extent(figure: Figure) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of the body in every key pose, picture units."""
    xs: list[float] = []
    ys: list[float] = [0.0]
    for pose in figure.poses:
        for name, (x, y) in joints(pose).items():
            reach = BODY["head_r"] if name == "head" else 5
            xs += [x - reach, x + reach]
            ys += [y - reach, y + reach]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True, slots=True)
class ViewBox:
    x: float
    y: float  # SVG: the top
    width: float
    height: float

    def __str__(self) -> str:
        return f"{num(self.x)} {num(self.y)} {num(self.width)} {num(self.height)}"

    @property
    def mirror(self) -> str:
        """The transform that shows the other side: mirrored about the picture's middle."""
        return f"translate({num(r2(2 * self.x + self.width))} 0) scale(-1 1)"

    def mirrored_x(self, x: float) -> float:
        return r2(2 * self.x + self.width - x)

    @property
    def font_size(self) -> float:
        """The label's size: about the same on screen whatever the figure's shape."""
        return r2(max(self.width, self.height * TALL) * LABEL_SIZE)


def view_box(figure: Figure) -> ViewBox:
    """The picture: every key pose, the props and the label fit, with a margin."""
    body = _extent(figure)
    box = _box(figure, *body, label=0)
    # the label's words take room in proportion to their size, which follows the picture's
    return _box(figure, *body, label=box.font_size * LABEL_CHARS)


def _box(
    figure: Figure, left: float, bottom: float, right: float, top: float, *, label: float
) -> ViewBox:
    spot = spot_centre(figure.poses[0], figure.feel_at)
    lx, ly = figure.label_x, figure.label_y
    if lx < spot[0]:
        left = min(left, lx - label)
    else:
        right = max(right, lx + label)
    top = max(top, ly + 10)
    if "chair" in figure.props:
        top = max(top, figure.poses[0].y - BODY["pelvis_ry"] + 36)
    left, right = left - MARGIN, right + MARGIN
    middle = (left + right) / 2
    width = max(MIN_WIDTH, right - left)
    height = top + MARGIN - min(bottom, 0) + BODY["mat"] + 2
    return ViewBox(r2(middle - width / 2), r2(-(top + MARGIN)), r2(width), r2(height))


@dataclass(frozen=True, slots=True)
class Label:
    """The text label of the highlighted part, placed for one side (it is not mirrored)."""

    x: float
    y: float
    anchor: Literal["start", "end"]


@dataclass(frozen=True, slots=True)
class FigureDrawing:
    """Everything a template needs to draw one pose of a figure for one side."""

    figure: Figure
    pose: str
    side: str  # "right" or "left"
    box: ViewBox
    props: tuple[Shape, ...]
    shapes: tuple[Shape, ...]
    right_label: Label
    left_label: Label  # the script puts the label here when the side changes

    @property
    def mirrored(self) -> bool:
        return self.side == "left"

    @property
    def label(self) -> Label:
        return self.left_label if self.mirrored else self.right_label

    @property
    def ground(self) -> tuple[float, float]:
        return self.box.x, r2(self.box.x + self.box.width)


def _label(figure: Figure, box: ViewBox, *, mirrored: bool) -> Label:
    spot = spot_centre(figure.poses[0], figure.feel_at)
    anchor: Literal["start", "end"] = "end" if figure.label_x < spot[0] else "start"
    x, y = r2(figure.label_x), r2(-figure.label_y - 1.5)
    if not mirrored:
        return Label(x, y, anchor)
    return Label(box.mirrored_x(x), y, "start" if anchor == "end" else "end")


def drawing(figure: Figure, pose: str = "start", side: str | None = "right") -> FigureDrawing:
    """``figure`` in its key pose ``pose``, for ``side`` (``left``: mirrored)."""
    box = view_box(figure)
    side = "left" if side == "left" else "right"
    return FigureDrawing(
        figure=figure,
        pose=pose,
        side=side,
        box=box,
        props=props(figure),
        shapes=shapes(figure, figure.pose(pose)),
        right_label=_label(figure, box, mirrored=False),
        left_label=_label(figure, box, mirrored=True),
    )


def figure_data(figure: Figure) -> dict[str, Any]:
    """What ``figure.js`` needs to move ``figure``: its key poses, what it holds, where its
    highlight and label are, and the mirror transform."""
    return {
        "feel_at": figure.feel_at,
        "gun": "massage_gun" in figure.props,
        "label": [figure.label_x, figure.label_y],
        "mirror": view_box(figure).mirror,
        "poses": {p.name: {f: getattr(p, f) for f in POSE_FIELDS} for p in figure.poses},
    }


def body_data() -> dict[str, Any]:
    """The body's measures and each part's look, once per page, for ``figure.js``."""
    return {"body": dict(BODY), "order": [*FAR_PARTS, *BODY_PARTS, "leader", "spot", *NEAR_PARTS]}


__all__ = [
    "BODY",
    "FigureDrawing",
    "Shape",
    "ViewBox",
    "body_data",
    "directions",
    "drawing",
    "figure_data",
    "joints",
    "shapes",
    "spot_centre",
    "view_box",
]
