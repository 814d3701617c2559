"""Chromium for the browser tests: Debian's package (`apt-get install chromium`) driven by
Playwright, at a phone's size (360x740). Without it the tests are skipped, saying why."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}


@contextmanager
def phone_context(base_url: str) -> Iterator:
    """A fresh browser context at a phone's size on `base_url` (a test adds scripts or permissions)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's package with `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport=PHONE, base_url=base_url)
        try:
            yield context
        finally:
            context.close()
            browser.close()


def log_in(page, user, password: str = PASSWORD) -> None:
    """Signs `user` in through the Indonesian sign-in form of the page's live server."""
    page.goto("/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    # past the form (signed in, or at the agency's second step): the old page counts as loaded
    page.wait_for_url(lambda url: urlsplit(url).path != "/login")


@pytest.fixture
def clipboard_phone(live_server):
    """Chromium at a phone's size, allowed to read and write the clipboard (copy buttons)."""
    with phone_context(live_server) as context:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
        yield context.new_page()


@pytest.fixture
def page(live_server):
    """A page in Chromium at a phone's size, on the live test server."""
    with phone_context(live_server) as context:
        yield context.new_page()
