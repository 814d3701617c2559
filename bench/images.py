"""The bytes of images a phone downloads: Chromium (headless, 360x740 CSS px at one device pixel
per CSS pixel, as the browser tests use) opens the catalogue and a product page of the demo data
with its photos, served by gunicorn, and adds up the images it loaded before the page went quiet,
without scrolling: what the first view costs. Each page is opened in a fresh browser context, so
nothing comes from the cache.
Targets: the catalogue's first view under 150 KB, the product page under 120 KB.

    .venv/bin/python bench/images.py
    .venv/bin/python bench/images.py --dpr 2      # a phone with a sharper screen, for comparison
"""

import re

from common import DATA, app_environment, argument_parser, gunicorn, prepare, table

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}
TARGETS_KB = {"catalogue": 150, "product": 120}
#: the demo data with its drawn photos, in a database of its own (the other scripts seed without)
DATABASE = f"sqlite:///{DATA / 'images.db'}"


def images_loaded(browser, url: str, dpr: float) -> list[tuple[str, int]]:
    """(address, bytes) of every image the page loaded."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=dpr)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response)
            if response.request.resource_type == "image" else None)
    page.goto(url, wait_until="networkidle")
    loaded = [(response.url, len(response.body())) for response in responses]
    context.close()
    return loaded


def first_product_path(html: str) -> str:
    match = re.search(r'href="(/products/\d+)"', html)
    if not match:
        raise SystemExit("the catalogue links no product: was the demo data seeded?")
    return match.group(1)


def main() -> None:
    parser = argument_parser(__doc__)
    parser.add_argument("--dpr", type=float, default=1.0, help="device pixels per CSS pixel")
    options = parser.parse_args()
    import requests
    from playwright.sync_api import sync_playwright

    url = prepare("sqlite", 0, images=True, url=DATABASE)
    env = dict(app_environment(url), PAGE_CACHE_SECONDS="0")
    rows = []
    with gunicorn("wsgi:app", env) as site, sync_playwright() as playwright:
        product = first_product_path(requests.get(site + "/products", timeout=60).text)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        for name, path in (("catalogue", "/products"), ("product", product)):
            loaded = images_loaded(browser, site + path, options.dpr)
            total = sum(size for _, size in loaded) / 1024
            kinds = sorted({address.rsplit(".", 1)[-1] for address, _ in loaded})
            rows.append({"page": f"{name} ({path})", "images": len(loaded), "formats": ", ".join(kinds),
                         "KB": f"{total:.0f}", "target KB": f"< {TARGETS_KB[name]}",
                         "met": "yes" if total < TARGETS_KB[name] else "NO"})
        browser.close()
    print(f"\nChromium at {PHONE['width']}x{PHONE['height']}, {options.dpr:g} device pixel(s) per CSS px, "
          "first view without scrolling, empty cache")
    print(table(rows, ["page", "images", "formats", "KB", "target KB", "met"]))


if __name__ == "__main__":
    main()
