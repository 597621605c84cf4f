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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

T = TypeVar("T")
_made: WeakKeyDictionary[BaseDatabaseWrapper, dict[Callable[..., Any], Any]] = WeakKeyDictionary()


def once_per_connection(
    connection: BaseDatabaseWrapper, make: Callable[[BaseDatabaseWrapper], T]
) -> T:
    """``make(connection)``, remembered for this connection (each thread has its own). What
    ``make`` returns must not hold the connection (it would never be let go)."""
    made = _made.setdefault(connection, {})
    if make not in made:
        made[make] = make(connection)
    result: T = made[make]
    return result


@dataclass(frozen=True, slots=True)
class Columns:
    """Every concrete column of one model, in order, and how to turn them into an object."""

    model: type[Model]
    attnames: tuple[str, ...]
    converters: tuple[tuple[int, Sequence[Callable[..., Any]], Any], ...]

    @classmethod
    def of(cls, model: type[Model], connection: BaseDatabaseWrapper) -> Columns:
        converters = []
        for index, field in enumerate(model._meta.concrete_fields):
            column = field.get_col(model._meta.db_table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((index, found, column))
        attnames = tuple(field.attname for field in model._meta.concrete_fields)
        return cls(model, attnames, tuple(converters))

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
        row = list(values)
        for index, found, column in self.converters:
            for converter in found:
                row[index] = converter(row[index], column, connection)
        return self.model.from_db(connection.alias, self.attnames, row)


def table(model: type[Model], connection: BaseDatabaseWrapper) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[Model], name: str, connection: BaseDatabaseWrapper) -> str:
    """The quoted column of the field ``name`` (``"user"`` gives ``"user_id"``)."""
    return connection.ops.quote_name(str(getattr(model._meta.get_field(name), "column", name)))
