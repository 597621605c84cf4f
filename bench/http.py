"""HTTP load: requests/s and p99 of the session POST and the history page, as ratios to the
signed-in /healthz served by the same granian server in the same run (wrk on 127.0.0.1); and
the signed-in /healthz against the signed-out one, the price of a session and a user."""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from piri.serving import granian_argv

HERE = Path(__file__).resolve().parent
POST_SCRIPT = HERE / "post_session.lua"


@dataclass(frozen=True)
class Server:
    url: str
    cookie: str
    csrf: str
    plan_id: str
    poster_cookie: str  # another patient's: the session posts
    poster_plan_id: str
    env: dict[str, str]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _seed(env: dict[str, str]) -> list[str]:
    """Migrate, create the patients (``bench.seed``); return their cookies, csrf, plan ids."""
    code = "from bench.seed import seed; print(seed())"
    out = (
        subprocess.run(
            [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return out.split()


@contextmanager
def running_server(*, threads: int | None = None) -> Iterator[Server]:
    data_dir = tempfile.mkdtemp(prefix="piri-bench-")
    env = {
        **os.environ,
        "PIRI_DATA_DIR": data_dir,
        "PIRI_SECRET_KEY": "bench-only",
        "DJANGO_SETTINGS_MODULE": "piri.settings",
        "PYTHONPATH": str(HERE.parent),
    }
    cookie, csrf, plan_id, poster_cookie, poster_plan_id = _seed(env)
    port = _free_port()
    argv = granian_argv(host="127.0.0.1", port=port, threads=threads)
    proc = subprocess.Popen(argv, env={**env, "PIRI_LOG_LEVEL": "warning"})
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield Server(url, cookie, csrf, plan_id, poster_cookie, poster_plan_id, env)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)


def _wrk(
    server: Server,
    path: str,
    *,
    seconds: int,
    script: Path | None = None,
    signed_in: bool = True,
) -> tuple[float, float]:
    cmd = ["wrk", "-t1", "-c8", f"-d{seconds}s", "--latency"]
    posting = script is not None  # as the other patient (bench.seed)
    cookie = server.poster_cookie if posting else server.cookie
    if signed_in:
        cmd += [
            "-H",
            f"Cookie: sessionid={cookie}; csrftoken={server.csrf}",
            "-H",
            f"X-CSRFToken: {server.csrf}",
            "-H",
            f"Referer: {server.url}/",
        ]
    if script is not None:
        cmd += ["-s", str(script)]
    env = {**os.environ, "PIRI_PLAN_ID": server.poster_plan_id if posting else server.plan_id}
    out = subprocess.run(
        [*cmd, server.url + path], capture_output=True, text=True, env=env, check=True
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{path}: some requests failed\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    assert p99 is not None, out
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    return rps, float(p99.group(1)) * scale


RUNS: tuple[tuple[str, str, Path | None, bool], ...] = (
    ("GET /healthz (signed in: the baseline)", "/healthz", None, True),
    ("GET /healthz (signed out)", "/healthz", None, False),
    ("POST /api/v1/sessions", "/api/v1/sessions", POST_SCRIPT, True),
    ("GET /history/", "/history/", None, True),
)


def _spread(values: list[float], fmt: str) -> str:
    """The median, and the range when there are several rounds."""
    middle = format(statistics.median(values), fmt)
    if len(values) == 1:
        return middle
    return f"{middle} ({format(min(values), fmt)}–{format(max(values), fmt)})"


def run(server: Server, *, seconds: int, rounds: int = 1) -> None:
    """``rounds`` times every endpoint in turn; ratios are taken within a round, then the
    median and range over the rounds are printed."""
    if shutil.which("wrk") is None:
        Console().print("[red]wrk is missing: apt-get install wrk[/red]")
        return
    measured: list[list[tuple[float, float]]] = [[] for _ in RUNS]
    with Progress() as progress:
        task = progress.add_task("wrk", total=len(RUNS) * rounds)
        for _ in range(rounds):
            for index, (_label, path, script, signed_in) in enumerate(RUNS):
                got = _wrk(server, path, seconds=seconds, script=script, signed_in=signed_in)
                measured[index].append(got)
                progress.advance(task)
    base = measured[0]
    title = f"HTTP under load (granian, 1 worker; wrk -t1 -c8 -d{seconds}s; {rounds} round(s))"
    table = Table(title=title)
    for column in ("endpoint", "req/s", "p99 ms", "req/s ÷ baseline", "p99 ÷ baseline"):
        table.add_column(column, justify="right")
    for (label, *_), rows in zip(RUNS, measured, strict=True):
        table.add_row(
            label,
            _spread([rps for rps, _ in rows], ".0f"),
            _spread([p99 for _, p99 in rows], ".1f"),
            _spread([r[0] / b[0] for r, b in zip(rows, base, strict=True)], ".2f"),
            _spread([r[1] / b[1] for r, b in zip(rows, base, strict=True)], ".1f"),
        )
    console = Console(width=150)
    console.print(table)
    signed_out = [s[0] / b[0] for s, b in zip(base, measured[1], strict=True)]
    console.print(f"signed-in ÷ signed-out /healthz (req/s): {_spread(signed_out, '.2f')}")
