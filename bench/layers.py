"""Where a request's server time goes, middleware by middleware (in-process).

A probe is put before every middleware and before the view; each notes the time a request
passes it on the way in and the way out, so a middleware's own time is what lies between its
probe and the next, both ways. Queries are timed by an execute wrapper and charged to the layer
that ran them. Django loads the session and the user lazily: they are charged to the first
layer that reads ``request.user`` or ``request.session``, and named in the query column.

``python -m bench --only layers`` prints, for ``/healthz`` signed out and signed in and for a
small signed-in patient page, the median of each layer's own time and the queries it ran.
"""

from __future__ import annotations

import os
import re
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.django_env import start_django

REPEATS = 400
PATHS: tuple[tuple[str, bool], ...] = (
    ("/healthz", False),
    ("/healthz", True),
    ("/api/v1/screenings/state", True),
    ("/learn/", True),
    ("/history/", True),
)
VIEW = "view (URL resolving, the view)"
_marks: list[tuple[int, str, float]] = []  # (probe index, "in" or "out", perf_counter)


class _Probe:
    index = 0

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        _marks.append((self.index, "in", time.perf_counter()))
        try:
            return self.get_response(request)
        finally:
            _marks.append((self.index, "out", time.perf_counter()))


def _probe_class(index: int) -> type[_Probe]:
    name = f"Probe{index}"
    if name not in globals():
        globals()[name] = type(name, (_Probe,), {"index": index})
    return globals()[name]  # type: ignore[no-any-return]


def probed(middleware: list[str]) -> list[str]:
    """``middleware`` with a probe before each one and one before the view."""
    out = []
    for index, path in enumerate(middleware):
        out += [f"{__name__}.{_probe_class(index).__name__}", path]
    out.append(f"{__name__}.{_probe_class(len(middleware)).__name__}")
    return out


def _table_of(sql: str) -> str:
    found = re.search(r'FROM "(\w+)"', sql) or re.search(r"^(\w+ \w+)", sql)
    return found.group(1) if found else sql[:20]


@contextmanager
def _queries(log: list[tuple[float, float, str]]) -> Iterator[None]:
    from django.db import connection

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            log.append((started, time.perf_counter() - started, _table_of(sql)))

    with connection.execute_wrapper(wrapper):
        yield


def _split(names: list[str], queries: list[tuple[float, float, str]]) -> dict[str, Any]:
    """Own time (ms) and queries of each layer, from one request's marks."""
    stamps = {(i, way): t for i, way, t in _marks}
    n = len(names)
    spans: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for i, name in enumerate(names):
        spans[name].append((stamps[(i, "in")], stamps[(i + 1, "in")]))
        spans[name].append((stamps[(i + 1, "out")], stamps[(i, "out")]))
    spans[VIEW].append((stamps[(n, "in")], stamps[(n, "out")]))
    result: dict[str, Any] = {}
    for name, pieces in spans.items():
        own = sum(b - a for a, b in pieces)
        mine = [q for q in queries if any(a <= q[0] < b for a, b in pieces)]
        result[name] = (own * 1000, [q[2] for q in mine], sum(q[1] for q in mine) * 1000)
    result["total"] = ((stamps[(0, "out")] - stamps[(0, "in")]) * 1000, [], 0.0)
    return result


def measure(client: Any, path: str, names: list[str], repeats: int) -> dict[str, Any]:
    for _ in range(20):
        client.get(path)
    runs = []
    for _ in range(repeats):
        _marks.clear()
        log: list[tuple[float, float, str]] = []
        with _queries(log):
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        runs.append(_split(names, log))
    return {
        name: (
            statistics.median(r[name][0] for r in runs),
            runs[-1][name][1],
            statistics.median(r[name][2] for r in runs),
        )
        for name in runs[0]
    }


def run(repeats: int = REPEATS) -> None:
    with tempfile.TemporaryDirectory(prefix="piri-bench-layers-") as data_dir:
        start_django(data_dir)
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client, override_settings

        from piri.accounts.models import Patient

        call_command("demo", "--weeks", "13", stdout=open(os.devnull, "w"))  # noqa: SIM115
        names = [path.rsplit(".", 1)[1] for path in settings.MIDDLEWARE]
        user = Patient.objects.get(user__username="demo").user
        results = []
        with override_settings(MIDDLEWARE=probed(list(settings.MIDDLEWARE))):
            for path, signed_in in PATHS:
                client = Client()
                if signed_in:
                    client.force_login(user)
                label = f"{path} ({'signed in' if signed_in else 'signed out'})"
                results.append((label, measure(client, path, names, repeats)))
    _print(results, [*names, VIEW, "total"])


def _print(results: list[tuple[str, dict[str, Any]]], rows: list[str]) -> None:
    table = Table(title="Own time per layer, in-process (median ms; queries of the last run)")
    table.add_column("layer")
    for label, _ in results:
        table.add_column(label, justify="right")
    for row in rows:
        cells = []
        for _, layer in results:
            own, queries, sql_ms = layer.get(row, (0.0, [], 0.0))
            note = f" [{len(queries)} q: {', '.join(queries)}; {sql_ms:.3f}]" if queries else ""
            cells.append(f"{own:.3f}{note}")
        table.add_row(row, *cells)
    Console(width=220).print(table)
