"""Every route the app serves, read from the URL configuration (and the API's operations).

``all_routes()`` walks ``django.urls.get_resolver()`` recursively. A django-ninja path may
serve several HTTP methods: ninja adds one Django pattern per operation (named after the
operation), all with the same route, and dispatches on the method inside; so for patterns of
the API the methods come from the API's bound routers (``path_operations``), and each
(method, path) is its own row. Every other pattern is one row whose methods the
authorization matrix's expectations table declares (a plain Django view does not say which
methods it accepts). Used by ``tests/integration/test_authz_matrix.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from piri.api.app import api

API_NAMESPACE = api.urls_namespace  # "api-v1"

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<name>[^>]+)>[^)]*\)")


@dataclass(frozen=True)
class Route:
    """One URL pattern: ``route`` is the full pattern text from the root ("report/pdf/",
    "api/v1/sessions/<session_id>", "admin/^(?P<app_label>…)/$")."""

    route: str
    name: str | None  # "report-pdf", "api-v1:get_session", "admin:index"; None when unnamed
    namespace: str  # "" for the app's own pages
    params: tuple[str, ...]
    regex: bool
    api_methods: tuple[str, ...] = ()  # the methods a ninja operation serves; () otherwise

    @property
    def key(self) -> str:
        """The name the expectations table uses: the URL name, or the route when unnamed."""
        if self.name and not self.name.endswith(":None"):
            return self.name
        return f"{self.namespace}:{self.route}" if self.namespace else self.route

    @property
    def is_api(self) -> bool:
        return self.namespace == API_NAMESPACE

    @property
    def is_admin(self) -> bool:
        return self.namespace == "admin"


def _params(pattern: object) -> tuple[tuple[str, ...], bool]:
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        return tuple(m["name"] for m in _REGEX_PARAM.finditer(text)), True
    assert isinstance(pattern, RoutePattern), f"unexpected pattern type {type(pattern)}"
    return tuple(m["name"] for m in _ROUTE_PARAM.finditer(text)), False


def _api_operations() -> dict[tuple[str, str], tuple[str, ...]]:
    """(route relative to /api/v1/, url name) -> the HTTP methods of that operation."""
    from ninja.router import replace_path_param_notation
    from ninja.utils import normalize_path

    found: dict[tuple[str, str], tuple[str, ...]] = {}
    for bound in api._get_bound_routers():
        prefix = replace_path_param_notation(bound.prefix)
        for path, path_view in bound.path_operations.items():
            route = "/".join(p for p in (prefix, replace_path_param_notation(path)) if p)
            route = normalize_path(route).lstrip("/")
            for operation in path_view.operations:
                name = getattr(operation, "url_name", "") or api.get_operation_url_name(
                    operation, router=bound.template
                )
                if bound.url_name_prefix:
                    name = f"{bound.url_name_prefix}_{name}"
                found[(route, name)] = tuple(sorted(operation.methods))
    return found


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str, namespace: str
) -> Iterator[tuple[str, URLPattern, str, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            yield prefix + str(entry.pattern), entry, namespace, prefix


def all_routes() -> list[Route]:
    operations = _api_operations()
    seen_operations: set[tuple[str, str]] = set()
    routes: list[Route] = []
    for full, pattern, namespace, prefix in _walk(get_resolver().url_patterns, "", ""):
        params, regex = _params(pattern.pattern)
        params = params + _params_of_prefix(prefix)
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        methods: tuple[str, ...] = ()
        if namespace == API_NAMESPACE:
            relative = str(pattern.pattern)
            if (relative, str(pattern.name)) in operations:
                methods = operations[(relative, str(pattern.name))]
                seen_operations.add((relative, str(pattern.name)))
        routes.append(
            Route(
                route=full,
                name=name,
                namespace=namespace,
                params=params,
                regex=regex,
                api_methods=methods,
            )
        )
    missing = set(operations) - seen_operations
    assert not missing, f"API operations with no URL pattern found by the walk: {missing}"
    return routes


def _params_of_prefix(prefix: str) -> tuple[str, ...]:
    names = [m["name"] for m in _REGEX_PARAM.finditer(prefix)]
    names += [m["name"] for m in _ROUTE_PARAM.finditer(prefix) if m["name"] not in names]
    return tuple(names)


def fill(route: Route, values: dict[str, str]) -> str:
    """The concrete path of ``route`` with each parameter replaced by ``values[name]``."""
    text = route.route
    if route.regex:
        text = text.replace("^", "").replace("$", "")
        text = _REGEX_PARAM.sub(lambda m: values[m["name"]], text)
    text = _ROUTE_PARAM.sub(lambda m: values[m["name"]], text)
    return "/" + text
