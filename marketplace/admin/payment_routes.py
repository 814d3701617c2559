"""Money, for admins only: payments (bank transfers to confirm with their receipt, card and Midtrans
payments checked with their processor) and refunds of orders. Every action is written to the audit log."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin import bp
from marketplace.admin.payment_forms import PaymentFilterForm, RefundForm, RejectReceiptForm
from marketplace.auth.decorators import role_required
from marketplace.auth.models import Role
from marketplace.exceptions import Refusal
from marketplace.extensions import db
from marketplace.money import format_rupiah
from marketplace.orders import payment_actions, refunds
from marketplace.orders.forms import ActionForm
from marketplace.orders.models import Order
from marketplace.orders.queries import order_for_page, payment_rows
from marketplace.payments import gateways, midtrans_gateway, stripe_gateway
from marketplace.payments.exceptions import ProviderUnavailable
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus, Provider
from marketplace.products.catalog import Page, page_number
from marketplace.web.actions import act
from marketplace.web.forms import errors_of

PER_PAGE = 50


@bp.get("/payments")
@role_required(Role.ADMIN)
def payments():
    form = PaymentFilterForm(request.args)
    valid = form.validate()
    method, status = (form.method.data or None, form.status.data or None) if valid else (None, None)
    number = page_number(request.args)
    rows, total = payment_rows(method, status, number, PER_PAGE)
    # the rows as a tuple: they are the key of the list's kept part (web/fragments.py)
    page = Page(tuple(rows), total, number, PER_PAGE)
    return render_template("admin/payments/index.html", form=form, page=page,
                           page_args=lambda **changes: {**request.args.to_dict(), **changes})


@bp.get("/payments/<int:payment_id>")
@role_required(Role.ADMIN)
def payment(payment_id):
    payment = db.get_or_404(Payment, payment_id)
    return render_template("admin/payments/show.html", payment=payment, checkout=payment.checkout,
                           reject_form=RejectReceiptForm(formdata=None),
                           check_with=checkable_with(payment))


def _back_to(payment: Payment):
    return redirect(url_for("admin.payment", payment_id=payment.id))


@bp.post("/payments/<int:payment_id>/confirm")
@role_required(Role.ADMIN)
def confirm_payment(payment_id):
    payment = db.get_or_404(Payment, payment_id)
    if not ActionForm().validate_on_submit():
        flash(_("The form expired. Please send it again."), "error")
        return _back_to(payment)
    act(lambda: payment_actions.confirm_transfer(payment, current_user),
        _("Transfer confirmed: the orders are paid and the artisans are told."),
        unchanged=_("This transfer was already confirmed."))
    return _back_to(payment)


@bp.post("/payments/<int:payment_id>/reject-receipt")
@role_required(Role.ADMIN)
def reject_receipt(payment_id):
    payment = db.get_or_404(Payment, payment_id)
    form = RejectReceiptForm()
    if not form.validate_on_submit():
        flash(errors_of(form.reason), "error")
        return _back_to(payment)
    act(lambda: payment_actions.reject_transfer(payment, current_user, form.reason.data),
        _("The customer is asked to check the transfer and send the right receipt."))
    return _back_to(payment)


#: the processors an admin can ask about a payment, by name
_PROCESSOR_NAMES = {Provider.STRIPE: "Stripe", Provider.MIDTRANS: "Midtrans"}


def checkable_with(payment: Payment) -> str | None:
    """The processor an admin can ask about this payment (its name), if it has one configured and
    the payment has a reference there."""
    provider = payment.method.provider
    configured = {Provider.STRIPE: stripe_gateway.is_configured,
                  Provider.MIDTRANS: midtrans_gateway.is_configured}
    if provider is None or not payment.reference or not configured[provider]():
        return None
    return _PROCESSOR_NAMES[provider]


@bp.post("/payments/<int:payment_id>/check")
@role_required(Role.ADMIN)
def check_payment(payment_id):
    payment = db.get_or_404(Payment, payment_id)
    if not ActionForm().validate_on_submit():
        return _back_to(payment)
    processor = checkable_with(payment)
    if processor is None:
        flash(_("Only a card payment with a Stripe reference can be checked with Stripe.")
              if payment.method == PaymentMethod.CARD or payment.method.provider is None else
              _("Only a payment with a Midtrans transaction can be checked with Midtrans."), "error")
        return _back_to(payment)
    try:
        state, outcome = payment_actions.check_processor_payment(payment, current_user)
    except midtrans_gateway.UnknownTransaction:
        flash(_("Midtrans has no transaction for this payment yet: the customer has not chosen how to "
                "pay on Snap's page."), "info")
        return _back_to(payment)
    except ProviderUnavailable:
        flash(_("Stripe could not be reached. Please try again later.") if processor == "Stripe" else
              _("Midtrans could not be reached. Please try again later."), "error")
        return _back_to(payment)
    db.session.commit()
    values = {"status": state.status, "amount": format_rupiah(int(state.amount)), "currency": state.currency,
              "outcome": _outcome_message(outcome, processor)}
    flash(_("Stripe says: %(status)s, %(amount)s (%(currency)s). %(outcome)s", **values)
          if processor == "Stripe" else
          _("Midtrans says: %(status)s, %(amount)s (%(currency)s). %(outcome)s", **values), "info")
    return _back_to(payment)


def _outcome_message(outcome: str | None, processor: str) -> str:
    messages = {
        None: _("Nothing changed: the customer may still pay."),
        "paid": _("The payment is now recorded as paid."),
        "failed": _("The payment is now recorded as failed and its orders are cancelled."),
        "already settled": _("Nothing changed: the payment was already settled."),
        "amount mismatch": _("Nothing changed: the amount at Stripe differs from the checkout's total.")
        if processor == "Stripe" else
        _("Nothing changed: the amount at Midtrans differs from the checkout's total."),
    }
    return messages.get(outcome, _("Nothing changed."))


def _order_page(order: Order, form: RefundForm):
    history = refunds.refund_history(order)
    refunded = history.total
    paid = order.total if order.checkout.payment.status == PaymentStatus.PAID else 0
    return render_template("admin/payments/order.html", order=order, payment=order.checkout.payment,
                           form=form, paid=paid, refunded=refunded, refundable=max(paid - refunded, 0),
                           refunds=history.refunds)


@bp.get("/orders/<int:order_id>")
@role_required(Role.ADMIN)
def order(order_id):
    return _order_page(order_for_page(order_id) or abort(404), RefundForm(formdata=None))


@bp.post("/orders/<int:order_id>/refund")
@role_required(Role.ADMIN)
def refund_order(order_id):
    order = db.get_or_404(Order, order_id)
    form = RefundForm()
    if not form.validate_on_submit():
        return _order_page(order, form)
    try:
        payment_actions.refund_order(order, form.amount.data, form.reason.data, current_user,
                                     gateways.send_refund)
    except refunds.RefundTooLarge as error:
        db.session.rollback()
        form.amount.errors.append(str(error))
        return _order_page(order, form)
    except Refusal as error:
        db.session.rollback()
        flash(str(error), "error")
        return _order_page(order, form)
    db.session.commit()
    flash(_("Refunded %(amount)s of order %(number)s.", amount=format_rupiah(form.amount.data),
            number=order.number), "success")
    return redirect(url_for("admin.order", order_id=order.id))
