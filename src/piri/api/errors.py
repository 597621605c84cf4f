"""Every refusal the API can give, and where the OpenAPI document declares them.

The refusals come from a few places that do not depend on the operation's own code, so they
are declared here, by rule, for every operation they apply to (docs/decisions/0010-bad-input.md):

| status | body | when | which operations |
|---|---|---|---|
| 400 | ``Problem`` | the body is not UTF-8 JSON (``piri.api.bodies``) | those with a body |
| 401 | ``Problem`` | not signed in | all |
| 403 | ``Problem`` | the CSRF check failed (session sign-in) | writes (POST, PUT, PATCH, DELETE) |
| 404 | ``Problem`` | no such row of yours, or the signed-in person is not a patient | all |
| 415 | ``Problem`` | the body is not ``application/json`` | those with a body |
| 422 | ``Invalid`` | a field is wrong; ``loc`` names it | those with a body or parameters |
| 423 | ``Locked`` | an emergency answer awaits review (``SafetyGateMiddleware``) | all but one |

(The one: recording a session, which stays open so that a session done before the answer is
not lost.)

Nothing in the API answers 409 or 429 today (sign-in throttling answers 429 on the sign-in
page, which is not part of the API); an operation that starts to declares it in its own
``response=``, which this module leaves as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import page_not_found
from ninja import Field, Schema


class Problem(Schema):
    detail: str = Field(description="what is wrong, in words to show a person")


class Locked(Schema):
    detail: str
    see: str = Field(description="the page that explains what to do now")


class InvalidField(Schema):
    loc: list[str | int] = Field(
        description='where: ["body", "payload", "steps", 3, "step_id"] or ["query", "limit"]'
    )
    msg: str
    type: str


class Invalid(Schema):
    detail: list[InvalidField]


WRITES = frozenset({"post", "put", "patch", "delete"})

_REFUSALS: dict[int, tuple[type[Schema], str]] = {
    400: (Problem, "The body is not UTF-8 JSON."),
    401: (Problem, "Not signed in."),
    403: (Problem, "The CSRF check failed: send the csrftoken cookie's value as X-CSRFToken."),
    404: (Problem, "Not found, not yours, or the signed-in person is not a patient."),
    415: (Problem, "The body is not sent as Content-Type: application/json."),
    422: (Invalid, "A field is wrong or missing: loc names it, msg says why."),
    423: (
        Locked,
        "Locked: an emergency answer awaits a clinician's review (every route but recording "
        "a session).",
    ),
}


def refusals(method: str, operation: dict[str, Any], *, locks: bool) -> list[int]:
    """The statuses the rules above give one operation of the document."""
    statuses = [401, 404]
    if method in WRITES:
        statuses.append(403)
    if "requestBody" in operation:
        statuses += [400, 415, 422]
    elif operation.get("parameters"):
        statuses.append(422)
    if locks:
        statuses.append(423)
    return sorted(statuses)


def declare(document: dict[str, Any], open_when_locked: Iterable[str]) -> dict[str, Any]:
    """Add the refusals to every operation of ``document`` (an OpenAPI dict, changed in place);
    ``open_when_locked`` names the operationIds the emergency lock lets through."""
    unlocked = set(open_when_locked)
    components = document.setdefault("components", {}).setdefault("schemas", {})
    for body in (Problem, Locked, Invalid):
        schema = body.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(schema.pop("$defs", {}))
        components[body.__name__] = schema
    for methods in document.get("paths", {}).values():
        for method, operation in methods.items():
            locks = operation.get("operationId") not in unlocked
            responses = operation.setdefault("responses", {})
            for status in refusals(method, operation, locks=locks):
                shape, description = _REFUSALS[status]
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{shape.__name__}"}
                            }
                        },
                    },
                )
    return document


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 404 for an address no route matches (``handler404``): a ``Problem`` under
    /api/, as every other refusal there is; the usual page elsewhere."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return page_not_found(request, exception or Http404())
