from flask_babel import lazy_gettext as _l

from marketplace.orders.models import OrderStatus
from marketplace.payments.models import PaymentMethod, PaymentStatus

METHOD_LABELS = {
    PaymentMethod.CARD: _l("Debit or credit card"),
    PaymentMethod.BANK_TRANSFER: _l("Bank transfer"),
    PaymentMethod.COD: _l("Cash on delivery"),
}

ORDER_STATUS_LABELS = {
    OrderStatus.AWAITING_PAYMENT: _l("Awaiting payment"),
    OrderStatus.PAID: _l("Paid"),
    OrderStatus.PROCESSING: _l("Being prepared"),
    OrderStatus.SHIPPED: _l("Shipped"),
    OrderStatus.DELIVERED: _l("Delivered"),
    OrderStatus.COMPLETED: _l("Completed"),
    OrderStatus.CANCELLED: _l("Cancelled"),
    OrderStatus.REFUNDED: _l("Refunded"),
}

PAYMENT_STATUS_LABELS = {
    PaymentStatus.PENDING: _l("Waiting for payment"),
    PaymentStatus.PAID: _l("Paid"),
    PaymentStatus.FAILED: _l("Failed"),
    PaymentStatus.EXPIRED: _l("Expired"),
    PaymentStatus.CANCELLED: _l("Cancelled"),
}
