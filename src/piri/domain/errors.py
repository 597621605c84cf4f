"""The one error shape for bad input anywhere in Piri: which field, and what is wrong with it.

The API turns any ``FieldError`` into a 422 whose ``loc`` is the field path, so a service
raises it and no view has to translate it.
"""

from __future__ import annotations


class FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field  # a dotted path into the input: "steps.3.step_id"
        self.message = message
