"""Money owed to the artisans: balances due, each shop's ledger, payouts and adjustments (admins)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin import bp
from marketplace.admin.ledger_forms import AdjustmentForm, PayoutForm
from marketplace.auth.decorators import role_required
from marketplace.auth.models import Role
from marketplace.extensions import db
from marketplace.payments import actions, ledger
from marketplace.payments.ledger_views import entries_csv, entry_rows
from marketplace.shops.models import Shop
from marketplace.web.csvfile import csv_response
from marketplace.web.localtime import local_date


@bp.get("/ledger")
@role_required(Role.ADMIN)
def ledger_balances():
    rows = ledger.balances_due()
    return render_template("admin/ledger/index.html", rows=rows,
                           total_due=sum(row.balance for row in rows if row.balance > 0))


@bp.get("/ledger/balances.csv")
@role_required(Role.ADMIN)
def ledger_balances_csv():
    header = ["shop_id", "shop", "kecamatan", "balance_due", "paid_out", "last_entry"]
    return csv_response("balances.csv", header,
                        ([row.id, row.name, row.kecamatan, row.balance, row.paid_out,
                          local_date(row.last_entry).isoformat()] for row in ledger.balances_due()))


def _shop(shop_id) -> Shop:
    return db.session.get(Shop, shop_id) or abort(404)


def _shop_page(shop: Shop, payout_form=None, adjustment_form=None):
    return render_template("admin/ledger/shop.html", shop=shop, rows=entry_rows(shop.id),
                           balance=ledger.balance(shop.id),
                           payout_form=payout_form or PayoutForm(formdata=None),
                           adjustment_form=adjustment_form or AdjustmentForm(formdata=None))


@bp.get("/ledger/<int:shop_id>")
@role_required(Role.ADMIN)
def shop_ledger(shop_id):
    return _shop_page(_shop(shop_id))


@bp.get("/ledger/<int:shop_id>/entries.csv")
@role_required(Role.ADMIN)
def shop_ledger_csv(shop_id):
    return entries_csv(_shop(shop_id))


def _recorded(make_entry, form) -> bool:
    try:
        make_entry()
    except ledger.LedgerRefusal as refusal:
        db.session.rollback()
        form.amount.errors = [str(refusal)]
        return False
    db.session.commit()
    return True


@bp.post("/ledger/<int:shop_id>/payout")
@role_required(Role.ADMIN)
def record_payout(shop_id):
    shop, form = _shop(shop_id), PayoutForm()
    if form.validate_on_submit() and _recorded(
            lambda: actions.record_payout(shop, form.amount.data, form.reference.data, current_user), form):
        flash(_("Payout recorded."), "success")
        return redirect(url_for("admin.shop_ledger", shop_id=shop.id))
    return _shop_page(shop, payout_form=form), 400


@bp.post("/ledger/<int:shop_id>/adjustment")
@role_required(Role.ADMIN)
def record_adjustment(shop_id):
    shop, form = _shop(shop_id), AdjustmentForm()
    if form.validate_on_submit() and _recorded(
            lambda: actions.record_adjustment(shop, form.amount.data, form.reason.data, current_user), form):
        flash(_("Adjustment recorded."), "success")
        return redirect(url_for("admin.shop_ledger", shop_id=shop.id))
    return _shop_page(shop, adjustment_form=form), 400
