"""The sales statement as a PDF for a bank's KUR officer: in Bahasa Indonesia whatever the
artisan's language, with the shop, NIB, cohort, period, monthly sales, orders and refunds, signed by
the agency and dated; downloaded from the statement page by the artisan and by the agency."""

from datetime import date
from unittest import mock

import pytest
from PIL import ImageFile

from marketplace.reports import periods
from marketplace.reports.pdf import statement_document
from marketplace.reports.periods import Period
from marketplace.reports.statement import statement
from tests.helpers import login
from tests.test_reports import Q1, Q1_ARGS, curator, q1_sales, statement_ledger, world  # noqa: F401


def _text(box) -> list[str]:
    texts = [box.text] if hasattr(box, "text") else []
    for child in getattr(box, "children", []):
        texts += _text(child)
    return texts


def document_text(document) -> str:
    return " ".join(" ".join(_text(page._page_box)) for page in document.pages)


def test_the_pdf_names_the_shop_its_cohort_and_period_and_adds_up_in_indonesian(
        app, statement_ledger):  # noqa: F811
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        document = statement_document(statement(statement_ledger, Q1), date(2025, 4, 2),
                                      "Dekranasda Kabupaten Banyuasin")
    text = document_text(document)
    for expected in ("Batik Sungsang", "9120001234567", "Angkatan 2024", "1 Januari 2025", "31 Maret 2025",
                     "Januari 2025", "Februari 2025", "Maret 2025", "Rp 800.000", "Rp 450.000",
                     "Rp 50.000", "Pengembalian dana", "Laporan penjualan", "Kredit Usaha Rakyat",
                     "Dibuat pada 2 April 2025", "Dekranasda Kabupaten Banyuasin"):
        assert expected in text, expected


def test_the_artisan_downloads_the_pdf_of_their_statement(client, statement_ledger):  # noqa: F811
    login(client, statement_ledger.owner)
    page = client.get(f"/dashboard/statement?{Q1_ARGS}").get_data(as_text=True)
    assert f'href="/dashboard/statement.pdf?{Q1_ARGS}"' in page.replace("&amp;", "&")
    response = client.get(f"/dashboard/statement.pdf?{Q1_ARGS}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "statement-batik-sungsang-2025-01-01-2025-03-31.pdf" in response.headers["Content-Disposition"]


def test_the_agency_downloads_any_shops_pdf_and_a_bad_period_is_refused(
        client, curator, statement_ledger):  # noqa: F811
    path = f"/admin/reports/statement/{statement_ledger.id}"
    assert f"{path}.pdf?" in client.get(f"{path}?{Q1_ARGS}").get_data(as_text=True)
    assert client.get(f"{path}.pdf?{Q1_ARGS}").data.startswith(b"%PDF")
    assert client.get(f"{path}.pdf?first=2025-03-01&last=2025-01-01").status_code == 400
    assert client.get("/admin/reports/statement/999.pdf").status_code == 404


def test_nobody_else_downloads_a_shops_pdf(client, statement_ledger, world):  # noqa: F811
    login(client, world["shops"][1].owner)
    assert client.get(f"/admin/reports/statement/{statement_ledger.id}.pdf").status_code == 403


@pytest.mark.parametrize("today, first, last", [
    (date(2026, 12, 7), date(2025, 12, 1), date(2026, 11, 30)),
    (date(2026, 1, 1), date(2025, 1, 1), date(2025, 12, 31)),
    (date(2024, 3, 15), date(2023, 3, 1), date(2024, 2, 29)),
])
def test_the_statement_covers_the_last_12_complete_months_by_default(today, first, last):
    with mock.patch.object(periods, "today", return_value=today):
        assert Period.last_complete_months(12) == Period(first, last)


def test_loading_the_pdf_renderer_leaves_cut_off_photos_refused(app):
    """WeasyPrint switches Pillow to accept truncated images when imported (this module imports it
    above); the upload checks must still refuse them."""
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
