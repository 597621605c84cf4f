"""Mixed load: 200 patients and 5 clinicians using Piri at once, against ``piri serve``'s
granian with 2 workers, on SQLite or on PostgreSQL (when ``PIRI_DATABASE_URL`` is set, as
``scripts/with-postgres.sh`` does: a fresh database is made on that server and dropped).

Each simulated person is a thread with its own keep-alive connection (``http.client``) that
pauses between requests (exponential, ``--think`` seconds on average; clinicians half that).
A patient's visit is one of: a session day (home, check-in, the safety questions, the session
page, the session stored, history), a look around (home, progress, history, what works), or a
check-in alone. A clinician opens the dashboard, two patients' pages and the red-flag list.
Requests sent in the first two mean pauses (the warm-up) are not counted. Printed: requests/s,
p50 / p99 / worst per route, and every error (a status other than the route's, or no answer).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.mixed_report import Cpu, Sample, print_report, tree_cpu_seconds
from bench.mixed_store import throwaway_database
from piri.serving import granian_argv

WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))  # piri serve on a 2-core machine
WARMUP_PAUSES = 2  # not counted: the first two mean pauses (everyone has started; the workers'
# first connections, compiled templates and caches are in place)
HERE = os.path.dirname(os.path.abspath(__file__))


@dataclass
class Person:
    host: str
    port: int
    cookie: str
    csrf: str
    think_s: float
    rng: random.Random
    stop: threading.Event
    samples: list[Sample] = field(default_factory=list)
    warm_at: float = 0.0
    sent: int = 0  # warm-up included
    conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, route: str, ok: tuple[int, ...], body: Any = None):
        if self.stop.is_set():  # the run is over: the rest of a visit is not sent
            return 0
        headers = {"Cookie": f"sessionid={self.cookie}; csrftoken={self.csrf}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers |= {"Content-Type": "application/json", "X-CSRFToken": self.csrf}
        started = time.perf_counter()
        status, error = 0, ""
        for attempt in (1, 2):  # a kept-alive connection the server closed: once more, anew
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                response.read()
                status = response.status
                error = "" if status in ok else f"status {status}"
                break
            except (ConnectionError, http.client.HTTPException, OSError) as exc:
                self.conn.close()
                self.conn = None
                error = f"{type(exc).__name__}: {exc}"
                if not (reused and attempt == 1):
                    break
        self.sent += 1
        if started >= self.warm_at:
            ms = (time.perf_counter() - started) * 1000
            self.samples.append(Sample(route, ms, error, started))
        return status

    def pause(self, scale: float = 1.0) -> None:
        self.stop.wait(self.rng.expovariate(1 / (self.think_s * scale)))


def _patient_visits(person: Person, me: dict[str, Any], before_session: list[str]) -> None:
    page = (200,)

    def session_day() -> None:
        person.request("GET", "/", "GET /", page)
        person.pause()
        checkin = {"pain_now": person.rng.randint(0, 6), "extent": "buttock", "sitting_minutes": 30}
        person.request("POST", "/api/v1/checkins", "POST /api/v1/checkins", (200, 201), checkin)
        person.pause()
        answers = dict.fromkeys(before_session, "no")
        body = {"kind": "before_session", "answers": answers}
        person.request("POST", "/api/v1/screenings", "POST /api/v1/screenings", (201,), body)
        person.pause()
        person.request("GET", "/session/", "GET /session/", page)
        person.pause()
        now = datetime.now(UTC)
        report = {
            "client_id": str(uuid.uuid4()),
            "plan_id": me["plan_id"],
            "started_at": (now - timedelta(minutes=14)).isoformat(),
            "ended_at": (now - timedelta(minutes=2)).isoformat(),
            "completed": True,
            "steps": [],
            "checks": [],
            "end_pain": person.rng.randint(0, 5),
        }
        person.request("POST", "/api/v1/sessions", "POST /api/v1/sessions", (201,), report)
        person.pause()
        person.request("GET", "/history/", "GET /history/", page)

    def look_around() -> None:
        for path in ("/", "/progress/", "/history/", "/insights/"):
            person.request("GET", path, f"GET {path}", page)
            person.pause()

    def check_in() -> None:
        body = {"pain_average": person.rng.randint(0, 6), "extent": "thigh", "change": "same"}
        person.request("POST", "/api/v1/checkins", "POST /api/v1/checkins", (200, 201), body)

    visits: list[Callable[[], None]] = [session_day, look_around, check_in]
    while not person.stop.is_set():
        person.rng.choices(visits, weights=(2, 2, 1))[0]()
        person.pause()


def _clinician_visits(person: Person, patients: list[dict[str, Any]]) -> None:
    while not person.stop.is_set():
        person.request("GET", "/clinic/", "GET /clinic/", (200,))
        for one in person.rng.sample(patients, 2):
            person.pause(0.5)
            path = f"/clinic/patients/{one['id']}/"
            person.request("GET", path, "GET /clinic/patients/<id>/", (200,))
        person.pause(0.5)
        person.request("GET", "/clinic/?show=flags", "GET /clinic/?show=flags", (200,))
        person.pause(0.5)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _seed(env: dict[str, str], patients: int) -> dict[str, Any]:
    code = "from bench.mixed_seed import main; main()"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "BENCH_PATIENTS": str(patients)},
        check=True,
        capture_output=True,
        text=True,
    )
    print(out.stderr.strip().splitlines()[-1])
    people: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return people


def _drive(port: int, people: dict[str, Any], *, seconds: float, think_s: float) -> list[Person]:
    stop = threading.Event()
    warmup_s = WARMUP_PAUSES * think_s
    warm_at = time.perf_counter() + warmup_s
    crowd: list[tuple[Person, Callable[[], None]]] = []
    for n, me in enumerate(people["patients"]):
        person = Person(
            "127.0.0.1", port, me["cookie"], people["csrf"], think_s, random.Random(n), stop
        )
        crowd.append(
            (person, lambda p=person, m=me: _patient_visits(p, m, people["before_session"]))
        )
    for n, me in enumerate(people["clinicians"]):
        person = Person(
            "127.0.0.1", port, me["cookie"], people["csrf"], think_s, random.Random(-n - 1), stop
        )
        crowd.append((person, lambda p=person: _clinician_visits(p, people["patients"])))
    threads = []
    for person, visits in crowd:
        person.warm_at = warm_at

        def start(p: Person = person, v: Callable[[], None] = visits) -> None:
            p.stop.wait(p.rng.uniform(0, think_s))  # not all at the same moment
            v()

        threads.append(threading.Thread(target=start, daemon=True))
    for thread in threads:
        thread.start()
    time.sleep(warmup_s + seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    return [person for person, _ in crowd]


def run(*, seconds: float = 60, think_s: float = 5.0, patients: int = 200) -> None:
    with (
        tempfile.TemporaryDirectory(prefix="piri-bench-mixed-") as data_dir,
        throwaway_database() as (
            database,
            url,
        ),
    ):
        env = {
            **os.environ,
            "PIRI_DATA_DIR": data_dir,
            "PIRI_SECRET_KEY": "bench-only",
            "DJANGO_SETTINGS_MODULE": "piri.settings",
            "PYTHONPATH": os.path.dirname(HERE),
        }
        if url:
            env["PIRI_DATABASE_URL"] = url
        people = _seed(env, patients)
        port = _free_port()
        argv = granian_argv(host="127.0.0.1", port=port, workers=WORKERS)
        server = subprocess.Popen(argv, env={**env, "PIRI_LOG_LEVEL": "warning"})
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            time.sleep(1)  # the workers have loaded the app
            cpu_before, driver_before = tree_cpu_seconds(server.pid), time.process_time()
            load_before = os.getloadavg()[0]
            crowd = _drive(port, people, seconds=seconds, think_s=think_s)
            server_cpu = tree_cpu_seconds(server.pid) - cpu_before
            driver_cpu = time.process_time() - driver_before
            load = (load_before, os.getloadavg()[0])
        finally:
            server.terminate()
            server.wait(timeout=20)
    samples = [sample for person in crowd for sample in person.samples]
    title = (
        f"Mixed load on {database}: {len(people['patients'])} patients, "
        f"{len(people['clinicians'])} clinicians, think {think_s:g} s, {seconds:g} s, "
        f"granian {WORKERS} workers × {os.environ.get('PIRI_THREADS') or 4} threads"
    )
    cpu = Cpu(server_cpu, driver_cpu, WARMUP_PAUSES * think_s + seconds, sum(p.sent for p in crowd))
    print_report(title, samples, seconds=seconds, cpu=cpu)
    print(f"machine load (1-minute average, 2 cores) {load[0]:.1f} before, {load[1]:.1f} after")
    reasons = Counter(sample.error for sample in samples if sample.error)
    for reason, count in reasons.most_common(8):
        print(f"  error ×{count}: {reason}")
