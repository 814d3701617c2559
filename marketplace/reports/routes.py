"""The artisan's sales statement for the bank (KUR). The shop is found from the logged-in user, so
nobody sees another shop's sales."""

from flask import abort
from flask_login import current_user, login_required

from marketplace.reports import bp
from marketplace.reports.views import statement_csv, statement_page, statement_pdf_download
from marketplace.shops.services import shop_of


def _my_shop():
    return shop_of(current_user) or abort(404)


@bp.get("/dashboard/statement")
@login_required
def my_statement():
    return statement_page(_my_shop(), "reports.my_statement")


@bp.get("/dashboard/statement.csv")
@login_required
def my_statement_csv():
    return statement_csv(_my_shop())


@bp.get("/dashboard/statement.pdf")
@login_required
def my_statement_pdf():
    return statement_pdf_download(_my_shop())
