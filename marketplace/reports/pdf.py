"""The sales statement as a PDF that a bank officer reads for a KUR application: its own page
layout, rendered by WeasyPrint, and always in Bahasa Indonesia, the bank's language, whatever the
language of the person who downloads it."""

from datetime import date
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale, format_date
from PIL import ImageFile
from weasyprint import CSS, HTML, Document

from marketplace.reports.statement import Statement

# WeasyPrint turns on Pillow's process-wide LOAD_TRUNCATED_IMAGES when imported, which made every
# upload check accept a cut-off photo. The statement draws no photo: put Pillow back to strict.
ImageFile.LOAD_TRUNCATED_IMAGES = False


def _month_label(key: str) -> str:
    year, month = key.split("-")
    return format_date(date(int(year), int(month), 1), "MMMM y")


def statement_document(report: Statement, generated_on: date, agency: str) -> Document:
    """The statement laid out on A4 pages; `agency` signs it, the body that runs the marketplace."""
    with force_locale("id"):
        html = render_template("reports/statement_pdf.html", report=report, shop=report.shop,
                               months=[(_month_label(month.month), month) for month in report.months],
                               first=format_date(report.period.first, "d MMMM y"),
                               last=format_date(report.period.last, "d MMMM y"),
                               generated_on=format_date(generated_on, "d MMMM y"), agency=agency)
    stylesheet = CSS(filename=str(Path(current_app.static_folder) / "css" / "statement-pdf.css"))
    return HTML(string=html).render(stylesheets=[stylesheet])


def statement_pdf(report: Statement, generated_on: date, agency: str) -> bytes:
    return statement_document(report, generated_on, agency).write_pdf()
