"""``piri.sqlite``: one process's write transactions on a SQLite file are taken in turn, the
next one starting as soon as the one before commits, rolls back or its connection closes."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from piri.sqlite.base import DatabaseWrapper, writer_lock


def _wrapper(path: Path) -> DatabaseWrapper:
    # a SQLite file of its own, whatever database the suite runs on
    settings = {**connection.settings_dict, "NAME": str(path), "ENGINE": "piri.sqlite"}
    settings.update(HOST="", PORT="", USER="", PASSWORD="")
    settings["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 5}
    return DatabaseWrapper(settings, alias=f"writers-{threading.get_ident()}")


def _begin(db: DatabaseWrapper) -> None:
    db.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def _end(db: DatabaseWrapper, how: str) -> None:
    if how == "commit":
        db.commit()
    elif how == "rollback":
        db.rollback()
    else:
        db.close()
        return
    db.set_autocommit(True)


@pytest.fixture
def database(tmp_path: Path, django_db_blocker: Any) -> Iterator[Path]:
    """A SQLite file of its own (not the test database), open to every thread."""
    path = tmp_path / "writers.sqlite3"
    with django_db_blocker.unblock():
        db = _wrapper(path)
        with db.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("CREATE TABLE rows (thread INTEGER, n INTEGER)")
        db.close()
        yield path


@pytest.mark.parametrize("how", ["commit", "rollback", "close"])
def test_the_next_writer_starts_when_the_first_ends(database: Path, how: str) -> None:
    first = _wrapper(database)
    _begin(first)
    assert writer_lock(str(database)).locked()
    started: list[float] = []

    def second() -> None:
        db = _wrapper(database)
        _begin(db)
        started.append(time.monotonic())
        _end(db, "commit")
        db.close()

    thread = threading.Thread(target=second)
    thread.start()
    time.sleep(0.2)
    assert not started  # waiting for the first
    ended = time.monotonic()
    _end(first, how)
    thread.join(timeout=5)
    assert started and started[0] >= ended
    assert not writer_lock(str(database)).locked()
    first.close()


def test_eight_threads_write_without_a_locked_database(database: Path) -> None:
    errors: list[Any] = []

    def write(thread: int) -> None:
        db = _wrapper(database)
        try:
            for n in range(25):
                _begin(db)
                with db.cursor() as cursor:
                    cursor.execute("INSERT INTO rows VALUES (%s, %s)", [thread, n])
                _end(db, "commit")
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=write, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    reader = _wrapper(database)
    with reader.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM rows")
        assert cursor.fetchone()[0] == 200
    reader.close()
    assert not writer_lock(str(database)).locked()
