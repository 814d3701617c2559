"""The artisan ships with a courier from the list and its service; the tracking number is checked
against the courier's format, and the buyer gets a link to the courier's tracking page on the order
page and in the email. Orders shipped with free text before the list still show what was typed."""

import pytest

from marketplace.orders import actions
from marketplace.orders.couriers import COURIERS, find_courier
from marketplace.orders.models import OrderStatus
from tests.api_support import Api, error_of
from tests.factories import UserFactory
from tests.helpers import login, post_form
from tests.test_order_actions import _artisan_page, _order, _paid_order

S = OrderStatus


@pytest.fixture
def buyer(db):
    return UserFactory(email="dewi@contoh.id")


def _ship_on_page(app, order, courier, tracking_number):
    client, page = _artisan_page(app, order)
    post_form(client, f"{page}/process", {}, page=page)
    post_form(client, f"{page}/ship", {"courier": courier, "tracking_number": tracking_number}, page=page)
    return client.get(page).get_data(as_text=True)


def _ship_by_api(app, order, **body):
    api = Api(app.test_client(), order.shop.owner)
    api.post(f"/orders/{order.id}/process")
    return api.post(f"/orders/{order.id}/ship", json=body)


def test_the_ship_form_offers_every_listed_courier_with_its_services(app, buyer):
    _client, order = _paid_order(app, buyer)
    client, page = _artisan_page(app, order)
    post_form(client, f"{page}/process", {}, page=page)
    form = client.get(page).get_data(as_text=True)
    assert '<label for="courier">Kurir</label>' in form
    assert '<label for="tracking_number">Nomor resi</label>' in form
    for name in ("JNE REG", "J&amp;T Express EZ", "SiCepat BEST", "Pos Indonesia Reguler", "AnterAja Reguler",
                 "Ninja Xpress Standard", "Lion Parcel REGPACK", "ID Express Standard",
                 "Diantar sendiri oleh toko", "Diambil di toko"):
        assert name in form


def test_a_shipment_by_jt_links_the_buyer_to_the_jt_tracking_page_on_the_order_and_in_the_email(
        app, buyer, outbox):
    client, order = _paid_order(app, buyer)
    outbox.clear()
    _ship_on_page(app, order, "jnt:Super", "jp 1234 567 890")
    shipped = _order(order.id)
    assert (shipped.status, shipped.courier_code, shipped.courier_service, shipped.tracking_number) == (
        S.SHIPPED, "jnt", "Super", "JP1234567890")
    link = "https://jet.co.id/track?awb=JP1234567890"
    buyer_page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert "J&amp;T Express Super" in buyer_page and f'href="{link}"' in buyer_page
    assert link in outbox[0].get_content() and "JP1234567890" in outbox[0].get_content()


def test_a_number_in_another_couriers_format_is_refused_with_an_example_and_nothing_ships(app, buyer):
    _client, order = _paid_order(app, buyer)
    page = _ship_on_page(app, order, "sicepat:REG", "JP1234567890")
    assert "Ini bukan nomor resi SiCepat" in page and "002345678901" in page
    assert _order(order.id).status == S.PROCESSING


def test_the_shops_own_delivery_and_pickup_need_no_tracking_number_and_show_no_link(app, buyer):
    client, order = _paid_order(app, buyer)
    _ship_on_page(app, order, "own", "")
    shipped = _order(order.id)
    assert (shipped.status, shipped.tracking_number, shipped.tracking_url) == (S.SHIPPED, None, None)
    buyer_page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert "Dikirim dengan Diantar sendiri oleh toko" in buyer_page


def test_a_courier_with_numbers_needs_one(app, buyer):
    _client, order = _paid_order(app, buyer)
    response = _ship_by_api(app, order, courier="anteraja", tracking_number="  ")
    assert response.status_code == 422 and "tracking_number" in error_of(response)["details"]
    assert _order(order.id).status == S.PROCESSING


@pytest.mark.parametrize(("body", "field"), [
    ({"courier": "dhl", "tracking_number": "1234567890"}, "courier"),
    ({"courier": "jne", "service": "KILAT", "tracking_number": "1234567890"}, "service"),
    ({"courier": "ide", "tracking_number": "1234567890"}, "tracking_number"),
    ({"courier": "jne", "tracking_number": "JNE/123<script>"}, "tracking_number"),
])
def test_the_api_names_what_is_wrong_with_a_shipment(app, buyer, body, field):
    _client, order = _paid_order(app, buyer)
    response = _ship_by_api(app, order, **body)
    assert response.status_code == 422 and field in error_of(response)["details"]
    assert _order(order.id).status == S.PROCESSING


def test_the_api_takes_the_regular_service_when_none_is_given_and_answers_the_tracking_link(app, buyer):
    _client, order = _paid_order(app, buyer)
    shipped = _ship_by_api(app, order, courier="ninja", tracking_number="NLIDAP12345678").get_json()
    assert (shipped["courier"], shipped["courier_code"], shipped["courier_service"]) == (
        "Ninja Xpress", "ninja", "Standard")
    assert shipped["tracking_url"] == "https://www.ninjaxpress.co/id-id/tracking?id=NLIDAP12345678"


def test_shipping_again_with_the_same_details_changes_nothing(app, buyer, db):
    _client, order = _paid_order(app, buyer)
    order = _order(order.id)
    actions.process_order(order, order.shop.owner)
    artisan = order.shop.owner
    assert actions.ship_order(order, artisan, "jne", "0113852100123456", "YES").value == "done"
    assert actions.ship_order(order, artisan, "JNE", "0113 8521 0012 3456", "yes").value == "unchanged"


def test_an_order_shipped_with_free_text_before_the_list_still_shows_what_was_typed(app, buyer, db):
    client, order = _paid_order(app, buyer)
    order = _order(order.id)
    order.status, order.courier, order.tracking_number = S.SHIPPED, "Kurir desa Pak Amin", "BYS-01"
    db.session.commit()
    page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert "Kurir desa Pak Amin" in page and "BYS-01" in page
    assert Api(app.test_client(), buyer).get(f"/orders/{order.id}").get_json()["tracking_url"] is None
    artisan = app.test_client()
    login(artisan, order.shop.owner)
    assert "Kurir desa Pak Amin" in artisan.get(f"/dashboard/orders/{order.id}").get_data(as_text=True)


@pytest.mark.parametrize("courier", [courier for courier in COURIERS if courier.tracking_example])
def test_each_couriers_example_fits_its_own_format_and_has_a_tracking_page(courier):
    assert courier.tracking_number_fits(courier.tracking_example)
    assert courier.tracking_url(courier.tracking_example).startswith("https://")
    assert find_courier(courier.code.upper()) is courier


def test_the_ship_form_starts_with_no_courier_chosen_and_refuses_to_ship_without_one(app, buyer):
    _client, order = _paid_order(app, buyer)
    client, page = _artisan_page(app, order)
    post_form(client, f"{page}/process", {}, page=page)
    form = client.get(page).get_data(as_text=True)
    assert '<select id="courier" name="courier" required><option value="">—</option><optgroup' in form
    post_form(client, f"{page}/ship", {"courier": "", "tracking_number": "JP1234567890"}, page=page)
    assert "Pilih kurir dan layanannya." in client.get(page).get_data(as_text=True)
    assert _order(order.id).status == S.PROCESSING
