"""A new route without a row in the role×URL matrix fails here.

Every route of the URLconf (read from it, includes and namespaces followed) must be opened by
at least one GET row and, unless its view takes POST only or GET only, one POST row of the
matrices that check each role's exact answer (test_permissions.py and
test_permissions_more_roles.py). Each row's address is resolved to learn which route it opens,
so a row that stops opening its route (a renamed address) is noticed too.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.urls import resolve

from seat.tests import test_permissions as matrix
from seat.tests import test_permissions_more_roles as more
from seat.tests.personas import make_partners
from seat.tests.routes import Route, all_routes

# Routes no role matrix row opens, each for a reason. Everything else needs rows.
EXEMPT: dict[str, str] = {
    # Django's admin is the operator's, behind is_staff and its own login (with the second
    # factor, seat/accounts/tests/test_admin_two_factor.py); its ~190 generated routes are
    # Django's and each ModelAdmin's permission checks, not Seat's views.
    "admin/": "Django admin: Django's own permission checks (operator only)",
    # The /api/v1/ operations are matched operation by operation, role by role, against the
    # OpenAPI document in seat/api/tests/test_api_matrix.py (with bearer tokens).
    "api/v1/": "API operations: seat/api/tests/test_api_matrix.py, from the OpenAPI document",
}
# Single routes with nothing to leak and no role to check, each with its reason.
EXEMPT_ROUTES: dict[str, str] = {
    "favicon.ico": "a static icon, the same for everyone",
    "exit/": "the quick exit: a blank page for everyone, logs out (seat/core/tests)",
    "language/": "the language chooser, the same for everyone (seat/language/tests)",
    "i18n/setlang/": "sets the language cookie for anyone (seat/accounts/tests)",
    "accounts/login/": "the login form itself (seat/accounts/tests/test_login.py)",
    "accounts/logout/": "logs out whoever asks (seat/accounts/tests)",
    "accounts/keepalive/": "extends one's own session, nothing to read (seat/accounts/tests)",
}


def exemption(route: Route) -> str | None:
    if route.route in EXEMPT_ROUTES:
        return EXEMPT_ROUTES[route.route]
    for prefix, why in EXEMPT.items():
        if route.route.startswith(prefix):
            return why
    return None


def _opened(world: Any, rows: dict[str, Callable[[], str]]) -> dict[str, str]:
    """Route opened by each row, each row's objects made in a savepoint rolled back after it
    (rows make their own objects, and some, made twice, would clash)."""
    opened: dict[str, str] = {}
    for name, address in rows.items():
        kept = dict(vars(world))
        with transaction.atomic():
            path = address().split("?")[0]
            transaction.set_rollback(True)
        vars(world).clear()
        vars(world).update(kept)
        opened[name] = resolve(path).route
    return opened


def covered_routes(world: Any) -> dict[str, dict[str, list[str]]]:
    """For GET and for POST: each route a matrix row opens, with the rows that open it."""
    gets: dict[str, Callable[[], str]] = {}
    posts: dict[str, Callable[[], str]] = {}
    for name in [*matrix.GET_MATRIX, *matrix.REQUEST_GET_MATRIX]:
        gets[name] = lambda name=name: matrix.url_for(world, name)
    for name in more.GET_MATRIX:
        gets[f"more:{name}"] = lambda name=name: more.url_for(world, name)
    for name in matrix.PARTNER_GET_MATRIX:
        gets[f"partner:{name}"] = lambda name=name: matrix.partner_url(
            world, make_partners(world), name
        )
    for name in [*matrix.POST_MATRIX, *matrix.REQUEST_POST_MATRIX]:
        posts[name] = lambda name=name: matrix.post_request(world, name)[0]
    for name in more.POST_MATRIX:
        posts[f"more:{name}"] = lambda name=name: more.post_request(world, name)[0]
    for name in matrix.PARTNER_POST_MATRIX:
        posts[f"partner:{name}"] = lambda name=name: matrix.partner_post(
            world, make_partners(world), name
        )[0]
    # The apps' own role matrices, over the same eight people.
    from seat.accountability.tests import test_report_permissions as reports
    from seat.assessment.tests import test_permissions as assessment
    from seat.councils.tests import test_permissions as councils
    from seat.councils.tests.helpers import Full

    for name in councils.GET_MATRIX:
        gets[f"councils:{name}"] = lambda name=name: councils.get_url(world, Full(world), name)
    for name in councils.POST_MATRIX:
        posts[f"councils:{name}"] = lambda name=name: councils.post_request(
            world, Full(world), name
        )[0]
    # Their addresses only need ids of the right shape to resolve.
    some = uuid.uuid4()
    urls = assessment.urls_of(some, "governance", some)
    for name in assessment.GET_MATRIX:
        gets[f"assessment:{name}"] = lambda name=name: urls[name]
    for name in assessment.POST_MATRIX:
        posts[f"assessment:{name}"] = lambda name=name: assessment.post_of(urls, name)[0]
    for name, method, template, _data in reports.CASES:
        rows = gets if method == "get" else posts
        rows[f"reports:{name}"] = lambda template=template: template.format_map(
            defaultdict(lambda: some)
        )
    result: dict[str, dict[str, list[str]]] = {"GET": {}, "POST": {}}
    for method, rows in (("GET", gets), ("POST", posts)):
        for name, route in _opened(world, rows).items():
            result[method].setdefault(route, []).append(name)
    return result


@pytest.mark.django_db
def test_every_route_has_a_get_and_a_post_row_in_the_role_matrix(world):
    covered = covered_routes(world)
    missing: list[str] = []
    for route in all_routes():
        if exemption(route):
            continue
        for method in sorted(route.methods):
            if route.route not in covered[method]:
                missing.append(f"{method} /{route.route}  ({route.name})")
    assert not missing, (
        "These routes have no row in the role×URL matrix: add one for each (GET_MATRIX or "
        "POST_MATRIX in seat/tests/test_permissions.py, with url_for / post_request building "
        "its address, and the exact answer for every role), or, if nobody can be refused "
        "anything there, an EXEMPT_ROUTES entry in seat/tests/test_route_coverage.py saying "
        "why:\n  " + "\n  ".join(missing)
    )


def test_exemptions_name_routes_that_exist():
    """An exemption for a route that is gone would hide the next route given its address."""
    routes = [route.route for route in all_routes()]
    for exempt in EXEMPT_ROUTES:
        assert exempt in routes, exempt
    for prefix in EXEMPT:
        assert any(route.startswith(prefix) for route in routes), prefix


def test_the_walk_finds_namespaced_routes_and_their_methods():
    by_route = {route.route: route for route in all_routes()}
    publish = by_route["projects/consultations/<uuid:consultation_id>/publish/"]
    assert publish.name == "consultations:consultation-publish"
    assert publish.methods == {"POST"}
    assert by_route["healthz"].methods == {"GET"}
    assert by_route["me/tokens/"].methods == {"GET", "POST"}
