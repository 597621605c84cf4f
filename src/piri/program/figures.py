"""Demonstration figures for pages: an item's figure drawn server-side (``piri.charts.figure``)
with its text alternative for the side shown, and the data ``figure.js`` needs to move it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from piri.charts.figure import FigureDrawing, body_data, drawing, figure_data
from piri.domain.protocol import Exercise, MassageOption, Protocol, fill_sides

Item = Exercise | MassageOption


def item_of(protocol: Protocol, item_id: str) -> Item:
    """The exercise or massage option ``item_id``; ``KeyError`` when there is none."""
    try:
        return protocol.exercise(item_id)
    except KeyError:
        return protocol.massage_option(item_id)


@dataclass(frozen=True, slots=True)
class ShownFigure:
    """One figure to draw on a page (``templates/piri/figure.html``)."""

    item: str
    dom_id: str
    drawing: FigureDrawing
    alt: str  # for the side drawn
    alt_right: str
    alt_left: str


def shown_figure(
    item: Item, *, pose: str = "start", side: str | None = "right", prefix: str = "figure"
) -> ShownFigure | None:
    figure = item.figure
    if figure is None:
        return None
    side = "left" if side == "left" else "right"
    return ShownFigure(
        item=item.id,
        dom_id=f"{prefix}-{item.id}-{pose}",
        drawing=drawing(figure, pose, side),
        alt=fill_sides(figure.alt, side),
        alt_right=fill_sides(figure.alt, "right"),
        alt_left=fill_sides(figure.alt, "left"),
    )


def figures_for(
    protocol: Protocol, item_ids: Iterable[str]
) -> tuple[list[ShownFigure], dict[str, Any]]:
    """The figures of ``item_ids`` (in order, once each, unknown ids left out), drawn in their
    start pose, and the JSON ``figure.js`` moves them with."""
    shown: list[ShownFigure] = []
    data: dict[str, Any] = {}
    for item_id in dict.fromkeys(item_ids):
        try:
            item = item_of(protocol, item_id)
        except KeyError:
            continue
        figure = shown_figure(item)
        if figure is not None and item.figure is not None:
            shown.append(figure)
            data[item.id] = figure_data(item.figure)
    return shown, body_data() | {"figures": data}
