"""The artisan's money pages: their own ledger and balance (the sales statement is a report, in
`reports.routes`). Every route finds the shop from the logged-in user, so nobody sees another
shop's money."""

from flask import abort, render_template
from flask_login import current_user, login_required

from marketplace.payments import bp, ledger
from marketplace.payments.ledger_views import entries_csv, entry_rows
from marketplace.shops.services import shop_of


def _my_shop():
    return shop_of(current_user) or abort(404)


@bp.get("/dashboard/ledger")
@login_required
def my_ledger():
    shop = _my_shop()
    return render_template("payments/ledger.html", shop=shop, rows=entry_rows(shop.id),
                           balance=ledger.balance(shop.id))


@bp.get("/dashboard/ledger.csv")
@login_required
def my_ledger_csv():
    return entries_csv(_my_shop())

