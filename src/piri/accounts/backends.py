"""The authentication backend: allauth's (a username in any case or an email address, with the
password), with the signed-in person loaded together with their patient profile, in one query
whose SQL is written once.

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

from allauth.account.auth_backends import AuthenticationBackend
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper

from piri.accounts.models import Clinic, Patient, StaffMembership, User
from piri.sql_rows import Columns, column, once_per_connection, table

PATH = "piri.accounts.backends.PeopleBackend"
"""This backend's path, for ``login(…, backend=PATH)`` and ``AUTHENTICATION_BACKENDS``."""
TWO_FACTOR_ATTRIBUTE = "staff_two_factor_required"
"""Set on a loaded user: a clinic they work in now requires two-factor sign-in of its staff."""


@dataclass(frozen=True, slots=True)
class _PersonQuery:
    sql: str
    user: Columns
    patient: Columns


def _person_query(connection: BaseDatabaseWrapper) -> _PersonQuery:
    user, patient = Columns.of(User, connection), Columns.of(Patient, connection)
    user_id, pk = column(Patient, "user", connection), column(User, "id", connection)
    # whether a clinic this person works in now requires two-factor sign-in of its staff
    # (piri.accounts.two_factor reads it on every request)
    staff_user, staff_clinic = (column(StaffMembership, f, connection) for f in ("user", "clinic"))
    ended, required = (
        column(StaffMembership, "ended_at", connection),
        column(Clinic, "staff_two_factor_required", connection),
    )
    two_factor = (
        f"EXISTS (SELECT 1 FROM {table(StaffMembership, connection)} m "
        f"INNER JOIN {table(Clinic, connection)} c ON c.{column(Clinic, 'id', connection)} "
        f"= m.{staff_clinic} WHERE m.{staff_user} = u.{pk} AND m.{ended} IS NULL "
        f"AND c.{required})"
    )
    sql = (
        f"SELECT {user.select('u', connection)}, {patient.select('p', connection)}, "
        f"{two_factor} "
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
    width, patient_width = len(query.user), len(query.patient)
    user: User = query.user.build(row[:width], connection)
    patient_row = row[width : width + patient_width]
    patient = query.patient.build(patient_row, connection) if row[width] is not None else None
    setattr(user, TWO_FACTOR_ATTRIBUTE, bool(row[width + patient_width]))
    User.patient.related.set_cached_value(user, patient)
    if patient is not None:
        Patient.user.field.set_cached_value(patient, user)
    return user


class PeopleBackend(AuthenticationBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = load_person(user_id)  # Django has read the id with the primary key's to_python
        return user if user is not None and self.user_can_authenticate(user) else None
