from flask_babel import lazy_gettext as _l


class Refusal(Exception):
    """A rule said no; str() is the message for the person who asked, in their language."""

    message = _l("This cannot be done now.")

    def __str__(self) -> str:
        return str(self.message)


class CheckoutError(Refusal):
    message = _l("The checkout could not be placed.")


class EmptyCart(CheckoutError):
    message = _l("Your cart is empty.")


class CartChanged(CheckoutError):
    message = _l("Some items in your cart changed or are no longer available. Please check your cart.")


class MethodNotAllowed(CheckoutError):
    message = _l("This payment method is not available for these shops.")


class SoldOut(CheckoutError):
    message = _l("Someone bought the last pieces of an item in your cart just now. Please check your cart.")


class TokenReused(CheckoutError):
    message = _l("This checkout form was already used. Please start again from your cart.")


class OrderError(Refusal):
    message = _l("This order cannot be changed that way now.")


class TrackingRequired(OrderError):
    message = _l("Enter the courier and the tracking number to mark the order shipped.")


class PaidOrderNeedsRefund(OrderError):
    message = _l("This order is paid: cancelling it needs a refund. Please contact the agency.")


class NotCashOnDelivery(OrderError):
    message = _l("This order is not paid on delivery.")


def refusal_message(error: Exception) -> str:
    """What to tell the person whose order change was refused."""
    if isinstance(error, OrderError):
        return str(error)
    return str(OrderError.message)
