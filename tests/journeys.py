"""What the journey tests (tests/test_journey_*.py) share: a person's phone, and the steps more than
one journey takes.

A `Phone` is one person in Chromium at 360x740. Every page it opens is checked to fit the screen
with no serious or critical axe-core violation (`assert_fits_a_phone`), and it counts what the
person does: fields filled and taps. Steps are written with the English words of the interface and
read in the phone's language through the app's own catalogue, so one journey runs in Indonesian
and in English. bench/journey.py walks `artisan_opens_a_shop` with the same phone to time it."""

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyotp
from flask_babel import force_locale, gettext
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser import PHONE
from tests.helpers import assert_fits_a_phone, link_path, totp_code

#: an artisan's new password: long enough and not a common one
ARTISAN_PASSWORD = "tenun-jumputan-9"


@dataclass
class Phone:
    """One person's browser page, the site's address, the language they read, and what they did."""

    page: Page
    base_url: str
    language: str = "id"
    fields: int = 0
    taps: int = 0
    pages: list[str] = field(default_factory=list)
    #: seconds spent checking pages (axe-core, widths): the test's time, not the person's
    checking: float = 0.0

    def words(self, text: str, **values) -> str:
        """`text` (an English msgid) as the person reads it on their phone."""
        with force_locale(self.language):
            return gettext(text, **values)

    def seen(self) -> None:
        """The page now shown fits the phone; every page a journey opens passes here."""
        self.page.wait_for_load_state()
        self.pages.append(self.page.url)
        started = time.perf_counter()
        assert_fits_a_phone(self.page)
        self.checking += time.perf_counter() - started

    def open(self, path: str) -> None:
        """Type an address (or follow one from an email)."""
        self.page.goto(path)
        self.seen()

    def field(self, label: str, exact: bool = True):
        return self.page.get_by_label(self.words(label), exact=exact)

    def fill(self, label: str, value: str, exact: bool = True) -> None:
        self.field(label, exact).fill(value)
        self.fields += 1

    def choose(self, label: str, option: str) -> None:
        self.field(label).select_option(option)
        self.fields += 1

    def attach(self, label: str, path: Path) -> None:
        self.field(label).set_input_files(str(path))
        self.fields += 1

    def tap(self, target) -> None:
        """Tap a link or a form's button (a locator, or a button's English name) and see the page
        it opens."""
        if isinstance(target, str):
            target = self.page.get_by_role("button", name=self.words(target), exact=True)
        with self.page.expect_navigation():
            target.click()
        self.taps += 1
        self.seen()

    def tap_link(self, name: str, within=None) -> None:
        self.tap((within or self.page).get_by_role("link", name=self.words(name), exact=True).first)

    def tick(self, target) -> None:
        """A tap that changes the page in place (a radio, a star)."""
        target.click()
        self.taps += 1

    def sees(self, text: str, **values) -> None:
        """The person reads `text` (an English msgid, or words of their own such as a title)."""
        expect(self.page.get_by_text(self.words(text, **values), exact=False).first).to_be_visible()

    def another(self, language: str | None = None) -> "Phone":
        """Another person's phone on the same site (a new browser context: its own cookies)."""
        context = self.page.context.browser.new_context(viewport=PHONE, base_url=self.base_url)
        return Phone(context.new_page(), self.base_url, language or self.language)


def photo(tmp_path: Path, name: str = "kain.png", colour: str = "#7a3b1d") -> Path:
    """A photo as a phone's camera gives one."""
    path = tmp_path / name
    Image.new("RGB", (900, 700), colour).save(path)
    return path


# --- signing in ---------------------------------------------------------------------------------


def start(phone: Phone, path: str) -> None:
    """The first page a person opens, switched to their language with the header's button (the
    site starts in Indonesian)."""
    phone.open(path)
    if phone.page.locator("html").get_attribute("lang") != phone.language:
        phone.tap(phone.page.get_by_role("button", name=phone.language.upper()))
        assert phone.page.locator("html").get_attribute("lang") == phone.language


def log_in(phone: Phone, email: str, password: str) -> None:
    """From the login page the person is on."""
    phone.fill("Email", email)
    phone.fill("Password", password)
    phone.tap("Log in")


def log_in_agency(phone: Phone, user, password: str) -> None:
    """An admin or curator logs in with the password and the authenticator app's code; one who has
    not set the app up yet (no second factor) enrols it first, from the page's key."""
    start(phone, "/login")
    log_in(phone, user.email, password)
    if user.totp_secret is None:
        phone.sees("Turn on two-step sign-in")
        secret = phone.page.locator("#totp-secret").inner_text()
        phone.fill("Code", pyotp.TOTP(secret).now())
        phone.tap("Continue")
        phone.tap_link("I have saved them, continue")
    else:
        phone.fill("Code", totp_code(user))
        phone.tap("Continue")


def register_on_the_way(phone: Phone, outbox, name: str, email: str, password: str) -> None:
    """On the login page a protected page sent the person to: register, then use the emailed link.
    The link brings them back to the page they were going to."""
    phone.tap_link("Create an account", within=phone.page.locator("main"))
    phone.fill("Full name", name)
    phone.fill("Email", email)
    phone.fill("New password", password)
    phone.fill("Repeat the password", password)
    phone.tap("Create account")
    phone.sees("Check your inbox")
    phone.open(link_path(outbox[-1], "/register/confirm/"))
    phone.fill("Password", password)
    phone.tap("Finish creating my account")


# --- the artisan --------------------------------------------------------------------------------


def artisan_opens_a_shop(artisan: Phone, curator: Phone, curator_user, curator_password: str, outbox,
                         cloth: Path, email: str = "sri@contoh.id") -> None:
    """Journey (1): a new artisan registers from "Sell your cloth here", applies, is verified by a
    curator, and publishes a first listing with a photo, which the catalog's search then finds."""
    start(artisan, "/")
    artisan.tap_link("Sell your cloth here")
    artisan.sees("Please log in to open that page.")
    register_on_the_way(artisan, outbox, "Sri Wahyuni", email, ARTISAN_PASSWORD)
    artisan.sees("Open your shop")  # back where she was going

    artisan.fill("Shop name", "Jumputan Sri Sungsang")
    artisan.fill("Your story", "Saya belajar jumputan dari ibu, lalu batik tulis di pelatihan "
                               "Dekranasda Banyuasin tahun 2024.")
    artisan.choose("Kecamatan (district)", "Banyuasin II")
    artisan.fill("Village (desa or kelurahan)", "Sungsang")
    artisan.fill("WhatsApp number", "0812 7345 6789")
    artisan.tap("Send application")
    artisan.sees("Waiting for verification by Dekranasda curators, usually within 3 working days. You will "
                 "get an email when they decide, and this page will show it. Your listings become public "
                 "once your shop is verified.")

    artisan.tap_link("Create your first listing")
    first_listing(artisan, "Kain Jumputan Pelangi Sungsang", "275.000", "4", cloth)
    artisan.sees("Kain Jumputan Pelangi Sungsang")

    log_in_agency(curator, curator_user, curator_password)
    verify_shop(curator, "Jumputan Sri Sungsang")
    assert outbox[-1]["To"] == email  # the email the pending page promised

    artisan.open("/dashboard")
    artisan.sees("Verified: your active listings are in the catalog.")
    artisan.open("/products?q=pelangi")
    artisan.tap(artisan.page.get_by_role("link", name="Kain Jumputan Pelangi Sungsang").first)
    artisan.sees("Rp 275.000")


def first_listing(artisan: Phone, title: str, price: str, stock: str, cloth: Path) -> None:
    """The short first-listing page: a photo from the camera, then what a customer needs to buy; the
    listing is published at once and the dashboard lists the story still to tell."""
    artisan.attach("Photos of the cloth", cloth)
    artisan.fill("Title", title)
    artisan.choose("Technique", "jumputan")
    artisan.choose("Dye", "synthetic")
    artisan.choose("Fabric", "katun_prima")
    artisan.fill("Price (Rp)", price)
    artisan.fill("Stock", stock)
    artisan.tap("Publish now")
    artisan.sees("“%(title)s” is published.", title=title)
    artisan.sees("Still missing, for customers to know the cloth:")


# --- the agency ---------------------------------------------------------------------------------


def open_agency_page(agency: Phone, name: str) -> None:
    """A page of the agency's menu, from the agency's home."""
    agency.open("/admin")
    agency.tap_link(name, within=agency.page.get_by_role("navigation", name=agency.words("Agency menu")))


def find_for_agency(agency: Phone, title: str, button: str) -> None:
    """On a curation page: find a public listing by its title and tap `button` beside it."""
    agency.fill("Title or product number", title)
    agency.tap(agency.page.locator("main").get_by_role("button", name=agency.words("Find")))
    found = agency.page.locator(".search-results li", has_text=title)
    agency.tap(found.get_by_role("button", name=agency.words(button)))


def verify_shop(curator: Phone, shop_name: str) -> None:
    """A logged-in curator opens the agency's list of shops and verifies `shop_name`."""
    open_agency_page(curator, "Shops")
    curator.tap(curator.page.get_by_role("link", name=shop_name).first)
    curator.tap("Approve and verify")
    curator.sees("Verified")


def confirm_transfer(admin: Phone) -> None:
    """A logged-in admin confirms the bank transfer waiting at the top of the payments list."""
    open_agency_page(admin, "Payments")
    admin.tap("Confirm transfer received")
    admin.sees("Paid")


# --- the buyer ----------------------------------------------------------------------------------

ADDRESS = (("Recipient's name", "Dewi Lestari"), ("Recipient's phone", "0812 3456 7890"),
           ("Street, house number, RT/RW", "Jl. Merdeka 5"), ("Desa or kelurahan", "Talang Semut"),
           ("Kecamatan", "Bukit Kecil"), ("Kabupaten or kota", "Kota Palembang"), ("Postal code", "30135"))


def find_by_search(buyer: Phone, words: str, title: str) -> None:
    """Search from the box at the top of every page and open the cloth called `title`."""
    buyer.fill("Search batik and jumputan", words)
    buyer.tap(buyer.page.get_by_role("search").get_by_role("button", name=buyer.words("Search")))
    buyer.sees("Results for “%(query)s”", query=words)
    buyer.tap(buyer.page.get_by_role("link", name=title).first)


def find_by_filters(buyer: Phone, technique: str, title: str) -> None:
    """Open the catalog, narrow it by technique, and open the cloth called `title`."""
    buyer.tap_link("Catalog", within=buyer.page.get_by_role("navigation", name=buyer.words("Main menu")))
    buyer.tick(buyer.page.get_by_text(buyer.words("Filter and sort")))
    buyer.choose("Technique", technique)
    buyer.tick(buyer.field("Only what can be bought now"))
    buyer.tap("Show")
    buyer.tap(buyer.page.get_by_role("link", name=title).first)


def add_to_cart(buyer: Phone, title: str) -> None:
    buyer.sees(title)
    buyer.tap("Add to cart")


def sign_in_and_check_out(buyer: Phone, email: str, password: str, words: str, title: str) -> None:
    """A returning customer signs in, finds the cloth called `title` by searching `words`, puts it
    in the cart and reaches the checkout form."""
    buyer.open("/login")
    log_in(buyer, email, password)
    find_by_search(buyer, words, title)
    add_to_cart(buyer, title)
    go_to_checkout(buyer)


def go_to_checkout(buyer: Phone) -> None:
    buyer.tap_link("Cart", within=buyer.page.get_by_role("navigation", name=buyer.words("Main menu")))
    buyer.tap_link("Checkout")


def place_order(buyer: Phone, method: str) -> None:
    """On the checkout page: the address, `method` chosen (its English label), the order placed."""
    fill_address(buyer)
    buyer.tick(buyer.field(method))
    buyer.tap("Place order")
    buyer.sees("Thank you for your order")


def fill_address(buyer: Phone) -> None:
    for label, value in ADDRESS:
        buyer.fill(label, value)
    buyer.choose("Province", "Sumatera Selatan")


def send_receipt(buyer: Phone, receipt: Path) -> None:
    buyer.attach("Photo of the transfer receipt", receipt)
    buyer.tap("Upload receipt")
    buyer.sees("Waiting for the agency")


def open_my_order(buyer: Phone, shop_name: str) -> None:
    """From the list of the buyer's orders, the one from `shop_name`."""
    buyer.open("/orders")
    order = buyer.page.locator("article", has_text=shop_name)
    buyer.tap(order.get_by_role("link").first)


def receive_and_review(buyer: Phone, shop_name: str, review: str) -> None:
    open_my_order(buyer, shop_name)
    buyer.tap("I received it")
    buyer.tick(buyer.page.locator("label", has_text="★★★★★").first)
    buyer.fill("Your review", review)
    buyer.tap("Send review")
    buyer.sees("Thank you for your review!")


# --- the artisan's orders -----------------------------------------------------------------------


def log_in_artisan(artisan: Phone, email: str, password: str) -> None:
    """Log in and open the dashboard, which starts with what needs doing."""
    artisan.open("/login")
    log_in(artisan, email, password)
    artisan.open("/dashboard")


def prepare_and_ship(artisan: Phone, courier: str, tracking: str) -> None:
    """From the dashboard's to-do list: the order to prepare, prepared, shipped with `courier` (an
    option of the courier list, "JNE REG")."""
    artisan.sees("What needs doing")
    artisan.tap(artisan.page.locator(".todo a").first)
    to_ship = re.compile(f"{artisan.words('Paid')}|{artisan.words('Being prepared')}")
    artisan.tap(artisan.page.locator("article", has_text=to_ship).get_by_role("link").first)
    begin = artisan.page.get_by_role("button", name=artisan.words("Start preparing"))
    if begin.count():  # paid; an order paid in cash on delivery starts as being prepared
        artisan.tap(begin)
    artisan.field("Courier").select_option(label=courier)
    artisan.fields += 1
    artisan.fill("Tracking number", tracking)
    artisan.tap("Mark shipped")
    artisan.sees(tracking)


def reply_to_review(artisan: Phone, reply: str) -> None:
    """From the dashboard's to-do list: the review to answer, answered on the listing's page."""
    artisan.open("/dashboard")
    artisan.tap(artisan.page.locator(".todo a").first)
    artisan.fill("Reply from the shop", reply)
    artisan.tap("Publish reply")
    artisan.sees(reply)

