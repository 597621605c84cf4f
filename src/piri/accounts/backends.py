"""The authentication backend: Django's ``ModelBackend``, with the signed-in person loaded
together with their patient profile, in one query whose SQL is written once.

Every signed-in request loads its user (Django checks it is active and that the session was
made with its current password), and nearly every one then reads ``user.patient`` (the time
zone, the safety gate, the header). Through the ORM that was two queries, each about 0.3 ms of
Python building SQL around a 0.02 ms lookup (``docs/performance.md``). Here it is one ``LEFT
JOIN`` on the primary key (``piri.sql_rows``), and the objects are the ones the ORM would
make: ``user.patient`` is set (or known to be missing) and ``patient.user`` is the same user.
Nothing is cached between requests: a deactivated person, a changed password or a deleted
session take effect on the next request, in every worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper

from piri.accounts.models import Patient, User
from piri.sql_rows import Columns, column, once_per_connection, table

PATH = "piri.accounts.backends.PeopleBackend"
"""This backend's path, for ``login(…, backend=PATH)`` and ``AUTHENTICATION_BACKENDS``."""


@dataclass(frozen=True, slots=True)
class _PersonQuery:
    sql: str
    user: Columns
    patient: Columns


def _person_query(connection: BaseDatabaseWrapper) -> _PersonQuery:
    user, patient = Columns.of(User, connection), Columns.of(Patient, connection)
    user_id, pk = column(Patient, "user", connection), column(User, "id", connection)
    sql = (
        f"SELECT {user.select('u', connection)}, {patient.select('p', connection)} "
        f"FROM {table(User, connection)} u "
        f"LEFT OUTER JOIN {table(Patient, connection)} p ON p.{user_id} = u.{pk} "
        f"WHERE u.{pk} = %s"
    )
    return _PersonQuery(sql=sql, user=user, patient=patient)


def load_person(user_id: Any) -> User | None:
    """The user with this id, ``user.patient`` already set (``None`` when not a patient)."""
    connection = connections[router.db_for_read(User)]
    query = once_per_connection(connection, _person_query)
    with connection.cursor() as cursor:
        cursor.execute(query.sql, [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    width = len(query.user)
    user: User = query.user.build(row[:width], connection)
    patient = query.patient.build(row[width:], connection) if row[width] is not None else None
    User.patient.related.set_cached_value(user, patient)
    if patient is not None:
        Patient.user.field.set_cached_value(patient, user)
    return user


class PeopleBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = load_person(user_id)  # Django has read the id with the primary key's to_python
        return user if user is not None and self.user_can_authenticate(user) else None
