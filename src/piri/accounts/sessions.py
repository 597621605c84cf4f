"""The session store (``SESSION_ENGINE``): Django's database sessions, read by one SQL query
written once instead of an ORM query built on every request.

Every signed-in request reads its session row. Django's own store builds that query through
the ORM each time: about 0.25 ms of Python around a 0.02 ms query (``docs/performance.md``).
Only the read changes. Writing, expiry, cycling the key on sign-in and ``clearsessions`` are
Django's, on the same table; nothing is kept in a process, so signing out deletes the row and
every worker refuses the cookie from the next request on.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from piri.sql_rows import column, once_per_connection, table


def _load_sql(connection: BaseDatabaseWrapper) -> str:
    data, key, expires = (
        column(Session, name, connection) for name in ("session_data", "session_key", "expire_date")
    )
    return f"SELECT {data} FROM {table(Session, connection)} WHERE {key} = %s AND {expires} > %s"


class SessionStore(DatabaseStore):
    def load(self) -> dict[str, Any]:
        """The session's data; ``{}`` (and no key) when the row is gone or expired, as
        Django's store answers."""
        connection = connections[router.db_for_read(Session)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(once_per_connection(connection, _load_sql), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        data: dict[str, Any] = self.decode(row[0])
        return data
