"""Every route in the URLconf, and the HTTP methods each view takes.

The role×URL matrices (test_permissions.py, test_permissions_more_roles.py) are written by hand;
this module lists what they must cover, read from the URLconf itself, so a new route without a
row fails the suite (test_route_coverage.py) instead of going unnoticed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

GET_AND_POST = frozenset({"GET", "POST"})


@dataclass(frozen=True)
class Route:
    route: str  # the full pattern, as ResolverMatch.route gives it
    name: str  # the namespaced view name, as ResolverMatch.view_name gives it
    callback: Callable[..., Any]

    @property
    def methods(self) -> frozenset[str]:
        return methods_of(self.callback)


def all_routes() -> list[Route]:
    """Each route once, in URLconf order; a route a former one shadows is never reached."""
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns, "", ""):
        seen.setdefault(route.route, route)
    return list(seen.values())


def _walk(patterns: Any, prefix: str, namespace: str) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or ""
            if namespace and name:
                name = f"{namespace}:{name}"
            yield Route(prefix + str(pattern.pattern), name, pattern.callback)


def methods_of(view: Callable[..., Any]) -> frozenset[str]:
    """The methods a view takes as its decorators say (require_safe, require_POST,
    require_http_methods, each keeping the list in its closure); GET and POST when none says."""
    seen = 0
    while view is not None and seen < 20:
        code = getattr(view, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = view.__closure__[code.co_freevars.index("request_method_list")]  # type: ignore[index]
            methods = {m.upper() for m in cell.cell_contents} & GET_AND_POST
            return frozenset(methods)
        view = getattr(view, "__wrapped__", None)  # type: ignore[assignment]
        seen += 1
    return GET_AND_POST
