"""Journey (4) in Chromium on a 360 px phone: a curator features a cloth on the home page and builds
a collection, which cannot go public before it holds a product."""

import pytest

from marketplace.auth.models import Role
from tests.factories import PASSWORD, ProductFactory, UserFactory
from tests.journeys import Phone, find_for_agency, log_in_agency, open_agency_page

pytestmark = pytest.mark.browser


def test_a_curator_features_a_cloth_and_publishes_a_collection_of_it(page, live_server, db):
    ProductFactory(title="Selendang Jumputan Pelangi")
    ProductFactory(title="Kain Batik Tulis Pedada Tawas")
    curator = UserFactory(email="kurator@dekranasda.id", roles=[Role.CURATOR], second_factor=False)

    agency = Phone(page, live_server)
    log_in_agency(agency, curator, PASSWORD)
    open_agency_page(agency, "Featured")
    find_for_agency(agency, "Selendang Jumputan Pelangi", "Feature")
    agency.sees("Selendang Jumputan Pelangi")
    agency.open("/")
    featured = agency.page.locator("section", has=agency.page.get_by_role(
        "heading", name=agency.words("Featured"), exact=True))
    assert featured.get_by_text("Selendang Jumputan Pelangi").is_visible()

    open_agency_page(agency, "Collections")
    agency.tap_link("New collection")
    agency.fill("Title in Indonesian", "Warna Pedada")
    agency.fill("Description in Indonesian", "Kain-kain berwarna kulit kayu pedada dari pesisir Banyuasin.")
    agency.fill("Title in English (empty: the Indonesian one is shown)", "Pedada Colours")
    agency.fill("Published from (WIB, empty: draft)", "2025-03-01T08:00")
    agency.tap("Save the collection")
    agency.sees("Add at least one product before publishing the collection.")  # nothing in it yet
    agency.fill("Published from (WIB, empty: draft)", "")
    agency.tap("Save the collection")
    agency.sees("The collection is saved. Now add its products and cover.")

    find_for_agency(agency, "Pedada Tawas", "Add")
    agency.sees("Kain Batik Tulis Pedada Tawas")
    agency.fill("Published from (WIB, empty: draft)", "2025-03-01T08:00")
    agency.tap("Save the changes")
    agency.sees("The collection is saved.")
    agency.tap_link("See the page")
    agency.sees("Warna Pedada")
    agency.sees("Kain Batik Tulis Pedada Tawas")

    visitor = agency.another()
    visitor.open("/collections")
    visitor.tap(visitor.page.get_by_role("link", name="Warna Pedada").first)
    visitor.sees("Kain Batik Tulis Pedada Tawas")
