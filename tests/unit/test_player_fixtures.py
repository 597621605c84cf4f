"""The plans the player's JavaScript tests play (tests/js/fixtures/) are the compiler's plans,
and the figures figure.js moves (``figures.json``) are drawn as ``piri.charts.figure`` draws them.

The node tests (``make test-js``) run the session machine over whole real plans and check
figure.js's arithmetic against the server's shapes; this test fails when the compiler, the
protocol file or the figure geometry changes without the fixtures following. Regenerate them
with:

    uv run --frozen python -m tests.unit.test_player_fixtures
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from piri.charts.figure import body_data, figure_data, shapes
from piri.domain.compiler import compile_plan
from piri.domain.prescription import Prescription, Sides
from piri.protocols import builtin

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "js" / "fixtures"

PRESCRIPTIONS = {
    # what a new patient with a right-sided problem and no tools gets (the browser tests' plan)
    "plan-right.json": Prescription(
        sides=Sides.RIGHT, stretch_variant="figure4_lying", massage_option="fingers"
    ),
    # both sides: switching sides in every block, the chair stretch, a foam roller
    "plan-both.json": Prescription(
        sides=Sides.BOTH, stretch_variant="figure4_chair", massage_option="foam_roller"
    ),
}


FIGURES = "figures.json"


def plan_json(name: str) -> str:
    plan = compile_plan(builtin(), PRESCRIPTIONS[name]).to_dict()
    return json.dumps(plan, indent=1, ensure_ascii=False) + "\n"


def figures_json() -> str:
    """What the page gives figure.js for every figure of the program, and the shapes the
    server draws for each key pose (which figure.js must make from the same poses)."""
    protocol = builtin()
    items = [*protocol.massage_options, *protocol.exercises]
    figures = {item.id: item.figure for item in items if item.figure is not None}
    data = body_data() | {
        "figures": {item: figure_data(figure) for item, figure in figures.items()},
        "shapes": {
            item: {p.name: [s.to_json() for s in shapes(figure, p)] for p in figure.poses}
            for item, figure in figures.items()
        },
    }
    return json.dumps(data, indent=1) + "\n"


def fixture(name: str) -> str:
    return figures_json() if name == FIGURES else plan_json(name)


@pytest.mark.parametrize("name", [*sorted(PRESCRIPTIONS), FIGURES])
def test_fixture_is_what_the_compiler_makes(name: str) -> None:
    stored = (FIXTURES_DIR / name).read_text(encoding="utf-8")
    assert stored == fixture(name), (
        f"tests/js/fixtures/{name} is out of date: "
        "uv run --frozen python -m tests.unit.test_player_fixtures"
    )


def main() -> None:
    for name in [*sorted(PRESCRIPTIONS), FIGURES]:
        (FIXTURES_DIR / name).write_text(fixture(name), encoding="utf-8")
        print(f"wrote tests/js/fixtures/{name}")


if __name__ == "__main__":
    main()
