"""Plan compile time, against serialising the same plan to JSON (the work a request does anyway)."""

from __future__ import annotations

import json
import timeit

from rich.console import Console
from rich.table import Table

from piri.domain.compiler import compile_plan
from piri.domain.prescription import Prescription, Sides
from piri.protocols import builtin


def _best_us(statement: object, *, number: int) -> float:
    times = timeit.repeat(statement, number=number, repeat=5)  # type: ignore[arg-type]
    return min(times) / number * 1e6


def run() -> None:
    protocol = builtin("rss")
    table = Table(title="Plan compile time (best of 5)")
    for column in ("prescription", "steps", "compile µs", "json.dumps µs (baseline)", "ratio"):
        table.add_column(column, justify="right")
    for sides in (Sides.RIGHT, Sides.BOTH):
        prescription = Prescription(
            sides=sides, stretch_variant="figure4_lying", massage_option="foam_roller"
        )
        plan = compile_plan(protocol, prescription)
        body = plan.to_dict()
        compile_us = _best_us(
            lambda p=prescription: compile_plan(protocol, p).to_dict(), number=300
        )
        baseline_us = _best_us(lambda b=body: json.dumps(b), number=300)
        table.add_row(
            sides.value,
            str(len(plan.steps)),
            f"{compile_us:.0f}",
            f"{baseline_us:.0f}",
            f"{compile_us / baseline_us:.1f}×",
        )
    Console().print(table)
