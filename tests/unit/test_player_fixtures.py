"""The plans the player's JavaScript tests play (tests/js/fixtures/) are the compiler's plans.

The node tests (``make test-js``) run the session machine over whole real plans; this test
fails when the compiler or the protocol file changes the plans without the fixtures following.
Regenerate them with:

    uv run --frozen python -m tests.unit.test_player_fixtures
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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


def plan_json(name: str) -> str:
    plan = compile_plan(builtin(), PRESCRIPTIONS[name]).to_dict()
    return json.dumps(plan, indent=1, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("name", sorted(PRESCRIPTIONS))
def test_fixture_is_what_the_compiler_makes(name: str) -> None:
    stored = (FIXTURES_DIR / name).read_text(encoding="utf-8")
    assert stored == plan_json(name), (
        f"tests/js/fixtures/{name} is out of date: "
        "uv run --frozen python -m tests.unit.test_player_fixtures"
    )


def main() -> None:
    for name in sorted(PRESCRIPTIONS):
        (FIXTURES_DIR / name).write_text(plan_json(name), encoding="utf-8")
        print(f"wrote tests/js/fixtures/{name}")


if __name__ == "__main__":
    main()
