"""Product feeds: every public listing in the formats the free shopping channels read, so the
agency can put each artisan's cloth in front of shoppers at no cost. Google Merchant Center (free
listings) reads RSS 2.0 with its `g:` namespace; Meta Commerce Manager (Facebook and Instagram
shops) reads CSV with its own column names. Both fetch the feed from its address on a schedule
(README: "Product feeds"); both are written out a page of listings at a time, whatever the
catalogue's size.

One item per listing, priced at its lowest variant (the price its page starts from), with the
shop as brand. Availability: in stock while a unit is left; a cloth made to order that has none
left can still be ordered, and arrives after its production days; anything else is out of stock
(listed as such rather than left out, as both channels ask)."""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from xml.sax.saxutils import escape

from marketplace.sharing.links import address_parts
from marketplace.sharing.queries import feed_listings
from marketplace.web import localtime

GOOGLE_NAMESPACE = "http://base.google.com/ns/1.0"
#: Meta's columns, in the order its documentation lists the required ones
META_COLUMNS = ("id", "title", "description", "availability", "condition", "price", "link", "image_link",
                "brand")
#: each channel's words for in stock, out of stock and made to order (orderable, arrives later)
GOOGLE_AVAILABILITY = {"in_stock": "in_stock", "out_of_stock": "out_of_stock", "made_to_order": "backorder"}
META_AVAILABILITY = {"in_stock": "in stock", "out_of_stock": "out of stock",
                     "made_to_order": "available for order"}
#: Google's longest description (Meta takes 9,999)
DESCRIPTION_LIMIT = 5000
#: items written out at a time
CHUNK = 200
#: characters XML 1.0 cannot hold at all, even escaped: a description pasted from elsewhere may carry them
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedItem:
    id: int
    title: str
    description: str
    link: str
    image_link: str
    #: `in_stock`, `out_of_stock` or `made_to_order`
    availability: str
    #: the lowest price, whole rupiah
    price: int
    brand: str
    #: for a cloth made to order with none left: the day it could ship if ordered today
    available_on: date | None = None

    @property
    def price_text(self) -> str:
        """`350000 IDR`: both channels read a number and the ISO currency code."""
        return f"{self.price} IDR"


def feed_items() -> Iterator[FeedItem]:
    product_before, product_after = address_parts("products.show", "product_id")
    media_before, media_after = address_parts("media.serve", "key")
    today = localtime.today()
    for row in feed_listings():
        if row.available > 0:
            availability, available_on = "in_stock", None
        elif row.made_to_order:
            availability, available_on = "made_to_order", today + timedelta(days=row.production_days or 0)
        else:
            availability, available_on = "out_of_stock", None
        yield FeedItem(id=row.id, title=_clean(row.title),
                       description=_clean(row.description)[:DESCRIPTION_LIMIT],
                       link=f"{product_before}{row.id}{product_after}",
                       image_link=f"{media_before}{row.photo_key}{media_after}", availability=availability,
                       price=row.min_price, brand=_clean(row.shop_name), available_on=available_on)


def _clean(text: str) -> str:
    """One line of plain text: what feeds show, without XML's forbidden characters."""
    return " ".join(_NOT_XML.sub("", text).split())


def _chunked(lines: Iterator[str]) -> Iterator[str]:
    chunk = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == CHUNK:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def google_feed(title: str, home: str, description: str) -> Iterator[str]:
    """The Merchant Center feed, RSS 2.0 with the `g:` attributes, in pieces to stream."""
    yield (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:g="{GOOGLE_NAMESPACE}">\n'
           f"<channel>\n<title>{escape(title)}</title>\n<link>{escape(home)}</link>\n"
           f"<description>{escape(description)}</description>\n")
    yield from _chunked(_google_item(item) for item in feed_items())
    yield "</channel>\n</rss>\n"


def _google_item(item: FeedItem) -> str:
    fields = [("id", str(item.id)), ("title", item.title), ("description", item.description),
              ("link", item.link), ("image_link", item.image_link),
              ("availability", GOOGLE_AVAILABILITY[item.availability])]
    if item.available_on is not None:
        fields.append(("availability_date", datetime.combine(item.available_on, time(), localtime.ZONE)
                       .isoformat(timespec="minutes")))
    # handmade cloth has no GTIN or maker's part number: Google asks feeds to say so
    fields += [("price", item.price_text), ("brand", item.brand), ("condition", "new"),
               ("identifier_exists", "no")]
    return "<item>" + "".join(f"<g:{name}>{escape(value)}</g:{name}>" for name, value in fields) + "</item>\n"


def meta_feed() -> Iterator[str]:
    """The Commerce Manager feed: CSV with a header row of Meta's column names, in pieces to stream.
    Cells are written as they are (no spreadsheet formula guard, unlike the reports' CSV files):
    Meta reads the text itself, and a guard would change the titles it shows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield line(META_COLUMNS)
    yield from _chunked(line([item.id, item.title, item.description, META_AVAILABILITY[item.availability],
                              "new", item.price_text, item.link, item.image_link, item.brand])
                        for item in feed_items())
