"""Security headers on every answer, `no-store` on private ones, only trusted hosts, ids that fit
the database and JSON too deep to parse refused as bad input (issue #17, items 1, 2, 3 and 9)."""

import re
from pathlib import Path

import pytest

from config import ProductionConfig
from marketplace.auth.models import Role
from marketplace.media.storage import get_storage
from marketplace.web.security import MAX_ID, IdConverter, digits_up_to
from tests.api_support import token_for
from tests.factories import ShopFactory, UserFactory
from tests.helpers import login

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PUBLIC = "https://pasarbatik.example.id"
EXPECTED = {
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
#: a number beyond every id type: SQLite's 64 bits and PostgreSQL's `integer`
OVERFLOWING_ID = "99999999999999999999"


def policy(response) -> dict[str, list[str]]:
    directives = (part.split() for part in response.headers["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in directives}


def assert_security_headers(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers[name] == value, name
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'", "https://js.stripe.com"]  # STRIPE_JS_URL's origin
    for directive in ("frame-ancestors", "object-src", "base-uri"):
        assert csp[directive] == ["'none'"], directive
    assert csp["form-action"] == ["'self'"]
    assert not any("unsafe" in source for sources in csp.values() for source in sources)
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP


@pytest.fixture
def image_key(app):
    key = "products/abcdef0123456789.jpg"
    get_storage().save(key, b"\xff\xd8\xff\xe0 not really a photo")
    return key


def test_an_html_page_an_api_answer_an_image_and_an_error_page_carry_the_headers(client, db, image_key):
    answers = {"page": client.get("/"), "api": client.get("/api/v1/products"),
               "image": client.get(f"/media/{image_key}"), "error": client.get("/no-such-page")}
    assert [answer.status_code for answer in answers.values()] == [200, 200, 200, 404]
    for answer in answers.values():
        assert_security_headers(answer)


def test_with_midtrans_configured_its_snap_script_host_is_allowed_too(make_app):
    snap = "https://app.sandbox.midtrans.example.test/snap/snap.js"
    app = make_app(MIDTRANS_SERVER_KEY="SB-server", MIDTRANS_CLIENT_KEY="SB-client",
                   MIDTRANS_SNAP_JS_URL=snap)
    csp = policy(app.test_client().get("/"))
    assert csp["script-src"] == ["'self'", "https://js.stripe.com", "https://app.sandbox.midtrans.example.test"]
    assert "https://*.sandbox.midtrans.example.test" in csp["frame-src"]


def test_without_midtrans_keys_no_snap_host_is_allowed(client, db):
    assert not any("midtrans" in source for sources in policy(client.get("/")).values() for source in sources)


def test_hsts_is_sent_over_https_only(client, db):
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_a_view_that_sets_a_header_keeps_its_own_value(app, client, db):
    app.add_url_rule("/framed", "framed", lambda: ("ok", 200, {"X-Frame-Options": "SAMEORIGIN"}))
    assert client.get("/framed").headers["X-Frame-Options"] == "SAMEORIGIN"


def test_a_local_card_processor_is_allowed_its_one_origin(make_app):
    app = make_app(STRIPE_JS_URL="http://127.0.0.1:8420/js.stripe.com/v3/")
    csp = policy(app.test_client().get("/healthz"))
    assert csp["script-src"] == ["'self'", "http://127.0.0.1:8420"]
    assert csp["frame-src"] == ["http://127.0.0.1:8420"]
    assert csp["connect-src"] == ["'self'", "http://127.0.0.1:8420"]


# No inline script or style: the policy allows neither, so the templates must keep them out.

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=|javascript:", re.IGNORECASE)


def inline_code(text: str) -> list[str]:
    found = []
    for attributes, body in SCRIPT.findall(text):
        data_only = re.search(r"""type\s*=\s*["']application/ld\+json["']""", attributes)
        if not data_only and (body.strip() or "src" not in attributes):
            found.append(f"<script{attributes}>{body.strip()[:40]}")
    found += INLINE_STYLE.findall(text) + INLINE_HANDLER.findall(text)
    return found


def test_the_scan_finds_inline_script_style_and_handlers():
    text = ('<script>alert(1)</script><script src="/a.js"></script><p style="color:red">'
            '<style>p{}</style><a onclick="x()"><script type="application/ld+json">{}</script>')
    assert len(inline_code(text)) == 4


def test_no_template_has_inline_script_or_style():
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 20
    found = {str(path.relative_to(TEMPLATES)): inline_code(path.read_text(encoding="utf-8"))
             for path in templates}
    assert {name: code for name, code in found.items() if code} == {}


# Private answers: never kept by a browser or a shared cache.

@pytest.mark.parametrize(("role", "path"), [
    (Role.CUSTOMER, "/orders"), (Role.CUSTOMER, "/account"), (Role.CUSTOMER, "/cart"),
    (Role.CUSTOMER, "/checkout"), (Role.ARTISAN, "/dashboard"), (Role.ARTISAN, "/dashboard/orders"),
    (Role.ADMIN, "/admin/"), (Role.ADMIN, "/admin/payments"),
    (Role.CUSTOMER, "/"), (Role.CUSTOMER, "/products"),  # any page a logged-in visitor is shown
])
def test_a_logged_in_visitors_answers_are_not_stored(client, db, role, path):
    user = UserFactory(roles=[Role.CUSTOMER, role])
    if role == Role.ARTISAN:
        ShopFactory(owner=user)
    login(client, user)
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/cart", "/login", "/forgot-password", "/reset-password/made-up"])
def test_private_pages_are_not_stored_even_for_an_anonymous_visitor(client, db, path):
    assert client.get(path).headers["Cache-Control"] == "no-store"


def test_every_api_answer_to_a_token_is_not_stored(client, db):
    user = UserFactory()
    token = token_for(client, user)
    for path in ("/api/v1/me", "/api/v1/products", "/api/v1/orders"):
        response = client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store", path


def test_public_answers_keep_their_own_caching(client, db, image_key):
    image = client.get(f"/media/{image_key}")
    assert image.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Cache-Control" not in client.get("/products").headers
    assert "Cache-Control" not in client.get("/api/v1/products").headers


# Hosts: production answers only its own, and links never come from the request's Host.

def production_config(**environ) -> ProductionConfig:
    return ProductionConfig({"SECRET_KEY": "k" * 32, "DATABASE_URL": "sqlite://", "PUBLIC_URL": PUBLIC,
                             **environ})


def test_production_trusts_the_public_host_and_the_listed_ones_only():
    assert production_config().TRUSTED_HOSTS == ["pasarbatik.example.id"]
    listed = production_config(TRUSTED_HOSTS="10.0.0.5, .pasarbatik.example.id,")
    assert listed.TRUSTED_HOSTS == ["pasarbatik.example.id", "10.0.0.5", ".pasarbatik.example.id"]


@pytest.mark.parametrize(("environ", "message"), [
    ({"PUBLIC_URL": ""}, "environment variables: PUBLIC_URL$"),
    ({"REDIS_URL": "redis://cache:6379/0"}, "environment variables: RATELIMIT_STORAGE_URI$"),
    ({"REDIS_URL": "redis://cache:6379/0", "RATELIMIT_STORAGE_URI": "redis://cache:6379/0"},
     "another Redis database"),
])
def test_production_refuses_to_start_without_a_public_url_or_with_rate_limits_in_the_cache(
        environ, message):
    with pytest.raises(RuntimeError, match=message):
        production_config(**environ)


def test_production_counts_rate_limits_in_their_own_redis_database():
    config = production_config(REDIS_URL="redis://cache:6379/0", RATELIMIT_STORAGE_URI="redis://cache:6379/1")
    assert config.RATELIMIT_STORAGE_URI == "redis://cache:6379/1"


def test_a_request_for_an_unknown_host_is_refused_without_a_page(make_app):
    client = make_app(TRUSTED_HOSTS=["pasarbatik.example.id"]).test_client()
    page = client.get("/", headers={"Host": "evil.example"})
    assert page.status_code == 400 and "evil.example" not in page.get_data(as_text=True)
    api = client.get("/api/v1/products", headers={"Host": "evil.example"})
    assert api.status_code == 400 and api.get_json()["error"]["code"] == "untrusted_host"
    assert client.post("/login", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "pasarbatik.example.id"}).status_code == 200


def test_api_links_are_on_the_public_address_whatever_the_host(make_app):
    client = make_app(PUBLIC_URL=PUBLIC).test_client()
    shop = ShopFactory(logo_key="shops/ab/logo.jpg")
    forged = {"Host": "evil.example"}
    links = client.get("/api/v1/", headers=forged).get_json()["links"]
    assert links == {"self": f"{PUBLIC}/api/v1/", "openapi": f"{PUBLIC}/api/v1/openapi.json",
                     "docs": f"{PUBLIC}/api/docs"}
    answer = client.get(f"/api/v1/shops/{shop.slug}", headers=forged).get_json()
    assert answer["logo_url"] == f"{PUBLIC}/media/shops/ab/logo.jpg"


def test_the_listing_email_links_to_the_public_address(make_app):
    from marketplace.products.notifications import listing_hidden
    from marketplace.web.mail import outbox
    from tests.factories import ProductFactory

    app = make_app(PUBLIC_URL=PUBLIC)
    product = ProductFactory()
    with app.test_request_context("/", headers={"Host": "evil.example"}):
        listing_hidden(product)
    (message,) = outbox()
    assert f"{PUBLIC}/dashboard/products/{product.id}/edit" in message.get_content()
    assert "evil.example" not in message.get_content()


# Client errors answer as client errors.

def _overflowing_url(rule) -> str:
    values = {name: OVERFLOWING_ID if isinstance(converter, IdConverter) else "x"
              for name, converter in rule._converters.items()}
    path = rule.rule
    for name, value in values.items():
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", value, path)
    return path


def test_every_route_answers_an_overflowing_id_with_404_or_405(app, client, db):
    rules = [rule for rule in app.url_map.iter_rules()
             if any(isinstance(converter, IdConverter) for converter in rule._converters.values())]
    assert len(rules) > 50
    answers = {_overflowing_url(rule): client.get(_overflowing_url(rule)).status_code for rule in rules}
    assert {path: status for path, status in answers.items() if status not in (404, 405)} == {}


def test_the_largest_id_a_table_holds_is_still_looked_up(client, db):
    assert client.get(f"/products/{MAX_ID}").status_code == 404
    assert client.get("/products/9223372036854775808").status_code == 404


def test_json_nested_too_deeply_is_a_400_with_a_reason(client, db):
    response = client.post("/api/v1/auth/tokens", data="[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "malformed_json"


def test_malformed_json_is_a_400_with_a_reason(client, db):
    response = client.post("/api/v1/auth/tokens", data='{"email": ', content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "malformed_json"


@pytest.mark.parametrize("limit", [0, 7, 10, 305, 1000, MAX_ID])
def test_the_id_pattern_takes_exactly_the_numbers_up_to_its_limit(limit):
    pattern = re.compile(digits_up_to(limit) + "$")
    numbers = [*range(0, 1200), limit, limit + 1, limit * 10, 10 ** len(str(limit))]
    assert [n for n in numbers if bool(pattern.match(str(n))) != (n <= limit)] == []


def test_an_oversized_id_is_404_even_where_the_path_also_takes_another_method(client, db):
    # /checkouts/<id>/receipt answers GET (the receipt) and POST (the upload); a number that only
    # failed a range check after matching would have made Werkzeug answer 405
    assert client.get(f"/checkouts/{MAX_ID + 1}/receipt").status_code == 404
    assert client.delete(f"/api/v1/products/{MAX_ID + 1}").status_code in (401, 404)

