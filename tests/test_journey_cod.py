"""Journey (3) in Chromium on a 360 px phone: a buyer cancels an order before paying it, then orders
with cash on delivery; the artisan ships it and records the cash."""

import pytest
from sqlalchemy import select

from marketplace.money import format_rupiah
from marketplace.orders.models import Order
from tests.factories import PASSWORD, ProductFactory, ShopFactory, UserFactory
from tests.journeys import (
    Phone,
    add_to_cart,
    find_by_search,
    go_to_checkout,
    log_in_artisan,
    open_my_order,
    place_order,
    prepare_and_ship,
    sign_in_and_check_out,
)

pytestmark = pytest.mark.browser


def test_a_buyer_cancels_an_unpaid_order_then_pays_the_courier_in_cash(page, live_server, db):
    shop = ShopFactory(name="Batik Sungsang", allows_cod=True)
    ProductFactory(title="Kain Pedada Sungsang", shop=shop, variants=[(350_000, 1)])
    customer = UserFactory(email="dewi@contoh.id", name="Dewi Lestari")

    buyer = Phone(page, live_server)
    sign_in_and_check_out(buyer, customer.email, PASSWORD, "pedada", "Kain Pedada Sungsang")
    place_order(buyer, "Bank transfer")
    open_my_order(buyer, "Batik Sungsang")
    buyer.fill("Reason (optional)", "Saya salah memilih ukuran.")
    buyer.tap("Cancel order")
    buyer.sees("Cancelled")
    find_by_search(buyer, "pedada", "Kain Pedada Sungsang")  # the last piece is on sale again
    add_to_cart(buyer, "Kain Pedada Sungsang")
    go_to_checkout(buyer)
    place_order(buyer, "Cash on delivery")
    total = format_rupiah(db.session.scalars(select(Order).order_by(Order.id.desc())).first().total)
    buyer.sees("You pay the courier when the cloth arrives: %(amount)s in total.", amount=total)

    artisan = buyer.another()
    log_in_artisan(artisan, shop.owner.email, PASSWORD)
    prepare_and_ship(artisan, "JNE REG", "PLM0000000003")
    artisan.tap("Mark delivered")
    artisan.sees("Collect exactly %(amount)s from the buyer or the courier, then record it.", amount=total)
    artisan.fill("Cash received (Rp)", total.removeprefix("Rp "))
    artisan.tap("Record cash")
    artisan.sees("Cash received: %(amount)s", amount=total)

    open_my_order(buyer, "Batik Sungsang")
    buyer.sees("Cash recorded: %(amount)s", amount=total)
