"""The JSON API at /api/v1/: typed bodies, OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import django_auth

import piri.converters  # noqa: F401  (registers {id:…}: the routes' row ids fit 64 bits)
from piri.api import checkins, insights, measures, plans, protocols, screenings, sessions
from piri.api import requests as specialist_requests
from piri.api.bodies import BodyError, JsonObjectParser
from piri.api.errors import declare
from piri.domain.errors import FieldError
from piri.program.safety_gate import OPEN_WHEN_LOCKED


class PiriAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """The document with every refusal declared (``piri.api.errors``)."""
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        open_when_locked = [
            operation.operation_id or self.get_openapi_operation_id(operation)
            for router in self._get_bound_routers()
            for view in router.path_operations.values()
            for operation in view.operations
            if any(
                (method, getattr(operation, "url_name", None) or operation.view_func.__name__)
                in OPEN_WHEN_LOCKED
                for method in ("*", *operation.methods)
            )
        ]
        declare(document, open_when_locked)
        return document


def build_api() -> NinjaAPI:
    api = PiriAPI(
        title="Piri API",
        version="1",
        description="Protocols, session plans and recorded sessions of Piri.",
        urls_namespace="api-v1",
        auth=django_auth,
        parser=JsonObjectParser(),
    )
    api.add_router("/protocols", protocols.router)
    api.add_router("/plans", plans.router)
    api.add_router("/sessions", sessions.router)
    api.add_router("/screenings", screenings.router)
    api.add_router("/checkins", checkins.router)
    api.add_router("/measures", measures.router)
    api.add_router("/requests", specialist_requests.router)
    api.add_router("", insights.router)

    @api.exception_handler(FieldError)
    def field_error(request: HttpRequest, exc: FieldError) -> HttpResponse:
        loc = ["body", "payload", *exc.field.split(".")]
        detail = [
            {
                "loc": [int(p) if p.isdigit() else p for p in loc],
                "msg": exc.message,
                "type": "value_error",
            }
        ]
        return api.create_response(request, {"detail": detail}, status=422)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # django-ninja turns any failure of the parser into "Cannot parse request body" (400);
        # the parser's own answer (415, 400 or 422, saying what is wrong) is the cause.
        cause = exc.__cause__
        if isinstance(cause, BodyError):
            return api.create_response(request, cause.answer, status=cause.status)
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        detail = [
            {"loc": error.get("loc", []), "msg": error.get("msg", ""), "type": error.get("type")}
            for error in exc.errors
        ]
        return api.create_response(request, {"detail": detail}, status=422)

    return api


api = build_api()
