"""Journey (2) in Chromium on a 360 px phone: a buyer finds one cloth by search and another by the
catalog's filters, registers on the way to checkout, pays both shops with one bank transfer and
sends the receipt; an admin confirms it; each artisan prepares and ships with a courier; the buyer
confirms receipt and reviews; the artisan replies."""

import pytest

from marketplace.auth.models import Role
from marketplace.products.models import Technique
from tests.factories import PASSWORD, ProductFactory, ShopFactory, UserFactory
from tests.journeys import (
    Phone,
    add_to_cart,
    confirm_transfer,
    find_by_filters,
    find_by_search,
    go_to_checkout,
    log_in_agency,
    log_in_artisan,
    photo,
    place_order,
    prepare_and_ship,
    receive_and_review,
    register_on_the_way,
    reply_to_review,
    send_receipt,
)

pytestmark = pytest.mark.browser


def test_a_buyer_pays_two_shops_by_transfer_and_reviews_once_both_have_shipped(page, live_server, db,
                                                                                outbox, tmp_path):
    batik = ProductFactory(title="Kain Pedada Sungsang", shop=ShopFactory(name="Batik Sungsang"),
                           variants=[(350_000, 2)])
    jumputan = ProductFactory(title="Selendang Jumputan Betung", shop=ShopFactory(name="Jumputan Betung"),
                              technique=Technique.JUMPUTAN, variants=[(150_000, 4)])
    admin = UserFactory(email="admin@dekranasda.id", roles=[Role.ADMIN])

    buyer = Phone(page, live_server)
    buyer.open("/")
    find_by_search(buyer, "pedada", "Kain Pedada Sungsang")
    add_to_cart(buyer, "Kain Pedada Sungsang")
    find_by_filters(buyer, "jumputan", "Selendang Jumputan Betung")
    add_to_cart(buyer, "Selendang Jumputan Betung")
    go_to_checkout(buyer)
    buyer.sees("Please log in to open that page.")
    register_on_the_way(buyer, outbox, "Dewi Lestari", "dewi@contoh.id", "songket-pedada-7")
    buyer.sees("Batik Sungsang")  # back on the checkout, the cart kept
    buyer.sees("Jumputan Betung")
    place_order(buyer, "Bank transfer")
    buyer.sees("Transfer exactly %(amount)s", amount="Rp 550.000")  # with shipping
    send_receipt(buyer, photo(tmp_path, "bukti-transfer.png", "#dddddd"))

    agency = buyer.another()
    log_in_agency(agency, admin, PASSWORD)
    confirm_transfer(agency)

    for shop, tracking in ((batik.shop, "PLM0000000001"), (jumputan.shop, "PLM0000000002")):
        artisan = buyer.another()
        log_in_artisan(artisan, shop.owner.email, PASSWORD)
        prepare_and_ship(artisan, "JNE REG", tracking)

    receive_and_review(buyer, "Batik Sungsang", "Kainnya halus dan warnanya indah.")
    buyer.sees("Kainnya halus dan warnanya indah.")

    artisan = buyer.another()
    log_in_artisan(artisan, batik.shop.owner.email, PASSWORD)
    reply_to_review(artisan, "Terima kasih, Bu Dewi. Semoga awet dipakai.")
