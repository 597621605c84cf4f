"""Availability under idle connections, against the real ``piri serve`` on 127.0.0.1.

Opens ``--idle`` sockets that send nothing and ``--keepalive`` connections that each send one
request and then wait; then times a new client's ``GET /healthz``, sends ``--posts`` session
POSTs at once (a patient signed in through the real sign-in page, with CSRF), and waits for the
server to close the idle sockets. ``tests/integration/test_availability.py`` asserts on the
same probes; ``docs/decisions/0009-serving-limits.md`` has the figures.

    uv run --frozen python -m bench.availability --idle 1000 --keepalive 200 --posts 50
    uv run --frozen python -m bench.availability --env PIRI_HEADER_TIMEOUT=3 --close-within 10
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import resource
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
USERNAME = "avail"
PASSWORD = "a-long-availability-passphrase-42"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def raise_open_file_limit(needed: int) -> int:
    """Raise this process's soft limit on open files towards ``needed`` (never past the hard
    limit); return the soft limit in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return soft


@dataclass(frozen=True)
class Server:
    port: int
    data_dir: Path
    env: dict[str, str]
    log: Path


@contextmanager
def piri_server(
    data_dir: Path, *, env: Mapping[str, str] | None = None, start_s: float = 60.0
) -> Iterator[Server]:
    """``python -m piri serve`` on a free port of 127.0.0.1, its own data folder; stopped (and
    killed if it does not stop) on the way out."""
    port = free_port()
    full_env = {
        **{k: v for k, v in os.environ.items() if k != "PIRI_DATABASE_URL"},  # its own SQLite
        "PIRI_DATA_DIR": str(data_dir),
        "PIRI_SECRET_KEY": "availability-only",
        "PIRI_LOG_LEVEL": "warning",
        "DJANGO_SETTINGS_MODULE": "piri.settings",
        "PYTHONPATH": str(ROOT),
        **(env or {}),
    }
    log = data_dir / "server.log"
    argv = [sys.executable, "-m", "piri", "serve", "--host", HOST, "--port", str(port)]
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            argv, env=full_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + start_s
        while healthz_seconds(port, timeout=1.0) is None:
            if proc.poll() is not None:
                raise RuntimeError(f"piri serve exited {proc.returncode}:\n{log.read_text()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"piri serve did not answer in {start_s} s:\n{log.read_text()}")
            time.sleep(0.2)
        yield Server(port=port, data_dir=data_dir, env=full_env, log=log)
    finally:
        proc.terminate()
        with suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # its own group: anything still running
        proc.wait(timeout=10)


def healthz_seconds(port: int, *, timeout: float) -> float | None:
    """Seconds a new connection takes to get ``200`` from ``/healthz``; None if it does not."""
    started = time.monotonic()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        response.read()
        return time.monotonic() - started if response.status == 200 else None
    except OSError:
        return None
    finally:
        conn.close()


def open_idle(port: int, count: int, *, timeout: float = 3.0) -> list[socket.socket]:
    """``count`` connections that send nothing (as many as connect within ``timeout`` each)."""
    sockets = []
    for _ in range(count):
        try:
            sockets.append(socket.create_connection((HOST, port), timeout=timeout))
        except OSError:
            break
    return sockets


def open_half_heads(port: int, count: int) -> list[socket.socket]:
    """``count`` connections that send the start of a request head and then nothing more."""
    sockets = open_idle(port, count)
    for sock in sockets:
        sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\nX-Slow: ".encode())
    return sockets


def open_slow_bodies(port: int, count: int) -> list[socket.socket]:
    """``count`` sign-in POSTs that announce a 100-byte form and send 3 bytes of it. The CSRF
    check reads the form, so each holds a request thread while it waits (no account needed)."""
    head = (
        f"POST /login/ HTTP/1.1\r\nHost: {HOST}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Cookie: csrftoken={'x' * 32}\r\nContent-Length: 100\r\n\r\nuse"
    )
    sockets = open_idle(port, count)
    for sock in sockets:
        sock.sendall(head.encode())
    return sockets


def dribble_head(port: int, *, every: float, within: float) -> float | None:
    """Send a request head one byte every ``every`` seconds, never finishing it; return the
    seconds until the server closes the connection (None if it does not within ``within``)."""
    started = time.monotonic()
    with socket.create_connection((HOST, port), timeout=every) as sock:
        sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\n".encode())
        while time.monotonic() - started < within:
            try:
                sock.sendall(b"X")
                if sock.recv(65536) == b"":
                    return time.monotonic() - started
            except TimeoutError:
                continue
            except OSError:  # reset
                return time.monotonic() - started
    return None


def _complete(buffer: bytes) -> bool:
    """A whole HTTP/1.1 response: headers and a Content-Length body, or a last chunk."""
    head, sep, body = buffer.partition(b"\r\n\r\n")
    if not sep:
        return False
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    if length:
        return len(body) >= int(length.group(1))
    return body.endswith(b"0\r\n\r\n")


def open_keep_alive(
    port: int, count: int, *, timeout: float
) -> tuple[list[socket.socket], int, float]:
    """``count`` connections that each send one ``GET /healthz`` and read the answer, then stay
    open and idle. Returns the sockets, how many were answered within ``timeout`` and the
    seconds until the last answer."""
    request = f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode()
    sockets = open_idle(port, count, timeout=timeout)
    started = time.monotonic()
    buffers: dict[socket.socket, bytes] = {}
    with selectors.DefaultSelector() as selector:
        for sock in sockets:
            sock.sendall(request)
            sock.setblocking(False)
            buffers[sock] = b""
            selector.register(sock, selectors.EVENT_READ)
        answered, last = 0, 0.0
        deadline = started + timeout
        while selector.get_map() and time.monotonic() < deadline:
            for key, _ in selector.select(timeout=max(0.0, deadline - time.monotonic())):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                try:
                    chunk = sock.recv(65536)
                except OSError:
                    chunk = b""
                buffers[sock] += chunk
                if not chunk or _complete(buffers[sock]):
                    selector.unregister(sock)
                    if chunk:
                        answered, last = answered + 1, time.monotonic() - started
    for sock in sockets:
        sock.setblocking(True)
    return sockets, answered, last


def closed_by_server(sockets: list[socket.socket], *, within: float) -> dict[socket.socket, float]:
    """Wait up to ``within`` seconds for the server to close ``sockets`` (end of stream or a
    reset). Returns the ``time.monotonic()`` at which each closed socket was seen closed."""
    closed: dict[socket.socket, float] = {}
    with selectors.DefaultSelector() as selector:
        for sock in sockets:
            sock.setblocking(False)
            selector.register(sock, selectors.EVENT_READ)
        deadline = time.monotonic() + within
        while selector.get_map() and time.monotonic() < deadline:
            for key, _ in selector.select(timeout=max(0.0, deadline - time.monotonic())):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                try:
                    gone = sock.recv(65536) == b""
                except BlockingIOError:
                    gone = False
                except OSError:  # reset
                    gone = True
                if gone:
                    selector.unregister(sock)
                    closed[sock] = time.monotonic()
    return closed


def close_all(sockets: list[socket.socket]) -> None:
    for sock in sockets:
        with suppress(OSError):
            sock.close()


# --- a signed-in patient -------------------------------------------------------------------

_SEED = """
import json, django
django.setup()
from django.utils import timezone
from piri.accounts.models import Patient, User
from piri.domain.triage import Screening as Kind, questions_for
from piri.program.services.onboarding import onboard
from piri.program.services.plans import plan_for
from piri.program.services.protocol import active_policy, active_protocol
from piri.program.services.screening import record_screening
user = User.objects.create_user(username={username!r}, password={password!r})
patient = Patient.objects.create(user=user, time_zone="Europe/London")
onboard(patient, protocol=active_protocol(), sides="right", floor_ok=True, tools=(),
        weekly_target=4, time_zone="Europe/London", baseline_pain=5, now=timezone.now())
policy = active_policy()
record_screening(patient, kind=Kind.ONBOARDING, policy=policy, now=timezone.now(),
                 answers={{q.id: "no" for q in questions_for(Kind.ONBOARDING, policy=policy)}})
plan = plan_for(patient, protocol=active_protocol())
print(json.dumps({{"plan_id": str(plan.id), "body": plan.body}}))
"""


@dataclass(frozen=True)
class Patient:
    cookie: str
    csrf: str
    plan_id: str
    plan: dict[str, Any]


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def signed_in_patient(server: Server, username: str = USERNAME) -> Patient:
    """A new onboarded, screened patient made in the server's database, signed in through the
    real sign-in page (``/login/``, CSRF token from the form)."""
    code = _SEED.format(username=username, password=PASSWORD)
    made = subprocess.run(
        [sys.executable, "-c", code], env=server.env, capture_output=True, text=True, timeout=60
    )
    if made.returncode != 0:
        raise RuntimeError(f"could not make the patient:\n{made.stderr}")
    seeded = json.loads(made.stdout.strip().splitlines()[-1])
    conn = http.client.HTTPConnection(HOST, server.port, timeout=10)
    try:
        conn.request("GET", "/login/")
        page = conn.getresponse()
        html = page.read().decode()
        cookies = _cookies(page)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token is not None, "no CSRF token on the sign-in page"
        form = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
        )
        conn.request(
            "POST",
            "/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookies['csrftoken']}",
            },
        )
        signed_in = conn.getresponse()
        signed_in.read()
        cookies |= _cookies(signed_in)
    finally:
        conn.close()
    assert signed_in.status == 302 and "sessionid" in cookies, f"sign-in: {signed_in.status}"
    return Patient(
        cookie=f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}",
        csrf=cookies["csrftoken"],
        plan_id=seeded["plan_id"],
        plan=seeded["body"],
    )


def session_body(patient: Patient) -> bytes:
    """A finished session, as the player posts it, with a new ``client_id``."""
    steps = patient.plan["steps"]
    started = time.time() - 1200
    iso = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(started))
    ended = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(started + patient.plan["total_s"]))
    return json.dumps(
        {
            "client_id": str(uuid.uuid4()),
            "plan_id": patient.plan_id,
            "started_at": iso,
            "ended_at": ended,
            "completed": True,
            "steps": [
                {"step_id": s["id"], "status": "done", "seconds": s["duration_s"]} for s in steps
            ],
            "checks": [
                {"step_id": s["id"], "change": "same", "extent": "thigh", "pain": 2}
                for s in steps
                if s["kind"] == "check"
            ],
            "end_pain": 2,
        }
    ).encode()


def post_sessions(
    port: int, patient: Patient, count: int, *, timeout: float
) -> list[tuple[int | None, float]]:
    """``count`` clients POST a session at once, each on its own keep-alive connection.
    Returns (status or None for no answer within ``timeout``, seconds) per client."""
    start = threading.Barrier(count)

    def one(_: int) -> tuple[int | None, float]:
        body = session_body(patient)
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        try:
            conn.connect()
            start.wait(timeout=timeout)
            started = time.monotonic()
            conn.request(
                "POST",
                "/api/v1/sessions",
                body=body,
                headers={
                    "Content-Type": "application/json",
                    "Cookie": patient.cookie,
                    "X-CSRFToken": patient.csrf,
                },
            )
            response = conn.getresponse()
            response.read()
            return response.status, time.monotonic() - started
        except (OSError, threading.BrokenBarrierError):
            return None, timeout
        finally:
            conn.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


# --- the measurement -----------------------------------------------------------------------


def measure(
    *,
    idle: int,
    keep_alive: int,
    posts: int,
    env: Mapping[str, str],
    wait_s: float,
    close_within: float,
    slow_bodies: int = 0,
) -> dict[str, Any]:
    raise_open_file_limit(idle + keep_alive + posts + 256)
    figures: dict[str, Any] = {}
    with (
        tempfile.TemporaryDirectory(prefix="piri-avail-") as tmp,
        piri_server(Path(tmp), env=env) as server,
    ):
        patient = signed_in_patient(server)
        figures["healthz_s_alone"] = healthz_seconds(server.port, timeout=wait_s)
        idle_opened = time.monotonic()
        idle_sockets = open_idle(server.port, idle)
        figures["idle_connected"] = len(idle_sockets)
        kept_opened = time.monotonic()
        kept, answered, last = open_keep_alive(server.port, keep_alive, timeout=wait_s)
        figures["keep_alive_answered"] = f"{answered}/{len(kept)} (last after {last:.2f} s)"
        try:
            figures["healthz_s_while_idle"] = healthz_seconds(server.port, timeout=wait_s)
            results = post_sessions(server.port, patient, posts, timeout=wait_s)
            done = [s for status, s in results if status is not None]
            statuses = sorted({status for status, _ in results if status is not None})
            figures["posts_answered"] = f"{len(done)}/{posts} {statuses}"
            figures["posts_slowest_s"] = round(max(done), 2) if done else None
            if slow_bodies:
                slow = open_slow_bodies(server.port, slow_bodies)
                time.sleep(0.5)
                figures["healthz_s_slow_bodies"] = healthz_seconds(server.port, timeout=wait_s)
                close_all(slow)
            if close_within > 0:
                closed = closed_by_server(idle_sockets + kept, within=close_within)
                for name, group, since in (
                    ("idle_closed", idle_sockets, idle_opened),
                    ("keep_alive_closed", kept, kept_opened),
                ):
                    times = [closed[sock] - since for sock in group if sock in closed]
                    span = f" ({min(times):.1f}-{max(times):.1f} s after opening)" if times else ""
                    figures[name] = f"{len(times)}/{len(group)}{span}"
        finally:
            close_all(idle_sockets)
            close_all(kept)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.availability")
    parser.add_argument("--idle", type=int, default=1000, help="sockets that send nothing")
    parser.add_argument("--keepalive", type=int, default=200, help="idle keep-alive connections")
    parser.add_argument("--posts", type=int, default=50, help="concurrent session POSTs")
    parser.add_argument("--wait", type=float, default=10.0, help="seconds to wait for answers")
    parser.add_argument(
        "--close-within", type=float, default=0.0, help="seconds to wait for the server to close"
    )
    parser.add_argument(
        "--slow-bodies", type=int, default=0, help="then time /healthz past slow sign-in POSTs"
    )
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for piri serve")
    args = parser.parse_args()
    env = dict(item.split("=", 1) for item in args.env)
    figures = measure(
        idle=args.idle,
        keep_alive=args.keepalive,
        posts=args.posts,
        env=env,
        wait_s=args.wait,
        close_within=args.close_within,
        slow_bodies=args.slow_bodies,
    )
    for name, value in figures.items():
        print(f"{name:22} {value}")


if __name__ == "__main__":
    main()
