"""Saving the one row a patient keeps per day or per week (a daily check-in, a weekly check,
one instrument's answers): created the first time, changed after, never two.

The database's unique constraint keeps it to one row. Two requests that save the same day at
the same moment both find nothing and both insert; the constraint refuses the second insert,
and ``upsert`` then takes the update path, so the second request changes the row the first one
created and is told it did not create it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction

M = TypeVar("M", bound=models.Model)


def upsert(
    model: type[M], *, lookup: Mapping[str, Any], values: Mapping[str, Any]
) -> tuple[M, bool]:
    """The row matching ``lookup``, with ``values`` set, and whether this call created it."""
    manager = model._default_manager
    try:
        with transaction.atomic():
            return manager.update_or_create(**lookup, defaults=dict(values))
    except IntegrityError:  # created by another request meanwhile: now it exists
        with transaction.atomic():
            return manager.update_or_create(**lookup, defaults=dict(values))
