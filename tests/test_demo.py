from sqlalchemy import func, select

from marketplace.auth.models import Role, User
from marketplace.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from marketplace.shops.models import Cohort
from tests.helpers import login


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_demo_loads_accounts_and_the_cohort_and_prints_them(runner, db):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "admin@demo.pasarbatik.id" in result.output and DEMO_PASSWORD in result.output
    cohort = db.session.scalar(select(Cohort))
    assert cohort.name == "Pelatihan Batik Banyuasin x Jumputan"
    assert cohort.place.startswith("Palembang") and cohort.starts_on.year == 2024
    assert "Dekranasda" in cohort.organisers and "Koperindag" in cohort.organisers
    roles = {role for user in db.session.scalars(select(User)) for role in user.roles}
    assert roles == set(Role)


def test_seed_demo_run_twice_duplicates_nothing(runner, db):
    runner.invoke(args=["seed-demo"])
    users, cohorts = count(db, User), count(db, Cohort)
    result = runner.invoke(args=["seed-demo"])
    assert "0 new record" in result.output
    assert (count(db, User), count(db, Cohort)) == (users, cohorts) == (len(DEMO_ACCOUNTS), 1)


def test_seed_demo_keeps_changes_made_since(runner, db):
    runner.invoke(args=["seed-demo"])
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.pasarbatik.id"))
    admin.name = "Renamed by hand"
    db.session.commit()
    runner.invoke(args=["seed-demo"])
    db.session.expire_all()
    assert db.session.get(User, admin.id).name == "Renamed by hand"


def test_demo_accounts_can_log_in(runner, client, db):
    runner.invoke(args=["seed-demo"])
    assert login(client, "kurator@demo.pasarbatik.id", DEMO_PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert "Pelatihan Batik Banyuasin x Jumputan" in client.get("/cohorts").get_data(as_text=True)
