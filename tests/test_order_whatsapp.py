"""The order pages open a WhatsApp chat between the artisan and the buyer: the artisan's with the phone
of the shipping address and a greeting naming the order, the buyer's with the shop, naming what was
bought."""

from html import unescape
from urllib.parse import unquote

import pytest

from tests.factories import UserFactory
from tests.test_order_actions import _artisan_page, _order, _paid_order


@pytest.fixture
def buyer(db):
    return UserFactory(email="dewi@contoh.id", locale="id")


def _chat_link(page: str, number: str) -> str:
    start = page.index(f"https://wa.me/{number}?text=")
    return unquote(unescape(page[start:page.index('"', start)]))


def test_the_artisan_chats_with_the_buyer_at_the_shipping_phone_in_indonesian_naming_the_order(app, buyer):
    _client, order = _paid_order(app, buyer)
    client, page = _artisan_page(app, order)
    link = _chat_link(client.get(page).get_data(as_text=True), "6281234567890")
    assert link.endswith(f"Halo Dewi Lestari, saya dari {order.shop.name} tentang pesanan Anda "
                         f"{order.number} di Pasar Batik Banyuasin.")


def test_a_buyer_who_chose_english_is_greeted_in_english_whatever_the_artisans_language(app, db):
    buyer = UserFactory(email="anna@contoh.id", locale="en")
    _client, order = _paid_order(app, buyer)
    client, page = _artisan_page(app, order)
    link = _chat_link(client.get(page).get_data(as_text=True), "6281234567890")
    assert f"Hello Dewi Lestari, this is {order.shop.name} about your order {order.number}" in link


def test_a_shipping_phone_that_is_no_mobile_number_gets_no_whatsapp_button(app, buyer, db):
    _client, order = _paid_order(app, buyer)
    order = _order(order.id)
    order.checkout.phone = "0711 352 123"  # a Palembang landline
    db.session.commit()
    client, page = _artisan_page(app, order)
    assert "https://wa.me/" not in client.get(page).get_data(as_text=True)


def test_the_buyer_asks_the_shop_on_whatsapp_naming_the_order_and_the_product(app, buyer):
    client, order = _paid_order(app, buyer)
    order = _order(order.id)
    page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    link = _chat_link(page, order.shop.whatsapp)
    assert link.endswith(f"Halo {order.shop.name}, saya ingin bertanya tentang pesanan saya {order.number}: "
                         f"{order.lines[0].title}.")
    assert f"Tanya {order.shop.name} lewat WhatsApp" in page
