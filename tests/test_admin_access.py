"""Every route under /admin is for the agency: customers and artisans get 403 on GET and POST alike,
curators are kept out of the admin-only routes (money and accounts), anonymous visitors are sent to
log in. The routes are read off the app, so a new admin route is checked without editing this file."""

import pytest
from werkzeug.routing import IntegerConverter

import config
from marketplace import create_app
from marketplace.admin import AGENCY
from marketplace.auth.models import Role
from tests.factories import UserFactory
from tests.helpers import csrf_token, login


def _admin_routes() -> list[tuple[str, str, frozenset]]:
    app = create_app(config.TestConfig("sqlite://", "/nonexistent-uploads"))
    adapter = app.url_map.bind("localhost")
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        values = {name: 1 if isinstance(rule._converters[name], IntegerConverter) else "x"
                  for name in rule.arguments}
        for method in sorted(rule.methods & {"GET", "POST"}):
            allowed = getattr(app.view_functions[rule.endpoint], "allowed_roles", frozenset())
            routes.append((method, adapter.build(rule.endpoint, values, method=method), allowed))
    return routes


ADMIN_ROUTES = _admin_routes()
REFUSALS = [(role, method, path) for method, path, allowed in ADMIN_ROUTES
            for role in (Role.CUSTOMER, Role.ARTISAN, Role.CURATOR) if role not in allowed]


def _request(client, method, path):
    if method == "GET":
        return client.get(path)
    return client.post(path, data={"csrf_token": csrf_token(client, "/")})


def test_every_admin_route_names_its_roles_and_they_are_agency_roles():
    for _method, path, allowed in ADMIN_ROUTES:
        assert allowed, f"{path} has no role_required"
        assert allowed <= set(AGENCY), f"{path} lets in {allowed}"


@pytest.mark.parametrize(("role", "method", "path"), REFUSALS,
                         ids=[f"{role}-{method} {path}" for role, method, path in REFUSALS])
def test_roles_outside_a_route_get_403(client, db, role, method, path):
    login(client, UserFactory(roles=[Role.CUSTOMER, role]))
    assert _request(client, method, path).status_code == 403


@pytest.mark.parametrize(("method", "path", "allowed"), ADMIN_ROUTES,
                         ids=[f"{method} {path}" for method, path, _allowed in ADMIN_ROUTES])
def test_anonymous_visitors_are_sent_to_log_in(client, method, path, allowed):
    response = _request(client, method, path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_admins_reach_every_admin_page(client, db):
    login(client, UserFactory(roles=[Role.ADMIN, Role.CURATOR]))
    for method, path, _allowed in ADMIN_ROUTES:
        if method == "GET" and "/x" not in path and "/1" not in path:  # pages of no record
            assert client.get(path).status_code == 200, path
