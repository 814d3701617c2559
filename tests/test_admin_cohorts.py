"""Curators record the agency's training cohorts and link the shops whose artisans took them; the
public cohort badge and the /cohorts page read from here, and every change is audited."""

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.audit.models import AuditEntry
from marketplace.extensions import db as _db
from marketplace.shops.models import Cohort, Shop
from tests.factories import CohortFactory, ProductFactory, ShopFactory
from tests.helpers import login, post_form

COHORT = {"name": "Pelatihan Batik Banyuasin x Jumputan", "starts_on": "2025-03-10", "ends_on": "2025-03-14",
          "place": "Gedung Dekranasda, Pangkalan Balai",
          "organisers": "Dekranasda Banyuasin dan Dinas Koperasi, UKM dan Perdagangan"}


@pytest.fixture
def curator(curator, client):
    """The agency's curator, logged in on `client` for every test here."""
    login(client, curator)
    return curator


def actions() -> list[str]:
    return list(_db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def cohort_count() -> int:
    return _db.session.scalar(select(func.count(Cohort.id)))


def test_a_curator_creates_a_cohort_that_appears_on_the_public_page(app, client, curator):
    response = post_form(client, "/admin/cohorts/new", COHORT)
    cohort = _db.session.scalar(select(Cohort))
    assert response.headers["Location"] == f"/admin/cohorts/{cohort.id}"
    assert (cohort.starts_on, cohort.ends_on, cohort.place) == (
        date(2025, 3, 10), date(2025, 3, 14), "Gedung Dekranasda, Pangkalan Balai")
    assert "Pelatihan Batik Banyuasin x Jumputan" in client.get("/admin/cohorts").get_data(as_text=True)
    public = app.test_client().get("/cohorts").get_data(as_text=True)
    assert "Pelatihan Batik Banyuasin x Jumputan" in public and "Pangkalan Balai" in public
    entry = _db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.actor_name) == ("cohort.create", "Siti Kurator")
    assert entry.after["starts_on"] == "2025-03-10"


@pytest.mark.parametrize(("changes", "message"), [
    ({"ends_on": "2025-03-09"}, "Hari terakhir tidak boleh sebelum hari pertama"),
    ({"starts_on": ""}, "Masukkan hari pertama"),
    ({"ends_on": "14/03/2025x"}, "Tulis tanggal sebagai tahun-bulan-hari"),
    ({"name": ""}, "Beri nama angkatan"),
    ({"place": ""}, "Masukkan tempat pelatihan"),
    ({"organisers": " "}, "Masukkan penyelenggara pelatihan"),
])
def test_bad_cohorts_are_refused_with_a_message(client, curator, changes, message):
    response = post_form(client, "/admin/cohorts/new", {**COHORT, **changes})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert cohort_count() == 0 and actions() == []


def test_a_cohort_ending_on_the_day_it_starts_is_fine(client, curator):
    post_form(client, "/admin/cohorts/new", {**COHORT, "ends_on": COHORT["starts_on"]})
    assert cohort_count() == 1


def test_a_cohort_name_is_unique_whatever_its_case(client, curator):
    CohortFactory(name="Pelatihan Jumputan 2024")
    response = post_form(client, "/admin/cohorts/new", {**COHORT, "name": "PELATIHAN jumputan 2024"})
    assert "Nama ini sudah dipakai angkatan lain" in response.get_data(as_text=True)
    assert cohort_count() == 1


def test_the_database_refuses_a_cohort_that_ends_before_it_starts(db):
    db.session.add(Cohort(name="Terbalik", starts_on=date(2025, 3, 10), ends_on=date(2025, 3, 9),
                          place="Betung", organisers="Dekranasda"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_editing_a_cohort_is_audited_with_before_and_after(client, curator):
    cohort = CohortFactory(name="Pelatihan Lama")
    path = f"/admin/cohorts/{cohort.id}"
    assert 'value="Pelatihan Lama"' in client.get(path).get_data(as_text=True)
    response = post_form(client, path, {**COHORT, "name": "Pelatihan Baru", "ends_on": "2025-03-15"})
    assert response.headers["Location"] == path
    _db.session.expire_all()
    assert (cohort.name, cohort.ends_on) == ("Pelatihan Baru", date(2025, 3, 15))
    entry = _db.session.scalar(select(AuditEntry))
    assert entry.action == "cohort.update"
    assert (entry.before["name"], entry.after["name"]) == ("Pelatihan Lama", "Pelatihan Baru")


def test_an_edit_with_the_end_before_the_start_changes_nothing(client, curator):
    cohort = CohortFactory()
    response = post_form(client, f"/admin/cohorts/{cohort.id}", {**COHORT, "starts_on": "2025-04-01"})
    assert "Hari terakhir tidak boleh sebelum hari pertama" in response.get_data(as_text=True)
    _db.session.expire_all()
    assert cohort.starts_on == date(2024, 2, 19) and actions() == []


def test_a_linked_shop_shows_its_cohort_badge_and_unlinking_removes_it(app, client, curator):
    cohort = CohortFactory(name="Pelatihan Pewarna Alam", starts_on=date(2025, 5, 5),
                           ends_on=date(2025, 5, 9))
    shop = ShopFactory(name="Batik Sembawa")
    product = ProductFactory(shop=shop)
    visitor = app.test_client()
    badge = "Alumni Pelatihan Pewarna Alam 2025"
    assert badge not in visitor.get(f"/shops/{shop.slug}").get_data(as_text=True)
    path = f"/admin/cohorts/{cohort.id}"
    response = post_form(client, f"{path}/shops", {"shop_id": str(shop.id)}, page=path)
    assert response.headers["Location"] == path
    assert badge in visitor.get(f"/shops/{shop.slug}").get_data(as_text=True)
    assert badge in visitor.get(f"/products/{product.id}").get_data(as_text=True)
    assert "Batik Sembawa" in client.get(path).get_data(as_text=True)
    post_form(client, f"{path}/shops/{shop.id}/unlink", {}, page=path)
    assert badge not in visitor.get(f"/shops/{shop.slug}").get_data(as_text=True)
    assert _db.session.get(Shop, shop.id, populate_existing=True).cohort_id is None
    entries = _db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [entry.action for entry in entries] == ["shop.cohort", "shop.cohort"]
    assert entries[0].before["cohort_id"] is None and entries[0].after["cohort"] == "Pelatihan Pewarna Alam"
    assert entries[1].after == {"cohort_id": None, "cohort": None}


def test_linking_moves_a_shop_from_its_previous_cohort(client, curator):
    old, new = CohortFactory(name="Angkatan Lama"), CohortFactory(name="Angkatan Baru")
    shop = ShopFactory(cohort=old)
    path = f"/admin/cohorts/{new.id}"
    post_form(client, f"{path}/shops", {"shop_id": str(shop.id)}, page=path)
    assert _db.session.get(Shop, shop.id, populate_existing=True).cohort_id == new.id
    entry = _db.session.scalar(select(AuditEntry))
    assert (entry.before["cohort"], entry.after["cohort"]) == ("Angkatan Lama", "Angkatan Baru")


def test_linking_an_unknown_shop_is_refused_with_a_message(client, curator):
    cohort = CohortFactory()
    path = f"/admin/cohorts/{cohort.id}"
    ShopFactory()
    response = post_form(client, f"{path}/shops", {"shop_id": "99999"}, page=path)
    assert response.status_code == 200 and actions() == []
    assert client.get("/admin/cohorts/99999").status_code == 404


def test_unlinking_a_shop_of_another_cohort_changes_nothing(client, curator):
    cohort, other = CohortFactory(), CohortFactory()
    shop = ShopFactory(cohort=other)
    path = f"/admin/cohorts/{cohort.id}"
    assert post_form(client, f"{path}/shops/{shop.id}/unlink", {}, page=path).status_code == 302
    assert _db.session.get(Shop, shop.id, populate_existing=True).cohort_id == other.id
    assert actions() == []
