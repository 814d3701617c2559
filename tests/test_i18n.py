import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import render_template_string
from flask_babel import force_locale

from marketplace.orders.labels import ORDER_STATUS_LABELS
from tests.factories import UserFactory
from tests.helpers import csrf_token, login, post_form

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "marketplace" / "translations"


def test_indonesian_is_the_default_language(client, db):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="id">' in page
    assert "Lihat katalog" in page


def test_switching_to_english_sticks_and_returns_to_the_same_page(client, db):
    response = post_form(client, "/language", {"lang": "en", "next": "/cohorts"})
    assert response.headers["Location"] == "/cohorts"
    page = client.get("/cohorts").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Training cohorts" in page


def test_the_switch_refuses_an_unknown_language_and_an_off_site_return(client, db):
    assert post_form(client, "/language", {"lang": "fr"}).status_code == 400
    response = post_form(client, "/language", {"lang": "en", "next": "//evil.example"})
    assert response.headers["Location"] == "/"


def test_a_logged_in_choice_is_remembered_on_the_account(app, db):
    user = UserFactory(locale="id")
    first = app.test_client()
    login(first, user)
    post_form(first, "/language", {"lang": "en"})
    db.session.refresh(user)
    assert user.locale == "en"
    second = app.test_client()
    login(second, user)
    assert '<html lang="en">' in second.get("/").get_data(as_text=True)


def test_every_page_offers_the_language_switch(client, db):
    page = client.get("/login").get_data(as_text=True)
    assert 'action="/language"' in page and 'value="en"' in page
    assert csrf_token(client, "/login")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
                    "-o", str(pot), "."], cwd=ROOT, check=True)
    with pot.open("rb") as source:
        return {message.id for message in read_po(source) if message.id}


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_ui_string_has_a_translation(extracted, language):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source, locale=language)
    translated = {message.id for message in catalog
                  if message.id and message.string and all(message.string) and not message.fuzzy}
    missing = sorted(str(message) for message in extracted - translated)
    assert not missing, f"untranslated in {language}: {missing} (run `make messages`)"


def test_compiled_catalogues_are_not_committed():
    tracked = subprocess.run(["git", "ls-files", "*.mo"], cwd=ROOT, capture_output=True, text=True)
    assert tracked.stdout.strip() == ""


def test_a_template_follows_a_forced_language_and_comes_back_in_the_same_request(app):

    with app.test_request_context("/"):
        assert render_template_string("{{ _('Search') }}") == "Cari"
        with force_locale("en"):  # an email in its reader's language, sent while a page is answered
            assert render_template_string("{{ _('Search') }}") == "Search"
        assert render_template_string("{{ _('Search') }}") == "Cari"


def test_a_label_follows_the_language_and_a_forced_one_in_the_same_request(app):
    label = "{{ order_status_labels['processing'] }}"
    with app.test_request_context("/"):
        assert render_template_string(label) == "Sedang disiapkan"
        with force_locale("en"):  # an email in its reader's language, sent while a page is answered
            assert render_template_string(label) == "Being prepared"
        assert render_template_string(label) == "Sedang disiapkan"
        listed = render_template_string(
            "{% for key, text in order_status_labels.items() %}{{ key }}={{ text }};{% endfor %}")
    assert listed.count(";") == len(ORDER_STATUS_LABELS) and "processing=Sedang disiapkan;" in listed
