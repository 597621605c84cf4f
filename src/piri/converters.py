"""The one URL converter for row ids: ``<id:clinic_id>`` in Django routes and
``{id:session_id}`` in the API's.

Django's ``<int:…>`` matches any run of digits, so ``/clinics/9223372036854775808/leave/``
reached a view whose query the database could not take (a 500). An id converter matches only
numbers a 64-bit primary key can hold; anything longer or larger does not match the route at
all, which is a plain 404 like any other unknown address. (docs/decisions/0010-bad-input.md)
"""

from __future__ import annotations

from django.urls import register_converter

MAX_ID = 2**63 - 1  # a BigAutoField (DEFAULT_AUTO_FIELD) on SQLite and PostgreSQL


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(f"{value} is beyond any row id")  # Django: the route does not match
        return number

    def to_url(self, value: int | str) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
