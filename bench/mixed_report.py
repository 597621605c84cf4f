"""The mixed-load run's figures: requests/s, and per route p50, p99, worst and errors."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

GOAL_P99_MS = 250.0


@dataclass(frozen=True, slots=True)
class Sample:
    route: str
    ms: float
    error: str  # "" when the answer was the route's


def _p(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def print_report(title: str, samples: list[Sample], *, seconds: float) -> None:
    by_route: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_route[sample.route].append(sample)
    table = Table(title=title)
    for column in ("route", "requests", "req/s", "p50 ms", "p99 ms", "worst ms", "errors"):
        table.add_column(column, justify="right")
    rows = sorted(by_route.items(), key=lambda item: -len(item[1]))
    for route, mine in [*rows, ("all", samples)]:
        times = sorted(s.ms for s in mine)
        errors = sum(1 for s in mine if s.error)
        table.add_row(
            route,
            str(len(mine)),
            f"{len(mine) / seconds:.1f}",
            f"{_p(times, 50):.1f}",
            f"{_p(times, 99):.1f}",
            f"{times[-1]:.1f}" if times else "–",
            str(errors),
        )
    console = Console(width=140)
    console.print(table)
    times = sorted(s.ms for s in samples)
    errors = sum(1 for s in samples if s.error)
    worst_route = max(
        ((route, _p(sorted(s.ms for s in mine), 99)) for route, mine in by_route.items()),
        key=lambda pair: pair[1],
        default=("–", 0.0),
    )
    met = errors == 0 and worst_route[1] < GOAL_P99_MS
    console.print(
        f"goal (0 errors, p99 < {GOAL_P99_MS:.0f} ms on every route): "
        f"{'met' if met else 'missed'} — {errors} errors, p99 of all {_p(times, 99):.1f} ms, "
        f"highest route p99 {worst_route[1]:.1f} ms ({worst_route[0]})"
    )
