"""Real ``piri worker`` processes on a database of their own (SQLite in a temporary folder, or
a fresh PostgreSQL database under ``make test-postgres``): a worker killed with SIGKILL
mid-job loses nothing, two workers run each of N jobs exactly once and fire the nightly job
once, and ``piri serve`` starts a worker beside the web server and stops it on the way out.

The jobs below are test-only: the workers import them from this module by their path.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from piri.jobs.policy import Retry, job

ROOT = Path(__file__).resolve().parents[2]
JOBS = "django_tasks_database_dbtaskresult"
N = 40


@job(retry=Retry(attempts=3, first_delay_s=0))
def probe(n: int) -> None:
    """Count one run of job ``n`` in the probe table, with the worker that ran it."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO job_probe (n, pid) VALUES (%s, %s)", [n, os.getpid()])
    time.sleep(0.05)


@job(retry=Retry(attempts=3, first_delay_s=0))
def blocks(flag: str, marks: str) -> None:
    """Mark the start, wait while ``flag`` exists (a minute at most), mark the end."""
    Path(marks, f"started-{os.getpid()}").touch()
    deadline = time.monotonic() + 60
    while Path(flag).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    Path(marks, f"done-{os.getpid()}").touch()


@dataclass
class Scratch:
    env: dict[str, str]
    query: Callable[[str], list[tuple[Any, ...]]]
    folder: Path

    def python(self, code: str) -> None:
        setup = "import django; django.setup()\n"
        done = subprocess.run(
            [sys.executable, "-c", setup + code], env=self.env, capture_output=True, timeout=120
        )
        assert done.returncode == 0, done.stderr.decode()

    def worker(self, name: str, *args: str) -> tuple[subprocess.Popen[bytes], Path]:
        log = self.folder / f"{name}.log"
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "piri", "worker", "--id", name, "--poll", "0.1", *args],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return proc, log


def wait_for(check: Callable[[], bool], what: str, *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.1)


def stop(proc: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    finally:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _database(folder: Path) -> Iterator[tuple[dict[str, str], Callable[[str], Any]]]:
    """A fresh database for the workers: its settings and a way to run SQL on it."""
    base = os.environ.get("PIRI_DATABASE_URL", "")
    if base.startswith("postgres"):
        import psycopg

        name = f"piri_jobs_{uuid.uuid4().hex[:8]}"
        url = urlunsplit(urlsplit(base)._replace(path=f"/{name}"))
        server = urlunsplit(urlsplit(base)._replace(path="/postgres"))
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")

        def pg(sql: str) -> Any:
            with psycopg.connect(url, autocommit=True) as db:
                cursor = db.execute(sql)
                return cursor.fetchall() if cursor.description else []

        try:
            yield {"PIRI_DATABASE_URL": url}, pg
        finally:
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        return

    def lite(sql: str) -> Any:
        with sqlite3.connect(folder / "piri.sqlite3", timeout=10) as db:
            return db.execute(sql).fetchall()

    yield {"PIRI_DATA_DIR": str(folder)}, lite


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scratch]:
    folder = tmp_path_factory.mktemp("workers")
    for database, query in _database(folder):
        env = {
            **{k: v for k, v in os.environ.items() if k not in ("PIRI_DATABASE_URL",)},
            "PIRI_DATA_DIR": str(folder),
            "PIRI_SECRET_KEY": "workers-only",
            "PIRI_WORKER_LEASE": "2",
            "PIRI_TRIAGE_AT": "00:00",
            "PIRI_PURGE_AT": "",  # one nightly job here: the triage rebuild
            "DJANGO_SETTINGS_MODULE": "piri.settings",
            "PYTHONPATH": str(ROOT),
            **database,
        }
        migrate = subprocess.run(
            [sys.executable, "-m", "piri", "migrate", "-v0"], env=env, capture_output=True
        )
        assert migrate.returncode == 0, migrate.stderr.decode()
        query("CREATE TABLE job_probe (n integer NOT NULL, pid integer NOT NULL)")
        yield Scratch(env=env, query=query, folder=folder)


def test_a_worker_killed_mid_job_loses_nothing(scratch: Scratch, tmp_path: Path):
    flag = tmp_path / "hold"
    flag.touch()
    scratch.python(
        "from tests.integration.test_worker_processes import blocks\n"
        f"blocks.enqueue({str(flag)!r}, {str(tmp_path)!r})"
    )
    first, _log = scratch.worker("first")
    try:
        wait_for(lambda: any(tmp_path.glob("started-*")), "the first worker to start the job")
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    [(status,)] = scratch.query(f"SELECT status FROM {JOBS} WHERE task_path LIKE '%.blocks'")
    assert status == "RUNNING" and not any(tmp_path.glob("done-*"))
    flag.unlink()
    second, log = scratch.worker("second")
    try:
        wait_for(lambda: any(tmp_path.glob("done-*")), "the second worker to finish the job")
        wait_for(lambda: "done  blocks" in log.read_text(), "the second worker's report")
    finally:
        stop(second)
    text = log.read_text()
    assert "lost, retry blocks" in text and "worker first stopped answering" in text
    [(status,)] = scratch.query(f"SELECT status FROM {JOBS} WHERE task_path LIKE '%.blocks'")
    assert status == "SUCCESSFUL"
    assert [p.name for p in tmp_path.glob("done-*")] == [f"done-{second.pid}"]


def test_two_workers_run_each_job_exactly_once_and_the_night_once(scratch: Scratch):
    workers = [scratch.worker(name) for name in ("left", "right")]
    try:
        for _proc, log in workers:
            wait_for(lambda log=log: "started:" in log.read_text(), f"{log.name} to start")
        scratch.python(
            "from tests.integration.test_worker_processes import probe\n"
            f"for n in range({N}): probe.enqueue(n)"
        )

        def drained() -> bool:
            waiting = scratch.query(
                f"SELECT count(*) FROM {JOBS} WHERE status IN ('READY', 'RUNNING')"
            )
            return waiting[0][0] == 0 and scratch.query("SELECT count(*) FROM job_probe")[0][0] >= N

        wait_for(drained, f"two workers to drain {N} jobs")
        time.sleep(1)  # room for a second run of any job, were there one
    finally:
        for proc, _log in workers:
            stop(proc)
    runs = scratch.query("SELECT n, pid FROM job_probe")
    assert sorted(n for n, _pid in runs) == list(range(N))  # each once, none twice
    assert {pid for _n, pid in runs} == {proc.pid for proc, _log in workers}  # both worked
    night = "SELECT count(*) FROM jobs_scheduledrun WHERE name = 'triage-rebuild'"
    assert scratch.query(night) == [(1,)]
    rebuilds = f"SELECT status FROM {JOBS} WHERE task_path LIKE '%.rebuild_triage'"
    assert scratch.query(rebuilds) == [("SUCCESSFUL",)]


def test_piri_serve_runs_a_worker_beside_the_server_and_stops_it(tmp_path: Path):
    from bench.availability import piri_server

    database = tmp_path / "piri.sqlite3"

    def beats() -> list[tuple[str, int]]:
        if not database.exists():
            return []
        with suppress(sqlite3.OperationalError), sqlite3.connect(database, timeout=10) as db:
            return db.execute("SELECT worker_id, pid FROM jobs_workerbeat").fetchall()
        return []

    with piri_server(tmp_path, env={"PIRI_TRIAGE_AT": "00:00"}) as server:
        wait_for(lambda: len(beats()) == 1, "the worker beside the server", seconds=30)
        [(_worker, pid)] = beats()
        wait_for(lambda: "done  rebuild_triage" in server.log.read_text(), "the night's job")
    assert beats() == []  # stopped cleanly: its beat is gone
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
