"""``piri serve``'s two children: the web server (granian) and a job worker (``piri worker``).

Both start together and stop together: SIGTERM to ``piri serve`` is passed on to both, Ctrl-C
reaches all three at once; each finishes what it has in hand, and whatever still runs after
``GRACE_S`` seconds is killed. When the web server exits, the worker is stopped and
``piri serve`` exits with the web server's status; when the worker exits on its own, another
is started (at most once every ``RESTART_S`` seconds), so that a clinic on one machine needs
nothing but ``piri serve``.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from types import FrameType

GRACE_S = 10.0
RESTART_S = 5.0


def worker_argv() -> list[str]:
    return [sys.executable, "-m", "piri", "worker"]


def _stop(procs: list[subprocess.Popen[bytes]], *, forward: bool) -> None:
    """Stop the children: SIGTERM unless they had the signal already (Ctrl-C reaches the
    whole foreground group; a second signal would make the worker drop its job), then wait
    ``GRACE_S`` seconds and kill what still runs."""
    for proc in procs:
        if forward and proc.poll() is None:
            with suppress(ProcessLookupError):
                proc.terminate()
    deadline = time.monotonic() + GRACE_S
    for proc in procs:
        with suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def run_with_worker(
    web_argv: list[str], worker: list[str] | None, *, say: Callable[[str], None]
) -> int:
    """Run the web server and, unless ``worker`` is None, a worker beside it; returns the web
    server's exit status."""
    stopping = False
    forward = True

    def on_signal(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping, forward
        stopping = True
        forward = signum != signal.SIGINT  # Ctrl-C: the children got it too

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    web = subprocess.Popen(web_argv)
    jobs = subprocess.Popen(worker) if worker else None
    started = time.monotonic()
    try:
        while not stopping and web.poll() is None:
            if (
                worker is not None
                and jobs is not None
                and jobs.poll() is not None
                and time.monotonic() - started >= RESTART_S
            ):
                say(f"the job worker exited ({jobs.returncode}); starting another")
                jobs, started = subprocess.Popen(worker), time.monotonic()
            time.sleep(0.2)
    finally:
        _stop([p for p in (jobs, web) if p is not None], forward=forward)
    return web.returncode or 0
