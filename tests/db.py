"""Data built once for a whole test module, on the real database.

pytest-django runs each ``django_db`` test inside an atomic block and rolls it back. Inside
``module_transaction`` (a transaction left open for the module, rolled back at its end) that
block is a savepoint: what a module fixture builds there is seen by each test of the module,
and what a test changes (a POST, a new row) is rolled back before the next one starts, as if
each test had built the data itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction


@contextmanager
def module_transaction(django_db_blocker: Any) -> Iterator[None]:
    """A transaction open for as long as the block runs, then rolled back. Use it in a
    module-scoped fixture (asking for ``django_db_setup`` and ``django_db_blocker``), build
    under ``django_db_blocker.unblock()`` inside it, and yield from inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # as Django's TestCase marks its own: durable blocks may nest
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
