"""How the API reads a request body, before any schema sees it (docs/decisions/0010-bad-input.md).

- The body must say it is JSON (``Content-Type: application/json``): anything else is 415.
- It must be UTF-8 JSON, strictly (no ``NaN`` or ``Infinity``): anything else is 400.
- It must be a JSON object: ``null``, a list, a number or a string is 422 on the body.

Text that cannot be stored (a NUL, a lone UTF-16 surrogate) is refused by the field that holds
it (``piri.api.fields.Text``), a 422 naming that field.

An empty body never reaches the parser: django-ninja then reports the body as missing (422).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.parser import Parser

JSON_TYPES = frozenset({"application/json"})


class BodyError(Exception):
    """A body refused before validation: ``status`` and the JSON answer to send."""

    def __init__(self, status: int, answer: dict[str, Any]) -> None:
        super().__init__(answer)
        self.status = status
        self.answer = answer


def _field_error(loc: list[str | int], message: str, kind: str) -> BodyError:
    return BodyError(
        422, {"detail": [{"loc": ["body", "payload", *loc], "msg": message, "type": kind}]}
    )


def _refuse_constant(name: str) -> Any:
    raise ValueError(_("%(name)s is not a JSON number") % {"name": name})


class JsonObjectParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        if request.content_type not in JSON_TYPES:
            sent = request.content_type or _("no Content-Type")
            raise BodyError(
                415,
                {
                    "detail": _(
                        "Send the body as JSON with Content-Type: application/json "
                        "(this request said %(sent)s)."
                    )
                    % {"sent": sent[:100]}
                },
            )
        try:
            text = request.body.decode("utf-8")
            data = json.loads(text, parse_constant=_refuse_constant)
        except UnicodeDecodeError:
            raise BodyError(400, {"detail": _("The body is not UTF-8 text.")}) from None
        except ValueError as error:
            where = ""
            if isinstance(error, json.JSONDecodeError):
                where = _(" (%(msg)s at line %(line)d, column %(col)d)") % {
                    "msg": error.msg,
                    "line": error.lineno,
                    "col": error.colno,
                }
            raise BodyError(
                400, {"detail": _("The body is not valid JSON%(where)s.") % {"where": where}}
            ) from None
        if not isinstance(data, dict):
            raise _field_error(
                [],
                _("The body must be a JSON object ({…}), not %(kind)s.")
                % {"kind": _json_kind(data)},
                "model_type",
            )
        return data


def _json_kind(data: Any) -> str:
    if data is None:
        return "null"
    if isinstance(data, bool):
        return _("a boolean")
    if isinstance(data, (int, float)):
        return _("a number")
    if isinstance(data, str):
        return _("a string")
    return _("a list")
