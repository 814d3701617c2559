"""Orders shipped before the courier list keep what the artisan typed; those whose text plainly names
a listed courier get its code, so their buyers get the tracking link too."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from marketplace.extensions import db
from marketplace.orders.models import Order
from tests.test_migrations import insert_a_user_and_their_shop

BEFORE_THE_COURIER_LIST = "2402d439ac8c"


def _order_shipped_with(connection, order_id: int, courier: str, tracking_number: str) -> None:
    connection.execute(text(
        "INSERT INTO orders (id, checkout_id, shop_id, buyer_id, status, subtotal, shipping_fee, total, "
        "weight_grams, pickup, courier, tracking_number) VALUES (:id, 1, 1, 1, 'shipped', 100000, 20000, "
        "120000, 300, false, :courier, :number)"),
        {"id": order_id, "courier": courier, "number": tracking_number})


def test_upgrading_gives_plainly_named_couriers_their_code_and_keeps_every_text(make_app):
    make_app(schema=False)
    upgrade(revision=BEFORE_THE_COURIER_LIST)
    with db.engine.begin() as connection:
        insert_a_user_and_their_shop(connection)
        connection.execute(text(
            "INSERT INTO checkouts (id, buyer_id, token, payment_method, subtotal, shipping_total, total, "
            "recipient, phone, street, village, kecamatan, city, province, postal_code) VALUES (1, 1, 't', "
            "'bank_transfer', 300000, 60000, 360000, 'Dewi', '0812', 'Jl. 1', 'Desa', 'Kec', 'Kota', "
            "'Sumatera Selatan', '30135')"))
        _order_shipped_with(connection, 1, " J&T ", "JP1234567890")
        _order_shipped_with(connection, 2, "sicepat", "002345678901")
        _order_shipped_with(connection, 3, "Kurir desa Pak Amin", "BYS-01")
    upgrade()
    orders = {order.id: order for order in db.session.scalars(select(Order).order_by(Order.id))}
    assert [(order.courier_code, order.courier) for order in orders.values()] == [
        ("jnt", " J&T "), ("sicepat", "sicepat"), (None, "Kurir desa Pak Amin")]
    assert orders[1].tracking_url == "https://jet.co.id/track?awb=JP1234567890"
    assert (orders[3].courier_label, orders[3].tracking_url) == ("Kurir desa Pak Amin", None)
    db.session.remove()
    downgrade(revision=BEFORE_THE_COURIER_LIST)
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT courier FROM orders ORDER BY id")).scalars().all() == [
            " J&T ", "sicepat", "Kurir desa Pak Amin"]
