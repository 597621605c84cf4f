"""The database a mixed-load run uses: SQLite in the run's data folder, or, when
``PIRI_DATABASE_URL`` names a PostgreSQL server (``scripts/with-postgres.sh`` sets it), a
fresh database made on that server for the run and dropped after it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit


@contextmanager
def throwaway_database() -> Iterator[tuple[str, str | None]]:
    """``(what it is, the URL to use)``; the URL is None for SQLite."""
    url = os.environ.get("PIRI_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield "SQLite (WAL)", None
        return
    import psycopg

    parts = urlsplit(url)
    name = f"piri_bench_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        version = conn.execute("SHOW server_version").fetchone()
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        label = f"PostgreSQL {version[0] if version else ''}".strip()
        yield label, urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
