"""Pages and CSV files the admin area and the artisan's dashboard share: the sales statement."""

from flask import Response, abort, current_app, render_template, request, url_for

from marketplace.reports.forms import PeriodForm
from marketplace.reports.pdf import statement_pdf
from marketplace.reports.periods import Period
from marketplace.reports.statement import statement
from marketplace.shops.models import Shop
from marketplace.web.csvfile import csv_response
from marketplace.web.localtime import today


def _period_form() -> PeriodForm:
    """The statement's period: by default the last 12 complete months, as banks ask for KUR."""
    return PeriodForm(request.args, default=Period.last_complete_months(12))


def statement_page(shop: Shop, endpoint: str, **endpoint_args):
    """The printable statement, with its CSV and PDF (`endpoint` + `_csv` / `_pdf`); a period that
    does not validate shows its errors instead (400)."""
    form = _period_form()
    if not form.validate():
        return render_template("reports/statement.html", form=form, shop=shop, report=None), 400
    csv_url = url_for(f"{endpoint}_csv", **endpoint_args, **form.query())
    pdf_url = url_for(f"{endpoint}_pdf", **endpoint_args, **form.query())
    return render_template("reports/statement.html", form=form, shop=shop, csv_url=csv_url, pdf_url=pdf_url,
                           report=statement(shop, form.period), generated_on=today())


def statement_pdf_download(shop: Shop):
    form = _period_form()
    if not form.validate():
        abort(400)
    period = form.period
    document = statement_pdf(statement(shop, period), today(), current_app.config["AGENCY_NAME"])
    name = f"statement-{shop.slug}-{period.first.isoformat()}-{period.last.isoformat()}.pdf"
    return Response(document, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def statement_csv(shop: Shop):
    form = _period_form()
    if not form.validate():
        abort(400)
    report = statement(shop, form.period)
    header = ["shop", "nib", "kecamatan", "month", "orders", "units", "gross_sales", "goods_income",
              "shipping_passed_through"]
    start = [shop.name, shop.nib or "", shop.kecamatan]
    rows = [start + [month.month, month.sales.orders, month.sales.units, month.sales.gross, month.income,
                     month.shipping] for month in report.months]
    rows.append(start + ["total", report.total.orders, report.total.units, report.total.gross, report.income,
                         report.shipping])
    period = form.period
    return csv_response(f"statement-{shop.slug}-{period.first.isoformat()}-{period.last.isoformat()}.csv",
                        header, rows)
