"""Pages and CSV files the admin area and the artisan's dashboard share: the sales statement."""

from flask import abort, render_template, request, url_for

from marketplace.reports.forms import PeriodForm
from marketplace.reports.statement import statement
from marketplace.shops.models import Shop
from marketplace.web.csvfile import csv_response
from marketplace.web.localtime import today


def statement_page(shop: Shop, csv_endpoint: str, **endpoint_args):
    """The printable statement; a period that does not validate shows its errors instead (400)."""
    form = PeriodForm(request.args)
    if not form.validate():
        return render_template("reports/statement.html", form=form, shop=shop, report=None), 400
    csv_url = url_for(csv_endpoint, **endpoint_args, **form.query())
    return render_template("reports/statement.html", form=form, shop=shop, csv_url=csv_url,
                           report=statement(shop, form.period), generated_on=today())


def statement_csv(shop: Shop):
    form = PeriodForm(request.args)
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
