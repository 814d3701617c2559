"""What a page says about itself to search engines (its canonical address and the same page in the
other language). Built from the page's own address, never from the visitor, so a page kept by the
page cache carries the same tags for everyone who gets it."""

from dataclasses import dataclass

from flask import Flask

from marketplace.sharing.links import alternates, canonical_url


@dataclass(frozen=True)
class PageLinks:
    #: the canonical address: this page in the language it is shown in
    url: str
    #: (hreflang, address) of the page in each language, and x-default
    alternates: list[tuple[str, str]]


def page_links(endpoint: str, **values) -> PageLinks:
    return PageLinks(canonical_url(endpoint, **values), alternates(endpoint, **values))


def register(app: Flask) -> None:
    app.add_template_global(page_links)
