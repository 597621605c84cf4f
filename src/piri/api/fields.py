"""The kinds of value the API reads, each checked as strictly as its OpenAPI type says
(docs/decisions/0010-bad-input.md): a JSON number is never taken from a string, a string is
never taken from a number, and a time always carries its UTC offset.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ModelWrapValidatorHandler,
    Strict,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(Z|[+-]\d\d:\d\d)?")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def _moment_text(value: object) -> object:
    """A time is RFC 3339 text with its UTC offset; without one it could be any of 24 hours
    (docs/decisions/0010-bad-input.md), so it is refused rather than guessed."""
    match = _MOMENT.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise PydanticCustomError(
            "datetime_format", "must be a date and time such as 2026-01-01T10:00:00+01:00"
        )
    if match.group(1) is None:
        raise PydanticCustomError(
            "datetime_offset",
            "has no UTC offset: add Z or one such as +01:00 (without it the time could be "
            "any of 24 hours)",
        )
    return value


def _day_text(value: object) -> object:
    if not (isinstance(value, str) and _DAY.fullmatch(value)):
        raise PydanticCustomError("date_format", "must be a day such as 2026-01-01")
    return value


def _json_integer(value: object) -> object:
    """JSON has one number type: 4.0 is the integer 4 (as JSON Schema's "integer" says)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("int_type", "must be a whole number")
    return value


def storable(value: str) -> str:
    """Text PostgreSQL and UTF-8 can hold: no NUL, no lone UTF-16 surrogate."""
    if "\x00" in value:
        raise PydanticCustomError("string_unstorable", "cannot be stored: it holds a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError(
            "string_unstorable",
            "cannot be stored: it holds a lone UTF-16 surrogate (not valid Unicode text)",
        ) from None
    return value


# A time with its UTC offset, as text (a number of seconds is not a time here).
Moment = Annotated[datetime, BeforeValidator(_moment_text)]
# A day as YYYY-MM-DD text.
Day = Annotated[date, BeforeValidator(_day_text)]
# A whole number: 3 or 3.0, never "3" or true. With bounds, they go between ``Strict()`` and
# ``AS_INTEGER`` (``Annotated[int, Strict(), Field(ge=0, le=10), AS_INTEGER]``), so that the
# document says them as minimum and maximum.
AS_INTEGER = BeforeValidator(_json_integer)
Whole = Annotated[int, Strict(), AS_INTEGER]


# A number: 3 or 2.5, never "2.5".
Number = Annotated[float, Strict()]
# true or false, never "true" or 1.
Flag = Annotated[bool, Strict()]
# Text that can be stored (a JSON string, never a number).
Text = Annotated[str, Strict(), AfterValidator(storable)]

# JSON Schema patterns (ECMA-262) for text the server refuses otherwise, so that the document
# says it: no NUL and no control character but tab, line feed and carriage return.
NO_NUL = r"^[^\u0000]*$"
_CONTROL = r"\u0000-\u0008\u000b\u000c\u000e-\u001f"
# what str.strip() removes, spelled out (ECMA's \s differs from Python's)
_SPACE = (
    r"\t\n\u000b\u000c\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
# a message: something other than spaces, and no control characters (docs/clinic.md)
MESSAGE = rf"^[^{_CONTROL}]*[^{_SPACE}{_CONTROL}][^{_CONTROL}]*$"


def enum_of(values: Any) -> dict[str, Any]:
    return {"enum": sorted(values)}


class Input(Schema):
    """A request body, or an object in one: only a JSON object is one. (django-ninja's Schema
    reads any Python object attribute by attribute, so ``null``, ``[]`` or ``3`` passed as an
    object with every field left out.)"""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        if not isinstance(values, dict | cls):
            raise PydanticCustomError("model_type", "must be a JSON object ({…})")
        return handler(values)
