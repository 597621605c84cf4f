"""The authentication backend: Django's ``ModelBackend``, with the signed-in person loaded
together with their patient profile, in one query whose SQL is written once.

Every signed-in request loads its user (Django checks it is active and that the session was
made with its current password), and nearly every one then reads ``user.patient`` (the time
zone, the safety gate, the header). Through the ORM that was two queries, each about 0.3 ms of
Python building SQL around a 0.02 ms lookup (``docs/performance.md``). Here it is one ``LEFT
JOIN`` on the primary key, its SQL built once per database connection, and each column turned
into its Python value by the same converters the ORM applies, so the objects are the ones the
ORM would make: ``user.patient`` is cached (or known to be missing) and ``patient.user`` is
the same user. Nothing is cached between requests: a deactivated person, a changed password
or a deleted session take effect on the next request, in every worker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

from piri.accounts.models import Patient, User

PATH = "piri.accounts.backends.PeopleBackend"
"""This backend's path, for ``login(…, backend=PATH)`` and ``AUTHENTICATION_BACKENDS``."""


@dataclass(frozen=True, slots=True)
class _Columns:
    """One model's columns in a hand-written SELECT, and how to turn them into an object."""

    model: type[Model]
    attnames: tuple[str, ...]
    converters: tuple[tuple[int, Sequence[Callable[..., Any]], Any], ...]

    @classmethod
    def of(cls, model: type[Model], connection: BaseDatabaseWrapper) -> _Columns:
        converters = []
        for index, field in enumerate(model._meta.concrete_fields):
            column = field.get_col(model._meta.db_table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((index, found, column))
        attnames = tuple(field.attname for field in model._meta.concrete_fields)
        return cls(model=model, attnames=attnames, converters=tuple(converters))

    def select(self, connection: BaseDatabaseWrapper, alias: str) -> str:
        quote = connection.ops.quote_name
        return ", ".join(
            f"{alias}.{quote(str(field.column))}" for field in self.model._meta.concrete_fields
        )

    def build(self, values: Sequence[Any], connection: BaseDatabaseWrapper) -> Model:
        row = list(values)
        for index, found, column in self.converters:
            for converter in found:
                row[index] = converter(row[index], column, connection)
        return self.model.from_db(connection.alias, self.attnames, row)


@dataclass(frozen=True, slots=True)
class _PersonQuery:
    sql: str
    user: _Columns
    patient: _Columns

    @classmethod
    def of(cls, connection: BaseDatabaseWrapper) -> _PersonQuery:
        quote = connection.ops.quote_name
        user, patient = _Columns.of(User, connection), _Columns.of(Patient, connection)
        user_id = quote(str(Patient.user.field.column))
        pk = quote(str(User._meta.get_field("id").column))
        sql = (
            f"SELECT {user.select(connection, 'u')}, {patient.select(connection, 'p')} "
            f"FROM {quote(User._meta.db_table)} u "
            f"LEFT OUTER JOIN {quote(Patient._meta.db_table)} p ON p.{user_id} = u.{pk} "
            f"WHERE u.{pk} = %s"
        )
        return cls(sql=sql, user=user, patient=patient)


_queries: WeakKeyDictionary[BaseDatabaseWrapper, _PersonQuery] = WeakKeyDictionary()


def load_person(user_id: Any) -> User | None:
    """The user with this id, ``user.patient`` already set (``None`` when not a patient)."""
    connection = connections[router.db_for_read(User)]
    query = _queries.get(connection)
    if query is None:
        query = _queries[connection] = _PersonQuery.of(connection)
    with connection.cursor() as cursor:
        cursor.execute(query.sql, [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    width = len(query.user.attnames)
    user = query.user.build(row[:width], connection)
    patient = query.patient.build(row[width:], connection) if row[width] is not None else None
    User.patient.related.set_cached_value(user, patient)
    if patient is not None:
        Patient.user.field.set_cached_value(patient, user)
    assert isinstance(user, User)
    return user


class PeopleBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = load_person(user_id)  # Django has read the id with the primary key's to_python
        return user if user is not None and self.user_can_authenticate(user) else None
