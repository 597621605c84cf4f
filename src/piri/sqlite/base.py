"""Django's SQLite backend, with the write transactions of one process taken in turn.

SQLite lets one writer in at a time. Every transaction here starts with ``BEGIN IMMEDIATE``
(it takes the write lock at once, so two transactions never deadlock upgrading a read), and
a writer that finds the lock taken waits in SQLite's busy handler, which sleeps 1, 2, 5, 10,
… up to 100 ms between tries. With four request threads per worker, one thread could lose
that race again and again while the others wrote: under eight clients posting sessions, p99
was 190 to 760 ms against 45 to 100 ms with one thread (``docs/performance.md``).

So the threads of one process queue on a lock of their own before ``BEGIN IMMEDIATE`` and
are woken the moment the transaction before theirs commits or rolls back; SQLite's busy
handler is left to arbitrate between processes (granian's workers, commands). The lock is
only an order: a thread that has waited ``WAIT_S`` seconds goes on without it, and SQLite's
own locking keeps the data right whatever happens here.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db.backends.sqlite3 import base

WAIT_S = 5.0  # as long as SQLite's busy timeout (settings.py)
_locks: dict[str, threading.Lock] = {}
_locks_lock = threading.Lock()


def writer_lock(name: str) -> threading.Lock:
    """The lock of one database file, shared by this process's threads."""
    with _locks_lock:
        return _locks.setdefault(name, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    _writing: threading.Lock | None = None  # the lock this connection holds, if any

    def _start_transaction_under_autocommit(self) -> None:
        lock = writer_lock(str(self.settings_dict["NAME"]))
        if lock.acquire(timeout=WAIT_S):
            self._writing = lock
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._let_go()
            raise

    def _commit(self) -> Any:
        try:
            return super()._commit()  # type: ignore[misc]
        finally:
            self._let_go()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]
        finally:
            self._let_go()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]
        finally:
            self._let_go()

    def _let_go(self) -> None:
        lock, self._writing = self._writing, None
        if lock is not None:
            lock.release()
