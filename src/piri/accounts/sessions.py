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
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseStore):
    def load(self) -> dict[str, Any]:
        """The session's data; ``{}`` (and no key) when the row is gone or expired, as
        Django's store answers."""
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        data_, key, expires = (
            quote(str(getattr(model._meta.get_field(name), "column", name)))
            for name in ("session_data", "session_key", "expire_date")
        )
        sql = (
            f"SELECT {data_} FROM {quote(model._meta.db_table)} WHERE {key} = %s AND {expires} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        data: dict[str, Any] = self.decode(row[0])
        return data
