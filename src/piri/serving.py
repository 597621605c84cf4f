"""How Piri is served: the granian command line, shared by `piri serve` and the benchmarks."""

from __future__ import annotations

import os
import sys


def granian_argv(
    *, host: str, port: int, workers: int = 1, threads: int | None = None
) -> list[str]:
    """The command that serves the WSGI app. ``threads`` per worker (``PIRI_THREADS``, default 4):
    Python holds one lock at a time, so a few threads cover I/O waits without queueing behind
    each other."""
    threads = threads or int(os.environ.get("PIRI_THREADS", "4"))
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        "--backpressure",
        str(threads * 4),
        "--no-ws",
        "--log-level",
        os.environ.get("PIRI_LOG_LEVEL", "info"),
        "piri.wsgi:application",
    ]
