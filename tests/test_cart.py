import re

import pytest
from sqlalchemy import func, select

import marketplace.orders.cart_routes  # noqa: F401  (the cart pages and the models, before create_all)
from marketplace.auth.models import User
from marketplace.extensions import db as _db
from marketplace.orders.cart import (
    MAX_QUANTITY,
    CartLine,
    DatabaseCart,
    SessionCart,
    cart_items,
    shop_summaries,
)
from marketplace.products.models import ProductStatus
from marketplace.shops.models import ShopState
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import counted_queries, login, logout, post_form, register


def add(client, variant, quantity=1):
    data = {"variant_id": str(variant.id), "quantity": str(quantity), "product_id": str(variant.product_id)}
    return post_form(client, "/cart/add", data, page="/", follow_redirects=True)


def set_quantity(client, variant, quantity):
    return post_form(client, f"/cart/{variant.id}/quantity", {"quantity": str(quantity)}, page="/cart",
                     follow_redirects=True)


def remove(client, variant):
    return post_form(client, f"/cart/{variant.id}/remove", {}, page="/cart", follow_redirects=True)


def text(response) -> str:
    return response.get_data(as_text=True)


def english(client):
    post_form(client, "/language", {"lang": "en"}, page="/")


def lines_of(user) -> dict[int, tuple[int, int]]:
    _db.session.expire_all()
    return DatabaseCart(user.id).lines()


@pytest.fixture
def customer(client, db):
    user = UserFactory(email="dewi@contoh.id")
    login(client, user)
    english(client)
    return user


@pytest.fixture
def two_shops(db):
    """Kain from Sungsang (Rp 350.000, 300 g) and jumputan from Betung (Rp 150.000, 1.2 kg)."""
    first = ProductFactory(shop=ShopFactory(name="Batik Sungsang", slug="batik-sungsang"),
                           variants=[(350_000, 3)], weight_grams=300)
    second = ProductFactory(shop=ShopFactory(name="Jumputan Betung", slug="jumputan-betung",
                                             shipping_base_fee=20_000, shipping_fee_per_kg=5_000),
                            variants=[(150_000, 5)], weight_grams=1_200)
    return first.variants[0], second.variants[0]


def test_a_guest_adds_to_the_cart_and_sees_it_by_shop_with_shipping(client, two_shops):
    first, second = two_shops
    added = add(client, second, 1)
    assert added.request.path == f"/products/{second.product_id}" and "flash-success" in text(added)
    add(client, first, 2)
    page = text(client.get("/cart"))
    assert page.index("Batik Sungsang") < page.index("Jumputan Betung")
    assert 'href="/shops/batik-sungsang"' in page and 'href="/shops/jumputan-betung"' in page
    assert first.product.title in page and first.name in page
    # 2 × 300 g ships as 1 kg: 15.000 + 10.000; 1.2 kg as 2 kg at Betung: 20.000 + 2 × 5.000
    for amount in ("Rp 700.000", "Rp 25.000", "Rp 150.000", "Rp 30.000", "Rp 905.000"):
        assert amount in page
    assert 'href="/checkout"' in page


def test_the_cart_page_has_a_labelled_field_and_buttons_for_each_line(client, two_shops):
    first, _ = two_shops
    add(client, first, 2)
    page = text(client.get("/cart"))
    assert f'<label for="quantity-{first.id}">' in page and f'id="quantity-{first.id}"' in page
    assert f'action="/cart/{first.id}/quantity"' in page and f'action="/cart/{first.id}/remove"' in page


def test_an_empty_cart_says_so(client, db):
    english(client)
    assert "Your cart is empty." in text(client.get("/cart"))


def test_a_customers_cart_is_kept_across_sessions(app, client, customer, two_shops):
    first, _ = two_shops
    add(client, first, 2)
    assert lines_of(customer) == {first.id: (2, 350_000)}
    other_device = app.test_client()
    login(other_device, customer)
    page = text(other_device.get("/cart"))
    assert first.product.title in page and "Rp 700.000" in page


def test_the_guest_cart_joins_the_account_cart_on_login_capped_at_the_stock(client, two_shops, db):
    first, second = two_shops
    user = UserFactory()
    DatabaseCart(user.id).put(first.id, 2, 350_000)
    db.session.commit()
    english(client)
    add(client, first, 2)
    add(client, second, 1)
    response = login(client, user)
    assert response.status_code == 302
    assert lines_of(user) == {first.id: (3, 350_000), second.id: (1, 150_000)}
    assert "not enough is available" in text(client.get("/"))
    logout(client)
    assert "Your cart is empty." in text(client.get("/cart"))


def test_registering_keeps_what_the_guest_put_in_the_cart(client, two_shops, db, outbox):
    first, _ = two_shops
    add(client, first, 1)
    response = register(client, outbox, "sari@contoh.id", "kain-jumputan-merah-9")
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "sari@contoh.id"))
    assert lines_of(user) == {first.id: (1, 350_000)}


@pytest.mark.parametrize(("quantity", "message"), [
    ("0", "Enter a quantity from 1 to 100."),
    ("-1", "Enter a quantity from 1 to 100."),
    ("1.5", "Enter a whole number."),
    ("1000000000", "Enter a quantity from 1 to 100."),
    ("dua", "Enter a whole number."),
    ("", "Enter a quantity."),
])
def test_a_bad_quantity_is_refused_with_a_message_and_changes_nothing(client, customer, two_shops, quantity,
                                                                      message):
    first, _ = two_shops
    add(client, first, 1)
    response = add(client, first, quantity)
    assert response.status_code == 200 and message in text(response)
    assert lines_of(customer) == {first.id: (1, 350_000)}
    changed = set_quantity(client, first, quantity)
    assert changed.status_code == 200 and message in text(changed)
    assert lines_of(customer) == {first.id: (1, 350_000)}


@pytest.mark.parametrize(("data", "message"), [
    ({"quantity": "1"}, "Choose a variant."),
    ({"variant_id": "", "quantity": "1"}, "Choose a variant."),
    ({"variant_id": "kain", "quantity": "1"}, "Enter a whole number."),
    ({"variant_id": "999999", "quantity": "1"}, "This item is not for sale."),
    ({"variant_id": "-3", "quantity": "1"}, "This item is not for sale."),
    ({"variant_id": "99999999999999999999999", "quantity": "1"}, "This item is not for sale."),
    ({"variant_id": "1", "quantity": "1", "product_id": "99999999999999999999"}, None),
])
def test_odd_variant_ids_are_refused_without_an_error_page(client, customer, data, message):
    response = post_form(client, "/cart/add", data, page="/", follow_redirects=True)
    assert response.status_code == 200
    assert message is None or message in text(response)
    assert _db.session.scalar(select(func.count(CartLine.id))) == 0


@pytest.mark.parametrize("listing", [
    {"status": ProductStatus.DRAFT},
    {"status": ProductStatus.ARCHIVED},
    {"hidden": True, "hidden_reason": "Foto bukan milik sendiri"},
    {"shop_state": ShopState.PENDING},
    {"shop_state": ShopState.SUSPENDED},
])
def test_a_listing_that_is_not_public_cannot_be_added(client, customer, db, listing):
    shop = ShopFactory(state=listing.pop("shop_state", ShopState.VERIFIED))
    variant = ProductFactory(shop=shop, **listing).variants[0]
    response = add(client, variant, 1)
    assert response.request.path == "/products" and "This item is not for sale." in text(response)
    assert lines_of(customer) == {}


def test_more_than_is_available_is_refused_with_the_count(client, customer, db):
    variant = ProductFactory(variants=[(350_000, 5)]).variants[0]
    variant.stock_reserved = 2
    db.session.commit()
    assert "Only 3 available." in text(add(client, variant, 4))
    assert lines_of(customer) == {}
    add(client, variant, 2)
    assert "Only 3 available, and 2 are already in your cart." in text(add(client, variant, 2))
    assert "Only 3 available." in text(set_quantity(client, variant, 4))
    assert lines_of(customer) == {variant.id: (2, 350_000)}


def test_a_sold_out_variant_cannot_be_added_and_its_choice_is_disabled(client, customer, db):
    product = ProductFactory(variants=[(350_000, 0), (400_000, 2)])
    sold_out, in_stock = product.variants
    page = text(client.get(f"/products/{product.id}"))
    assert re.search(rf'value="{sold_out.id}"[^>]*disabled', page)
    assert re.search(rf'value="{in_stock.id}"[^>]*checked', page)
    assert "Sorry, this item is sold out." in text(add(client, sold_out, 1))
    assert lines_of(customer) == {}


def test_made_to_order_takes_more_than_the_stock_up_to_the_maximum(client, customer, db):
    variant = ProductFactory(made_to_order=True, production_days=14, variants=[(900_000, 0)]).variants[0]
    add(client, variant, 60)
    add(client, variant, MAX_QUANTITY - 60)
    assert lines_of(customer) == {variant.id: (MAX_QUANTITY, 900_000)}
    assert "at most 100 of one item" in text(add(client, variant, 1))
    assert "Enter a quantity from 1 to 100." in text(set_quantity(client, variant, MAX_QUANTITY + 1))
    assert lines_of(customer) == {variant.id: (MAX_QUANTITY, 900_000)}


def test_a_price_change_after_adding_is_shown_and_the_new_price_counts(client, customer, two_shops, db):
    first, _ = two_shops
    add(client, first, 2)
    first.price = 400_000
    db.session.commit()
    page = text(client.get("/cart"))
    assert "The price changed from Rp 350.000 to Rp 400.000." in page
    assert "Rp 800.000" in page


def test_a_line_short_of_stock_is_flagged(client, customer, two_shops, db):
    first, _ = two_shops
    add(client, first, 3)
    first.stock_reserved = 2  # someone else's checkout took two
    db.session.commit()
    assert "Only 1 left" in text(client.get("/cart"))
    first.stock_reserved = 3
    db.session.commit()
    assert "Sold out" in text(client.get("/cart"))


def test_a_line_no_longer_for_sale_is_flagged_and_not_counted(client, customer, two_shops, db):
    first, second = two_shops
    add(client, first, 1)
    add(client, second, 1)
    first.product.hidden = True
    db.session.commit()
    page = text(client.get("/cart"))
    assert "No longer for sale" in page and "Rp 180.000" in page and "Rp 375.000" not in page


def test_a_customer_updates_and_removes_lines(client, customer, two_shops):
    first, second = two_shops
    add(client, first, 1)
    add(client, second, 1)
    assert "flash-success" in text(set_quantity(client, first, 3))
    assert lines_of(customer) == {first.id: (3, 350_000), second.id: (1, 150_000)}
    remove(client, first)
    assert lines_of(customer) == {second.id: (1, 150_000)}
    remove(client, second)
    assert "Your cart is empty." in text(client.get("/cart"))


def test_a_guest_updates_and_removes_in_the_session_cart(client, two_shops):
    first, _ = two_shops
    add(client, first, 1)
    set_quantity(client, first, 2)
    assert "Rp 700.000" in text(client.get("/cart"))
    remove(client, first)
    assert first.product.title not in text(client.get("/cart"))


def test_nobody_sees_or_changes_another_customers_cart(app, client, customer, two_shops):
    first, _ = two_shops
    add(client, first, 2)
    stranger, guest = app.test_client(), app.test_client()
    login(stranger, UserFactory())
    english(stranger)
    for other in (stranger, guest):
        assert first.product.title not in text(other.get("/cart"))
    assert "no longer in your cart" in text(set_quantity(stranger, first, 1))
    remove(stranger, first)
    remove(guest, first)
    assert lines_of(customer) == {first.id: (2, 350_000)}


def test_a_deleted_variant_leaves_the_carts_it_was_in(client, customer, db):
    product = ProductFactory(variants=[(350_000, 3), (400_000, 3)])
    gone, kept = product.variants
    add(client, gone, 1)
    add(client, kept, 1)
    product.variants.remove(gone)
    db.session.commit()
    assert lines_of(customer) == {kept.id: (1, 400_000)}
    assert product.title in text(client.get("/cart"))


def test_the_product_page_offers_the_cart_only_for_public_listings(app, client, db):
    public = ProductFactory(variants=[(350_000, 2)])
    draft = ProductFactory(status=ProductStatus.DRAFT)
    english(client)
    page = text(client.get(f"/products/{public.id}"))
    assert 'action="/cart/add"' in page and "Add to cart" in page and 'for="add-quantity"' in page
    owner = app.test_client()
    login(owner, draft.shop.owner)
    preview = text(owner.get(f"/products/{draft.id}"))
    assert 'action="/cart/add"' not in preview and '<table class="variants">' in preview


def test_the_session_cart_skips_what_it_cannot_read():
    session = {"cart": {"7": [2, 350_000], "x": [1, 1], "8": "rusak", "9": [1, 2, 3]}}
    assert SessionCart(session).lines() == {7: (2, 350_000)}
    assert SessionCart({"cart": "rusak"}).lines() == {}


def test_the_cart_loads_in_the_same_number_of_queries_for_2_and_20_lines(app, db):
    shops = [ShopFactory() for _ in range(4)]
    variants = [ProductFactory(shop=shops[n % 4]).variants[0] for n in range(20)]
    user = UserFactory()
    client = app.test_client()
    login(client, user)
    counts = []
    for size in (2, 20):
        store = SessionCart({})
        for variant in variants[:size]:
            store.put(variant.id, 1, variant.price)
            DatabaseCart(user.id).put(variant.id, 1, variant.price)
        db.session.commit()
        db.session.expire_all()
        with counted_queries() as statements:
            summaries = shop_summaries(cart_items(store, with_photos=True))
            shown = [(item.variant.product.title, item.variant.product.images, item.line_total)
                     for summary in summaries for item in summary.items]
        assert len(shown) == size
        db.session.expire_all()
        with counted_queries() as without_photos:  # what checkout and the API read
            assert len(shop_summaries(cart_items(store))) == min(size, 4)
        with counted_queries() as page:
            assert client.get("/cart").status_code == 200
        counts.append((len(statements), len(without_photos), len(page)))
    assert counts[0] == counts[1], counts
    # the variants with products and shops, then their photos; checkout needs no photos
    assert counts[0][:2] == (2, 1), counts


def test_a_customers_cart_comes_with_its_variants_in_one_query_and_a_line_added_since_is_read(db):
    shops = [ShopFactory(name=name) for name in ("Tenun Rambutan", "Batik Pedada")]
    first, second, third = (ProductFactory(shop=shops[n % 2]).variants[0] for n in range(3))
    user_id = UserFactory().id
    DatabaseCart(user_id).put(first.id, 1, first.price)
    DatabaseCart(user_id).put(second.id, 2, second.price)
    db.session.commit()
    db.session.expire_all()
    with counted_queries() as statements:
        store = DatabaseCart(user_id)
        items = cart_items(store)
        shops_shown = [item.variant.product.shop.name for item in items]
    assert len(statements) == 1, statements
    assert shops_shown == ["Batik Pedada", "Tenun Rambutan"]  # by shop, as the cart shows
    store.put(third.id, 3, third.price)  # its variant is not loaded: read with the others
    assert sorted((item.variant.id, item.quantity) for item in cart_items(store)) == [
        (first.id, 1), (second.id, 2), (third.id, 3)]
