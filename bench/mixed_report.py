"""The mixed-load run's figures: requests/s, and per route p50, p99, worst and errors."""

from __future__ import annotations

import os
import statistics
from collections import defaultdict
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

GOAL_P99_MS = 250.0


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of process ``pid`` and all its descendants, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    parent: dict[int, int] = {}
    used: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(entry)] = int(fields[1])
        used[int(entry)] = (int(fields[11]) + int(fields[12])) / ticks
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += used.get(current, 0.0)
        todo += [child for child, up in parent.items() if up == current]
    return total


@dataclass(frozen=True, slots=True)
class Sample:
    route: str
    ms: float
    error: str  # "" when the answer was the route's
    at: float = 0.0  # when it was sent (perf_counter)


def _p(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


@dataclass(frozen=True, slots=True)
class Cpu:
    server_s: float  # granian and its workers
    driver_s: float  # this process: the simulated people
    wall_s: float  # warm-up included
    requests: int  # warm-up included


def print_report(title: str, samples: list[Sample], *, seconds: float, cpu: Cpu) -> None:
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
    if os.environ.get("BENCH_SLOWEST"):
        first = min((s.at for s in samples), default=0.0)
        for s in sorted(samples, key=lambda s: -s.ms)[: int(os.environ["BENCH_SLOWEST"])]:
            console.print(f"  slow: sent at {s.at - first:7.2f} s  {s.ms:7.1f} ms  {s.route}")
    console.print(
        f"{len(samples) / seconds:.1f} requests/s; the server used {cpu.server_s:.1f} s of CPU "
        f"({cpu.server_s / cpu.wall_s:.2f} cores, {cpu.server_s * 1000 / max(cpu.requests, 1):.1f}"
        f" ms a request), the load driver {cpu.driver_s:.1f} s, on the same two cores"
    )
    console.print(
        f"goal (0 errors, p99 < {GOAL_P99_MS:.0f} ms on every route): "
        f"{'met' if met else 'missed'} — {errors} errors, p99 of all {_p(times, 99):.1f} ms, "
        f"highest route p99 {worst_route[1]:.1f} ms ({worst_route[0]})"
    )
