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


class OwnShop(Refusal):
    """Someone on the selling side of a shop wants to buy from it or review it: fake sales and stars.
    The selling side is the shop's owner, and the agency's curators and admins who work on its
    behalf (the shop they assist now, or a listing they prepared for it). Each kind of refusal
    (cart, checkout, review) adds its own advice."""

    status = 403
    code = "own_shop"
    advice = None

    def __init__(self, shop_name: str, on_behalf: bool = False):
        super().__init__()
        self.shop_name, self.on_behalf = shop_name, on_behalf

    def __str__(self) -> str:
        if self.on_behalf:
            reason = _l("You work on behalf of %(shop)s, so you cannot buy from it or review it.",
                        shop=self.shop_name)
        else:
            reason = _l("%(shop)s is your own shop: you cannot buy from it or review it.",
                        shop=self.shop_name)
        return f"{reason} {self.advice}" if self.advice else str(reason)


class OwnShopPurchase(OwnShop, CheckoutError):
    advice = _l("Remove its items from your cart to check out the rest.")


class TooManyUnpaidCheckouts(CheckoutError):
    """Unpaid checkouts hold stock for hours: one account may not lock a product away from others."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit

    def __str__(self) -> str:
        return str(_l("You already have %(limit)d checkouts waiting for payment, the most one account may "
                      "have. Pay one of them or cancel it (in My orders), then check out again.",
                      limit=self.limit))


class TooManyUnitsHeld(CheckoutError):
    """The pieces an account's unpaid checkouts hold, this one included, would pass the limit."""

    def __init__(self, limit: int, total: int):
        super().__init__(limit, total)
        self.limit, self.total = limit, total

    def __str__(self) -> str:
        return str(_l("Checkouts waiting for payment may hold at most %(limit)d pieces per account; yours "
                      "would hold %(total)d. Pay or cancel a waiting checkout (in My orders), or take "
                      "fewer pieces.", limit=self.limit, total=self.total))


class OrderError(Refusal):
    message = _l("This order cannot be changed that way now.")


class TrackingRequired(OrderError):
    message = _l("Enter the courier and the tracking number to mark the order shipped.")
    field = "tracking_number"
    status = 422


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




class UnknownCourier(OrderError):
    message = _l("Choose the courier from the list.")
    field = "courier"
    status = 422


class UnknownService(OrderError):
    field = "service"
    status = 422

    def __init__(self, courier: str, services: tuple[str, ...]):
        super().__init__(courier, services)
        self.courier, self.services = courier, services

    def __str__(self) -> str:
        return str(_l("%(courier)s offers these services: %(services)s.", courier=self.courier,
                      services=", ".join(self.services)))


class TrackingNumberInvalid(OrderError):
    """The number does not look like the courier's: most often a typo, or the wrong courier chosen."""

    field = "tracking_number"
    status = 422

    def __init__(self, courier: str, example: str | None):
        super().__init__(courier, example)
        self.courier, self.example = courier, example

    def __str__(self) -> str:
        if self.example:
            return str(_l("This is not a %(courier)s tracking number. They look like %(example)s: check "
                          "the number and the courier.", courier=self.courier, example=self.example))
        return str(_l("A tracking number has 4 to 40 letters, digits or dashes: check the number."))
