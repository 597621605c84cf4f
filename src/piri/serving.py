"""How Piri is served: the granian command line, shared by `piri serve` and the benchmarks.

The limits and why (measured): ``docs/decisions/0009-serving-limits.md``. In short, granian
gives each open connection a place out of ``--backpressure`` per worker and keeps it until the
connection closes, whether or not a request is on it; so the places must be many (idle
connections are cheap: a few kilobytes each in granian, no Python thread), and a connection
that sends no complete request head in ``PIRI_HEADER_TIMEOUT`` seconds is closed. That timeout
also ends idle keep-alive connections. It only works with HTTP/1 alone: with ``--http auto``
granian first waits, with no time limit, for the bytes that tell HTTP/2 from HTTP/1.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from dataclasses import dataclass

THREADS = 4
"""Request threads per worker: Python runs one thread at a time, so a few threads cover the
waits on the database and the disk without queueing behind each other."""
CONNECTIONS = 2048
"""Open connections per worker (granian's ``--backpressure``), idle ones included."""
HEADER_TIMEOUT_S = 10
"""Seconds a connection has to send a request head; also how long a kept-alive one may idle."""
BACKLOG = 1024
"""Connections the kernel queues while every place is taken (granian's ``--backlog``)."""
FILES_KEPT_FREE = 128
"""Open files a worker keeps for itself (database, templates, static files, logs)."""


@dataclass(frozen=True)
class Limits:
    threads: int
    connections: int
    header_timeout_s: int


def _setting(name: str, default: int, low: int, high: int, unit: str) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise ValueError(f"{name}={raw!r}: give a whole number of {unit} from {low} to {high}")
    return value


def open_file_limit() -> int | None:
    """This process's soft limit on open files (None where there is no such limit)."""
    try:
        import resource
    except ImportError:  # not on Unix
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return None if soft == resource.RLIM_INFINITY else soft


def raise_open_file_limit() -> int | None:
    """Raise the soft limit on open files to the hard limit (an unprivileged process may), so
    that many connections fit; granian and its workers inherit it. Returns the soft limit."""
    try:
        import resource
    except ImportError:  # not on Unix
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != soft:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
        with suppress(ValueError, OSError):  # or keep the soft limit we have
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return open_file_limit()


def limits() -> Limits:
    """The settings in force; ``ValueError`` naming the setting when one is not a number in
    range. Connections stay below the open-file limit, less what a worker keeps for itself."""
    connections = _setting("PIRI_BACKPRESSURE", CONNECTIONS, 16, 1_000_000, "connections")
    files = open_file_limit()
    if files is not None:
        connections = max(16, min(connections, files - FILES_KEPT_FREE))
    return Limits(
        threads=_setting("PIRI_THREADS", THREADS, 1, 256, "threads"),
        connections=connections,
        header_timeout_s=_setting("PIRI_HEADER_TIMEOUT", HEADER_TIMEOUT_S, 1, 60, "seconds"),
    )


def granian_argv(
    *, host: str, port: int, workers: int = 1, threads: int | None = None
) -> list[str]:
    """The command that serves the WSGI app, with the limits of :func:`limits` (``threads``
    overrides ``PIRI_THREADS``)."""
    settings = limits()
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--http",
        "1",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads or settings.threads),
        "--backlog",
        str(BACKLOG),
        "--backpressure",
        str(settings.connections),
        "--http1-header-read-timeout",
        str(settings.header_timeout_s * 1000),
        "--no-ws",
        "--log-level",
        os.environ.get("PIRI_LOG_LEVEL", "info"),
        "piri.wsgi:application",
    ]
