"""The agency's reports (curators and admins): sales over a period, the impact of training, and any
shop's sales statement."""

from flask import abort, render_template, request
from flask_babel import gettext as _

from marketplace.admin import AGENCY, bp
from marketplace.auth.decorators import role_required
from marketplace.extensions import db
from marketplace.reports import impact, sales
from marketplace.reports.charts import bar_chart
from marketplace.reports.forms import PeriodForm
from marketplace.reports.views import statement_csv, statement_page, statement_pdf_download
from marketplace.shops.models import Shop
from marketplace.web.csvfile import csv_response

FIGURE_HEADER = ["gross_sales", "orders", "units", "average_order_value"]


def _figures(row: sales.Figures) -> list[int]:
    return [row.gross, row.orders, row.units, row.average_order]


@bp.get("/reports")
@role_required(*AGENCY)
def sales_report():
    form = PeriodForm(request.args)
    if not form.validate():
        return render_template("admin/reports/sales.html", form=form, report=None), 400
    period = form.period
    tables = {name: (title, query(period)) for name, (title, query) in sales.BREAKDOWNS.items()}
    chart = bar_chart(_("Gross sales by month"), [(row.key, row.gross) for row in tables["month"][1]])
    return render_template("admin/reports/sales.html", form=form, report=True, query=form.query(),
                           summary=sales.summary(period), tables=tables, chart=chart)


@bp.get("/reports/sales/<name>.csv")
@role_required(*AGENCY)
def sales_report_csv(name):
    form = PeriodForm(request.args)
    if name not in sales.BREAKDOWNS and name != "summary":
        abort(404)
    if not form.validate():
        abort(400)
    period = form.period
    if name == "summary":
        rows = [["total", ""] + _figures(sales.summary(period))]
    else:
        rows = [[row.key, row.label] + _figures(row) for row in sales.BREAKDOWNS[name][1](period)]
    return csv_response(f"sales-{name}-{period.first.isoformat()}-{period.last.isoformat()}.csv",
                        [name, "label"] + FIGURE_HEADER, rows)


@bp.get("/reports/impact")
@role_required(*AGENCY)
def impact_report():
    """The period is the reach section's (views and shares are counted per day); income is since
    each artisan joined."""
    cohorts = impact.cohorts()
    months, monthly = impact.monthly_income()
    chart = bar_chart(_("Income per cohort since joining"),
                      [(cohort.name, cohort.income) for cohort in cohorts])
    form = PeriodForm(request.args)
    reach = impact.cohort_reach(form.period) if form.validate() else None
    return render_template("admin/reports/impact.html", cohorts=cohorts, months=months, monthly=monthly,
                           chart=chart, form=form, reach=reach), 200 if reach is not None else 400


@bp.get("/reports/impact/reach.csv")
@role_required(*AGENCY)
def impact_reach_csv():
    form = PeriodForm(request.args)
    if not form.validate():
        abort(400)
    period = form.period
    header = ["cohort_id", "cohort", "views", "shares", "orders", "orders_per_100_views"]
    rows = ([c.cohort_id or "", c.name, c.views, c.shares, c.orders,
             "" if c.orders_per_100_views is None else c.orders_per_100_views]
            for c in impact.cohort_reach(period))
    name = f"impact-reach-{period.first.isoformat()}-{period.last.isoformat()}.csv"
    return csv_response(name, header, rows)


@bp.get("/reports/impact/cohorts.csv")
@role_required(*AGENCY)
def impact_cohorts_csv():
    header = ["cohort_id", "cohort", "starts_on", "artisans", "artisans_selling", "first_sale", "income",
              "median_income_per_artisan", "average_months_active"]
    return csv_response("impact-cohorts.csv", header, (
        [c.cohort_id or "", c.name, c.starts_on or "", len(c.artisans), c.selling, c.first_sale or "",
         c.income, c.median_income, c.average_months_active] for c in impact.cohorts()))


@bp.get("/reports/impact/artisans.csv")
@role_required(*AGENCY)
def impact_artisans_csv():
    names = {cohort.cohort_id: cohort.name for cohort in impact.cohorts()}
    header = ["shop_id", "shop", "cohort", "first_sale", "months_active", "income", "income_per_active_month"]
    return csv_response("impact-artisans.csv", header, (
        [a.shop_id, a.shop_name, names.get(a.cohort_id, ""), a.first_sale or "", a.months_active, a.income,
         a.monthly_income] for a in impact.artisans()))


@bp.get("/reports/impact/monthly.csv")
@role_required(*AGENCY)
def impact_monthly_csv():
    months, monthly = impact.monthly_income()
    names = {cohort.cohort_id: cohort.name for cohort in impact.cohorts()}
    return csv_response("impact-monthly.csv", ["month", "cohort_id", "cohort", "income"], (
        [month, cohort_id or "", names.get(cohort_id, ""), by_month[month]]
        for cohort_id, by_month in monthly.items() for month in months if month in by_month))


def _shop(shop_id) -> Shop:
    return db.session.get(Shop, shop_id) or abort(404)


@bp.get("/reports/statement/<int:shop_id>")
@role_required(*AGENCY)
def shop_statement(shop_id):
    return statement_page(_shop(shop_id), "admin.shop_statement", shop_id=shop_id)


@bp.get("/reports/statement/<int:shop_id>.csv")
@role_required(*AGENCY)
def shop_statement_csv(shop_id):
    return statement_csv(_shop(shop_id))


@bp.get("/reports/statement/<int:shop_id>.pdf")
@role_required(*AGENCY)
def shop_statement_pdf(shop_id):
    return statement_pdf_download(_shop(shop_id))
