from flask_babel import lazy_gettext as _l

from marketplace.exceptions import Refusal
from marketplace.money import format_rupiah


class CheckoutError(Refusal):
    message = _l("The checkout could not be placed.")


class EmptyCart(CheckoutError):
    message = _l("Your cart is empty.")


class CartChanged(CheckoutError):
    message = _l("Some items in your cart changed or are no longer available. Please check your cart.")


class MethodNotAllowed(CheckoutError):
    message = _l("This payment method is not available for these shops.")
    field = "payment_method"
    status = 422


class SoldOut(CheckoutError):
    message = _l("Someone bought the last pieces of an item in your cart just now. Please check your cart.")


class TokenReused(CheckoutError):
    message = _l("This checkout form was already used. Please start again from your cart.")


class OrderError(Refusal):
    message = _l("This order cannot be changed that way now.")


class TrackingRequired(OrderError):
    message = _l("Enter the courier and the tracking number to mark the order shipped.")
    field = "tracking_number"


class ProblemNoteRequired(OrderError):
    message = _l("Say what is wrong, so the artisan and the agency can help.")
    field = "note"
    status = 422


class CardCheckoutIsWhole(OrderError):
    message = _l("This checkout is paid by card as a whole. Pay it, then cancel this order (it is "
                 "refunded), or leave the payment: unpaid, every order is cancelled when the time runs out.")


class SnapCheckoutIsWhole(CardCheckoutIsWhole):
    """Midtrans holds the checkout's amount as it was placed, as Stripe's intent does."""

    message = _l("This checkout is paid through Midtrans as a whole. Pay it, then cancel this order "
                 "(it is refunded), or leave the payment: unpaid, every order is cancelled when the time "
                 "runs out.")


class CashNotAsDue(OrderError):
    """The cash recorded must be what the buyer owes; a shortfall is the agency's adjustment."""

    field = "amount"
    status = 422

    def __init__(self, due: int):
        super().__init__(due)
        self.due = due

    def __str__(self) -> str:
        return str(_l("The cash must be exactly %(amount)s, what the buyer owes. If you received less, "
                      "record nothing and tell the agency: they record the difference.",
                      amount=format_rupiah(self.due)))


class CashAlreadyRecorded(OrderError):
    def __init__(self, recorded: int):
        super().__init__(recorded)
        self.recorded = recorded

    def __str__(self) -> str:
        return str(_l("The cash for this order is already recorded: %(amount)s.",
                      amount=format_rupiah(self.recorded)))


class PaidOrderNeedsRefund(OrderError):
    message = _l("This order is paid: cancelling it needs a refund. Please contact the agency.")


class NotCashOnDelivery(OrderError):
    message = _l("This order is not paid on delivery.")



