"""SVG path data for many small marks at once: one ``<path>`` draws every point of a line, or
every filled day of a calendar, which keeps a long history quick to render and small to send.
"""

from __future__ import annotations

from collections.abc import Iterable


def num(value: float) -> str:
    """A coordinate as short as it can be: ``12``, ``12.5`` (coordinates come rounded)."""
    return f"{value:g}"


def rect(x: float, y: float, width: float, height: float) -> str:
    return f"M{num(x)},{num(y)}h{num(width)}v{num(height)}h{num(-width)}z"


def circle(cx: float, cy: float, r: float) -> str:
    """A full circle as two arcs, starting at its left edge."""
    d = num(2 * r)
    return f"M{num(cx - r)},{num(cy)}a{num(r)},{num(r)} 0 1,0 {d},0a{num(r)},{num(r)} 0 1,0 -{d},0"


def join(parts: Iterable[str]) -> str:
    return "".join(parts)
