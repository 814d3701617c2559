import pytest
from sqlalchemy import select

from marketplace.auth.decorators import role_required
from marketplace.auth.models import Role, User
from tests.factories import UserFactory
from tests.helpers import login, queries_for


@pytest.fixture
def app(make_app):
    app = make_app()

    @app.route("/only-artisans")
    @role_required(Role.ARTISAN)
    def only_artisans():
        return "for artisans"

    return app


@pytest.mark.parametrize(("roles", "status"), [
    ([Role.CUSTOMER], 403),
    ([Role.ARTISAN], 200),
    ([Role.CUSTOMER, Role.ARTISAN], 200),
    ([Role.CURATOR], 403),
    ([Role.ADMIN], 403),
])
def test_role_required_lets_in_only_the_named_roles(client, db, roles, status):
    login(client, UserFactory(roles=roles))
    assert client.get("/only-artisans").status_code == status


def test_role_required_sends_anonymous_visitors_to_log_in(client):
    response = client.get("/only-artisans")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(("roles", "status"), [
    ([Role.CUSTOMER], 403), ([Role.ARTISAN], 403), ([Role.CURATOR], 200), ([Role.ADMIN], 200),
])
def test_the_agency_dashboard_is_for_curators_and_admins(client, db, roles, status):
    login(client, UserFactory(roles=roles))
    assert client.get("/admin/").status_code == status


def test_the_agency_link_shows_only_to_the_agency(client, db):
    login(client, UserFactory(roles=[Role.CUSTOMER]))
    assert 'href="/admin/"' not in client.get("/").get_data(as_text=True)


def test_create_user_command_makes_an_admin(runner, db):
    result = runner.invoke(args=["create-user", "--email", "Kepala@Dekranasda.id", "--name",
                                 "Hj. Rosmala", "--password", "pelatihan-banyuasin-1",
                                 "--role", "admin", "--role", "curator"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "kepala@dekranasda.id"))
    assert user.roles == {Role.ADMIN, Role.CURATOR}


def test_create_user_command_refuses_a_weak_password(runner, db):
    result = runner.invoke(args=["create-user", "--email", "a@contoh.id", "--name", "A",
                                 "--password", "short", "--role", "admin"])
    assert result.exit_code != 0
    assert "WeakPassword" in result.output
    assert db.session.scalar(select(User)) is None


def test_the_agency_overview_counts_each_role_and_lists_the_newest_accounts_with_theirs(client, db):
    login(client, UserFactory(roles=[Role.CURATOR], name="Kurator Satu"))
    UserFactory(roles=[Role.ARTISAN, Role.CUSTOMER], name="Ibu Sari")
    UserFactory(roles=[], name="Tanpa Peran")
    page = client.get("/admin/").get_data(as_text=True)
    assert "<tr><td>Perajin</td><td>1</td></tr>" in page and "<tr><td>Admin</td><td>0</td></tr>" in page
    assert page.index("Tanpa Peran") < page.index("Ibu Sari") < page.index("Kurator Satu")
    assert "<td>Perajin, Pembeli</td>" in page
    few = queries_for(client, "/admin/")
    for number in range(25):
        UserFactory(roles=[Role.CUSTOMER], name=f"Pembeli {number}")
    assert queries_for(client, "/admin/") == few
