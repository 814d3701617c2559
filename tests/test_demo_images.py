"""The demo picture generator and the demo catalogue data (no app or database needed)."""

import io
import re
from collections import Counter

import pytest
from PIL import Image

from marketplace.demo import images as demo_images
from marketplace.demo.catalog import DEMO_PRODUCTS, DEMO_SHOPS
from marketplace.demo.images import PATTERNS, render_banner, render_logo, render_pattern
from marketplace.demo.seed import DEMO_ACCOUNTS
from marketplace.products.models import MAX_PRICE, MIN_PRICE, DyeType, Fabric, ProductStatus, Technique
from marketplace.shops.kecamatan import KECAMATAN

PALETTE = ["#7a3b1d", "#ecdcc0", "#a65a2e", "#3b1f10"]


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()  # decode every byte, not only the header
    return image


# ---------------------------------------------------------------- pictures


@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_pattern_renders_a_jpeg_of_the_requested_size(pattern):
    assert decode(render_pattern(pattern, PALETTE, 1)).size == (1200, 1500)
    image = decode(render_pattern(pattern, PALETTE[:2], 1, size=(320, 240)))
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (320, 240))


@pytest.mark.parametrize("pattern", PATTERNS)
def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes(pattern):
    first = render_pattern(pattern, PALETTE, 42)
    assert render_pattern(pattern, PALETTE, 42) == first
    assert render_pattern(pattern, PALETTE, 43) != first


def test_patterns_are_at_least_six_distinct_names():
    assert len(set(PATTERNS)) == len(PATTERNS) >= 6


def test_an_unknown_pattern_or_a_bad_palette_raises_value_error():
    with pytest.raises(ValueError, match="unknown pattern"):
        render_pattern("batik-ajaib", PALETTE, 1)
    with pytest.raises(ValueError, match="unknown pattern"):
        render_banner("", PALETTE, 1)
    with pytest.raises(ValueError):
        render_pattern("kawung", ["#7a3b1d"], 1)
    with pytest.raises(ValueError):
        render_pattern("kawung", ["#7a3b1d", "bukan-warna"], 1)


def test_logo_and_banner_sizes():
    logo = decode(render_logo("bn", PALETTE))
    assert (logo.format, logo.size) == ("JPEG", (400, 400))
    assert decode(render_logo("", PALETTE[:2])).size == (400, 400)
    banner = decode(render_banner("sungai", PALETTE, 5))
    assert (banner.format, banner.size) == ("JPEG", (1200, 400))
    assert render_banner("sungai", PALETTE, 5) == render_banner("sungai", PALETTE, 5)


def test_logo_without_freetype_still_draws_the_initials(monkeypatch):
    with_font = render_logo("NH", PALETTE)
    monkeypatch.setattr(demo_images, "_font", lambda size: None)
    without_font = render_logo("NH", PALETTE)
    assert decode(without_font).size == (400, 400)
    # the blown-up bitmap letters differ from the scalable font, and from an empty circle
    assert without_font != with_font
    assert without_font != render_logo(" ", PALETTE)


# ---------------------------------------------------------------- catalogue: shops


def test_eight_verified_shops_and_one_pending():
    assert Counter(shop["state"] for shop in DEMO_SHOPS) == {"verified": 8, "pending": 1}
    assert len({shop["name"] for shop in DEMO_SHOPS}) == len(DEMO_SHOPS)
    assert len({shop["owner_email"] for shop in DEMO_SHOPS}) == len(DEMO_SHOPS)


def test_every_demo_shop_belongs_to_a_demo_artisan_account():
    artisans = {account["email"] for account in DEMO_ACCOUNTS if "artisan" in account["roles"]}
    assert {shop["owner_email"] for shop in DEMO_SHOPS} == artisans
    assert all(shop["owner_email"].endswith("@demo.pasarbatik.id") for shop in DEMO_SHOPS)


def test_shop_fields_are_plausible():
    assert sum(shop["in_cohort"] for shop in DEMO_SHOPS) == 6
    assert sum(shop["nib"] is None for shop in DEMO_SHOPS) == 2
    mobile = re.compile(r"^08(1[1-3]|2[1-3]|5[23]|5[78]|7[78]|9[5-9])-\d{4}-\d{4}$")
    for shop in DEMO_SHOPS:
        assert mobile.match(shop["whatsapp"]), shop["whatsapp"]
        assert shop["nib"] is None or re.fullmatch(r"\d{13}", shop["nib"])
        assert isinstance(shop["curator_publish_consent"], bool)
        assert 2 <= len(shop["story"].split("\n\n")) <= 3, shop["name"]
        assert shop["village"] and shop["owner_name"]
    assert len({shop["whatsapp"] for shop in DEMO_SHOPS}) == len(DEMO_SHOPS)


def test_every_shop_is_in_a_real_kecamatan_of_banyuasin():
    assert len(set(KECAMATAN)) == 21
    for shop in DEMO_SHOPS:
        assert shop["kecamatan"] in KECAMATAN, shop["kecamatan"]
    assert len({shop["kecamatan"] for shop in DEMO_SHOPS}) == len(DEMO_SHOPS)


# ---------------------------------------------------------------- catalogue: products


def test_enough_products_spread_over_the_shops():
    assert len(DEMO_PRODUCTS) >= 60
    per_shop = Counter(product["shop"] for product in DEMO_PRODUCTS)
    assert set(per_shop) == {shop["name"] for shop in DEMO_SHOPS}
    for shop in DEMO_SHOPS:
        expected = range(3, 4) if shop["state"] == "pending" else range(5, 10)
        assert per_shop[shop["name"]] in expected, shop["name"]


def test_every_technique_fabric_status_and_both_dye_types_are_used():
    assert {product["technique"] for product in DEMO_PRODUCTS} == set(Technique)
    assert {product["dye_type"] for product in DEMO_PRODUCTS} == set(DyeType)
    assert {product["fabric"] for product in DEMO_PRODUCTS} == set(Fabric)
    assert {product["status"] for product in DEMO_PRODUCTS} == set(ProductStatus)


def test_dye_sources_match_the_dye_type():
    natural = {"mangrove pedada", "indigo", "soga", "tingi", "jelawe", "secang", "kayu mahoni"}
    synthetic = {"naptol", "remazol", "indigosol"}
    for product in DEMO_PRODUCTS:
        allowed = natural if product["dye_type"] == "natural" else synthetic
        assert product["dye_source"] in allowed, product["title"]


def test_skus_are_unique_within_each_shop():
    for shop in DEMO_SHOPS:
        skus = [variant["sku"] for product in DEMO_PRODUCTS if product["shop"] == shop["name"]
                for variant in product["variants"]]
        assert skus and len(skus) == len(set(skus)), shop["name"]


def test_prices_and_stock_are_within_range():
    variants = [variant for product in DEMO_PRODUCTS for variant in product["variants"]]
    for variant in variants:
        assert isinstance(variant["price"], int) and MIN_PRICE <= variant["price"] <= MAX_PRICE
        assert 0 <= variant["stock"] <= 12
        assert variant["name"] and len(variant["sku"]) <= 40
    stocks = [variant["stock"] for variant in variants]
    assert 0 in stocks and (1 in stocks or 2 in stocks)


def test_printed_cloth_is_cheap_and_says_it_is_printed():
    printed = [product for product in DEMO_PRODUCTS if product["technique"] == Technique.PRINTED]
    assert printed
    for product in printed:
        text = product["description"].lower()
        assert "print" in text or "cetak" in text, product["title"]
        assert all(60_000 <= variant["price"] <= 120_000 for variant in product["variants"])


def test_made_to_order_products_say_how_long_they_take():
    made_to_order = [product for product in DEMO_PRODUCTS if product["made_to_order"]]
    assert len(made_to_order) >= 6
    for product in DEMO_PRODUCTS:
        if product["made_to_order"]:
            assert 7 <= product["production_days"] <= 30, product["title"]
        else:
            assert product["production_days"] is None, product["title"]


def test_product_texts_and_sizes_are_filled_in():
    for product in DEMO_PRODUCTS:
        assert 0 < len(product["title"]) <= 120
        assert product["description"] and product["motif_name"] and product["motif_meaning"]
        assert len(product["motif_name"]) <= 80
        assert product["weight_grams"] > 0
        assert (product["length_cm"] is None) == (product["width_cm"] is None)
    titles = [(product["shop"], product["title"]) for product in DEMO_PRODUCTS]
    assert len(titles) == len(set(titles))


def test_every_product_has_a_drawable_pattern_and_palette():
    for product in DEMO_PRODUCTS:
        assert product["pattern"] in PATTERNS, product["title"]
        assert 2 <= len(product["palette"]) <= 4
        assert all(re.fullmatch(r"#[0-9a-f]{6}", colour) for colour in product["palette"])
