"""Model objects from SQL written once per database connection, for the few queries that run
on every request.

Building a query through the ORM costs about 0.3 ms of Python on our machines, for lookups
that take the database 0.02 ms (``docs/performance.md``). A query that runs on every signed-in
request (the person, the red-flag tier) is written here once per connection as plain SQL
over the models' own tables and columns, and each row is turned into objects by the very
converters the ORM applies to those columns (dates, booleans, JSON), then by
``Model.from_db``, as the ORM does. The results are the ORM's; tests compare them.

Nothing here caches data: only the SQL text and the list of converters are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model

T = TypeVar("T")
M = TypeVar("M", bound=Model)
Converters = tuple[tuple[int, Sequence[Callable[..., Any]], Any], ...]
_made: WeakKeyDictionary[BaseDatabaseWrapper, dict[Hashable, Any]] = WeakKeyDictionary()


def once_per_connection(
    connection: BaseDatabaseWrapper, make: Callable[..., T], *args: Hashable
) -> T:
    """``make(connection, *args)``, remembered for this connection (each thread has its own)
    and these arguments. What ``make`` returns must not hold the connection (it would never
    be let go)."""
    made = _made.setdefault(connection, {})
    key = (make, args)
    if key not in made:
        made[key] = make(connection, *args)
    result: T = made[key]
    return result


def _converters(fields: Sequence[Field[Any, Any]], connection: BaseDatabaseWrapper) -> Converters:
    found = []
    for index, field in enumerate(fields):
        col = field.get_col(field.model._meta.db_table)
        these = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if these:
            found.append((index, these, col))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Values:
    """Turns a row whose columns hold ``fields``' values (or an aggregate of them such as
    ``MAX``, which the ORM converts the same way) into those values in Python."""

    converters: Converters

    @classmethod
    def of(cls, connection: BaseDatabaseWrapper, *fields: Field[Any, Any]) -> Values:
        return cls(_converters(fields, connection))

    def convert(self, values: Sequence[Any], connection: BaseDatabaseWrapper) -> list[Any]:
        row = list(values)
        for index, found, col in self.converters:
            for converter in found:
                row[index] = converter(row[index], col, connection)
        return row


@dataclass(frozen=True, slots=True)
class Columns:
    """Every concrete column of one model, in order, and how to turn them into an object."""

    model: type[Model]
    attnames: tuple[str, ...]
    values: Values

    @classmethod
    def of(cls, model: type[Model], connection: BaseDatabaseWrapper) -> Columns:
        fields = model._meta.concrete_fields
        attnames = tuple(field.attname for field in fields)
        return cls(model, attnames, Values(_converters(fields, connection)))

    def __len__(self) -> int:
        return len(self.attnames)

    def select(self, alias: str, connection: BaseDatabaseWrapper) -> str:
        """``alias."col", alias."col2", …`` for a SELECT list."""
        quote = connection.ops.quote_name
        return ", ".join(
            f"{alias}.{quote(str(field.column))}" for field in self.model._meta.concrete_fields
        )

    def build(self, values: Sequence[Any], connection: BaseDatabaseWrapper) -> Any:
        """The object for one row's values of these columns (in :meth:`select`'s order)."""
        row = self.values.convert(values, connection)
        return self.model.from_db(connection.alias, self.attnames, row)


def table(model: type[Model], connection: BaseDatabaseWrapper) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[Model], name: str, connection: BaseDatabaseWrapper) -> str:
    """The quoted column of the field ``name`` (``"user"`` gives ``"user_id"``)."""
    return connection.ops.quote_name(str(getattr(model._meta.get_field(name), "column", name)))


def field(model: type[Model], name: str) -> Field[Any, Any]:
    found = model._meta.get_field(name)
    assert isinstance(found, Field), name
    return found


def placeholders(count: int) -> str:
    """``%s, %s, …`` for an ``IN (…)`` of ``count`` values."""
    return ", ".join(["%s"] * count)


@dataclass(frozen=True, slots=True)
class _Lookup:
    sql: str
    columns: Columns
    fields: tuple[Field[Any, Any], ...]


def _lookup(connection: BaseDatabaseWrapper, model: type[Model], names: tuple[str, ...]) -> _Lookup:
    columns = Columns.of(model, connection)
    where = " AND ".join(f"t.{column(model, name, connection)} = %s" for name in names)
    sql = (
        f"SELECT {columns.select('t', connection)} FROM {table(model, connection)} t WHERE {where}"
    )
    return _Lookup(sql, columns, tuple(field(model, name) for name in names))


def by_key(model: type[M], **equals: Any) -> M | None:
    """The row whose fields equal these values, a unique key (related rows by id:
    ``patient=patient.pk``), or ``None``: what ``filter(**equals).first()`` finds."""
    connection = connections[router.db_for_read(model)]
    names = tuple(equals)
    lookup = once_per_connection(connection, _lookup, model, names)
    params = [
        f.get_db_prep_value(equals[name], connection, prepared=False)
        for name, f in zip(names, lookup.fields, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(lookup.sql, params)
        row = cursor.fetchone()
    found: M | None = None if row is None else lookup.columns.build(row, connection)
    return found
