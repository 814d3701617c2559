"""Stories and descriptions typed in a browser arrive with CRLF line ends; each blank line still
starts a new paragraph on every page that shows them."""

import pytest

from marketplace.web.templating import paragraphs
from tests.factories import ProductFactory, ShopFactory

STORY = "Saya belajar membatik dari ibu.\r\n\r\nLalu ikut pelatihan Dekranasda.\r\n \r\nKini saya mengajar."


@pytest.mark.parametrize("text, expected", [
    ("satu\r\n\r\ndua", ["satu", "dua"]),
    ("satu\n\ndua\r\rtiga", ["satu", "dua", "tiga"]),
    ("satu\r\nbaris yang sama", ["satu\nbaris yang sama"]),
    ("\r\n\r\n  satu  \r\n\r\n\r\n", ["satu"]),
    ("", []),
    (None, []),
])
def test_text_splits_into_paragraphs_on_blank_lines_whatever_the_line_ends(text, expected):
    assert paragraphs(text) == expected


def test_a_shop_story_sent_with_crlf_shows_as_three_paragraphs(client, db):
    shop = ShopFactory(story=STORY)
    html = client.get(f"/shops/{shop.slug}").get_data(as_text=True)
    assert "<p>Saya belajar membatik dari ibu.</p>" in html
    assert "<p>Lalu ikut pelatihan Dekranasda.</p>" in html
    assert "<p>Kini saya mengajar.</p>" in html


def test_a_product_description_sent_with_crlf_shows_as_two_paragraphs(client, db):
    product = ProductFactory(description="Kain katun primissima.\r\n\r\nDiwarnai kulit kayu pedada.")
    html = client.get(f"/products/{product.id}").get_data(as_text=True)
    assert "<p>Kain katun primissima.</p>" in html
    assert "<p>Diwarnai kulit kayu pedada.</p>" in html
