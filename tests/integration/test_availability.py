"""The real ``piri serve`` stays available while a thousand connections sit idle, and closes
them after the header timeout (``docs/decisions/0009-serving-limits.md``).

One server for the module, on a free port of 127.0.0.1 with its own data folder; the probes are
in ``bench/availability.py``, which prints the same figures.
"""

from __future__ import annotations

import re
import resource
import socket
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from bench.availability import (
    Patient,
    Server,
    close_all,
    closed_by_server,
    dribble_head,
    healthz_seconds,
    open_half_heads,
    open_idle,
    open_keep_alive,
    piri_server,
    post_sessions,
    raise_open_file_limit,
    signed_in_patient,
)

from piri import serving

ROOT = Path(__file__).resolve().parents[2]

IDLE = 1000  # connected, not a byte sent
KEEP_ALIVE = 200  # one request answered, then idle
HALF_HEADS = 20  # the start of a request head, then nothing
POSTS = 50  # concurrent session posts from one signed-in patient
HEADER_TIMEOUT_S = 5  # PIRI_HEADER_TIMEOUT for this server (10 by default)
FILES_NEEDED = IDLE + KEEP_ALIVE + HALF_HEADS + POSTS + 200  # and the test's own files


@dataclass
class Crowd:
    server: Server
    patient: Patient
    idle: list[socket.socket]
    keep_alive: list[socket.socket]
    keep_alive_answered: int
    half_heads: list[socket.socket]
    dribbled: Future[float | None]  # seconds until a head sent a byte at a time was cut off
    opened: float


def still_open(sockets: list[socket.socket]) -> int:
    """How many of ``sockets`` the server has not closed (nothing to read yet)."""
    count = 0
    for sock in sockets:
        sock.setblocking(False)
        try:
            count += sock.recv(1, socket.MSG_PEEK) != b""  # data waiting: open too
        except BlockingIOError:
            count += 1
        except OSError:
            pass
        finally:
            sock.setblocking(True)
    return count


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crowd]:
    soft = raise_open_file_limit(FILES_NEEDED)
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert soft >= FILES_NEEDED, f"ulimit -n is {soft} (hard {hard}), the test needs {FILES_NEEDED}"
    data_dir = tmp_path_factory.mktemp("availability")
    env = {"PIRI_HEADER_TIMEOUT": str(HEADER_TIMEOUT_S)}
    with piri_server(data_dir, env=env, start_s=40) as server:
        patient = signed_in_patient(server)
        opened = time.monotonic()
        idle: list[socket.socket] = []
        keep_alive: list[socket.socket] = []
        half_heads: list[socket.socket] = []
        with ThreadPoolExecutor(max_workers=1) as background:
            dribbled = background.submit(
                dribble_head, server.port, every=0.25, within=HEADER_TIMEOUT_S + 5
            )
            try:
                idle = open_idle(server.port, IDLE)
                keep_alive, answered, _ = open_keep_alive(server.port, KEEP_ALIVE, timeout=5)
                half_heads = open_half_heads(server.port, HALF_HEADS)
                yield Crowd(
                    server, patient, idle, keep_alive, answered, half_heads, dribbled, opened
                )
            finally:
                close_all(idle + keep_alive + half_heads)


def test_a_new_client_gets_healthz_within_a_second_past_1000_idle_sockets(crowd: Crowd):
    assert len(crowd.idle) == IDLE, "the server stopped taking connections"
    assert crowd.keep_alive_answered == KEEP_ALIVE
    seconds = healthz_seconds(crowd.server.port, timeout=5)
    assert seconds is not None and seconds < 1.0, f"/healthz: {seconds}"
    assert still_open(crowd.idle) == IDLE, "the idle sockets were closed before the check"


def test_50_concurrent_session_posts_are_all_answered(crowd: Crowd):
    results = post_sessions(crowd.server.port, crowd.patient, POSTS, timeout=20)
    statuses = [status for status, _ in results]
    assert statuses == [201] * POSTS, statuses
    assert max(seconds for _, seconds in results) < 20


def test_idle_half_sent_and_kept_alive_connections_are_closed_after_the_header_timeout(
    crowd: Crowd,
):
    everyone = crowd.idle + crowd.half_heads + crowd.keep_alive
    closed = closed_by_server(everyone, within=HEADER_TIMEOUT_S + 5)
    assert len(closed) == len(everyone), f"{len(everyone) - len(closed)} still open"
    first, last = min(closed.values()), max(closed.values())
    assert first - crowd.opened >= HEADER_TIMEOUT_S - 0.5, "closed before the timeout"
    assert last - crowd.opened <= HEADER_TIMEOUT_S + 4


def test_a_head_sent_a_byte_at_a_time_is_closed_after_the_header_timeout(crowd: Crowd):
    seconds = crowd.dribbled.result(timeout=HEADER_TIMEOUT_S + 10)
    assert seconds is not None, "still open"
    assert HEADER_TIMEOUT_S - 0.5 <= seconds <= HEADER_TIMEOUT_S + 2


# --- the docs say what the server does --------------------------------------------------------


def fenced(markdown: str, language: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", markdown, flags=re.S)
    assert len(blocks) == 1, f"one {language} example expected, found {len(blocks)}"
    return blocks[0]


def seconds(value: str) -> int:
    number = re.fullmatch(r"(\d+)s", value)
    assert number, value
    return int(number.group(1))


def test_the_readme_gives_the_serving_defaults():
    readme = (ROOT / "README.md").read_text()
    for name, default in (
        ("PIRI_THREADS", serving.THREADS),
        ("PIRI_BACKPRESSURE", serving.CONNECTIONS),
        ("PIRI_HEADER_TIMEOUT", serving.HEADER_TIMEOUT_S),
    ):
        row = re.search(rf"^\| `{name}` \|.*\| `([^`]+)` \|$", readme, flags=re.M)
        assert row and row.group(1) == str(default), f"README.md: {name} default"


def test_the_nginx_example_buffers_bodies_and_times_out_slow_clients():
    nginx = fenced((ROOT / "docs/deploy.md").read_text(), "nginx")
    assert nginx.count("{") == nginx.count("}")
    directives = {}
    for line in nginx.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.endswith("{") or line == "}":
            continue
        assert line.endswith(";"), f"no ; after {line!r}"
        name, _, value = line.rstrip(";").partition(" ")
        directives.setdefault(name, []).append(value.strip())
    assert set(directives["proxy_pass"]) == {"http://127.0.0.1:8000"}
    assert "X-Forwarded-Proto $scheme" in directives["proxy_set_header"]
    assert set(directives["proxy_request_buffering"]) == {"on"}
    assert seconds(directives["client_header_timeout"][0]) <= serving.HEADER_TIMEOUT_S
    server_level, *uploads = (seconds(value) for value in directives["client_body_timeout"])
    assert server_level <= 30 and all(between <= 60 for between in uploads)
    assert directives["client_max_body_size"] == ["1m", "220m"]  # the clinic videos' page
    assert "upstream" not in directives  # one connection to Piri per request: never a stale one


def test_the_caddy_example_buffers_bodies_and_reuses_connections_briefly():
    caddy = fenced((ROOT / "docs/deploy.md").read_text(), "caddy")
    assert caddy.count("{") == caddy.count("}")
    lines = [line.strip() for line in caddy.splitlines()]
    assert "reverse_proxy 127.0.0.1:8000 {" in lines
    assert "buffer_requests" in lines
    words = dict(line.split(" ", 1) for line in lines if " " in line and "{" not in line)
    assert seconds(words["read_header"]) <= serving.HEADER_TIMEOUT_S
    assert seconds(words["read_body"]) <= 60
    assert seconds(words["keepalive"]) < serving.HEADER_TIMEOUT_S
