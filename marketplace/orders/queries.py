"""Who may see and act on an order: the one rule the pages and the API share. An order belongs to
its buyer and to the owner of its shop; anyone else (another customer, another artisan) is told it
does not exist, so its id is not even confirmed. A checkout's transfer receipt is its buyer's and
the agency's, who confirm the transfer. And what waits for an artisan, counted for the dashboard."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, func, literal_column, select, union_all
from sqlalchemy.orm import joinedload

from marketplace.auth.models import User
from marketplace.extensions import db
from marketplace.orders.models import Checkout, Order, OrderLine, OrderStatus
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from marketplace.payments.queries import PaymentRow
from marketplace.products.catalog import Page
from marketplace.products.models import Product, Review
from marketplace.shops.access import is_agency
from marketplace.web import reads
from marketplace.web.paging import counted_page

#: ids beyond this are not looked up: no row has one, and some databases refuse the number
MAX_ID = 2**31 - 1


@cache
def _order_page_query():
    """Built once: the loader options alone cost more to build on each call than the query to run.
    The lines and the history are joined too: an order has a few of each, and loading each list
    after (selectinload) cost more in the ORM than the two dozen rows the joins repeat."""
    return (select(Order).where(Order.id == bindparam("order_id"))
            .options(joinedload(Order.shop), joinedload(Order.checkout).joinedload(Checkout.payment),
                     joinedload(Order.buyer).lazyload(User.role_grants), joinedload(Order.lines),
                     joinedload(Order.events)))


def order_for_page(order_id: int) -> Order | None:
    """An order with what its pages show, its shop, checkout, payment, buyer, lines and history, in
    one query, where loading each on first use took eight. The buyer's roles are not read (the pages
    show their name), which User would otherwise load."""
    if not 0 < order_id <= MAX_ID:
        return None
    # one_or_none reads every row: the lines and history come joined, a row for each pair of them
    return db.session.scalars(_order_page_query(), {"order_id": order_id}).unique().one_or_none()


def order_for_buyer(order_id: int, user: User) -> Order | None:
    order = order_for_page(order_id)
    return order if order is not None and order.buyer_id == user.id else None


def order_for_shop(order_id: int, user: User) -> Order | None:
    """An order placed with the shop `user` owns, for fulfilment."""
    order = order_for_page(order_id)
    return order if order is not None and order.shop.owner_id == user.id else None


def receipt_for(checkout_id: int, user: User) -> str | None:
    """The stored key of a checkout's receipt, for its buyer and the agency's staff; None for anyone
    else, as for a checkout without a receipt or no checkout at all."""
    checkout = db.session.get(Checkout, checkout_id) if 0 < checkout_id <= MAX_ID else None
    if checkout is None or checkout.payment is None or not user.is_authenticated:
        return None
    if checkout.buyer_id != user.id and not is_agency(user):
        return None
    return checkout.payment.receipt_key


def reviews_by_line(order: Order) -> dict[int, Review]:
    """The reviews the buyer has written for this order's lines, by line id."""
    line_ids = [line.id for line in order.lines]
    return {review.order_line_id: review for review in db.session.scalars(
        select(Review).where(Review.order_line_id.in_(line_ids)))}


@dataclass(frozen=True)
class ArtisanTodo:
    """What waits for the artisan, as the dashboard opens on it: the key of that part of the page
    (web/fragments.py)."""

    to_prepare: int  # paid, or cash on delivery (placed as being prepared), and not shipped yet
    awaiting_agency: int  # the buyer sent a transfer receipt; the agency has not confirmed it yet
    problems: int  # shipped or delivered orders whose buyer reported a problem
    #: (product id, title, reviews without the shop's reply), for each product that has some
    reviews_to_answer: tuple[tuple[int, str, int], ...]

    @property
    def anything(self) -> bool:
        return bool(self.to_prepare or self.awaiting_agency or self.problems or self.reviews_to_answer)


@cache
def _todo_counts_query():
    """Built once: SQL expressions are immutable, and the statement is then cached by SQLAlchemy.
    Each count is a subquery of the open states it counts, so the shop's (shop, status) index finds
    its orders: the finished ones (completed, cancelled, refunded), which grow by the thousand, are
    never read, and only the orders awaiting payment are joined to their payment."""
    shop = Order.shop_id == bindparam("shop_id")

    def counted(*conditions, joined=False):
        statement = select(func.count()).select_from(Order)
        if joined:
            statement = statement.join(Payment, Payment.checkout_id == Order.checkout_id)
        return statement.where(shop, *conditions).scalar_subquery()

    return select(
        counted(Order.status.in_((OrderStatus.PAID, OrderStatus.PROCESSING))),
        counted(Order.status == OrderStatus.AWAITING_PAYMENT, Payment.method == PaymentMethod.BANK_TRANSFER,
                Payment.receipt_key.is_not(None), Payment.status == PaymentStatus.PENDING, joined=True),
        counted(Order.status.in_((OrderStatus.SHIPPED, OrderStatus.DELIVERED)),
                Order.problem_reported_at.is_not(None)))


@cache
def _reviews_to_answer_query():
    return (select(Product.id, Product.title, func.count(Review.id))
            .join(Review, Review.product_id == Product.id)
            .where(Product.shop_id == bindparam("shop_id"), Review.reply.is_(None))
            .group_by(Product.id, Product.title).order_by(func.count(Review.id).desc(), Product.id))


def artisan_todo(shop_id: int) -> ArtisanTodo:
    """Counted in two queries over the shop's open orders and its reviews, whatever the number of
    orders it has finished."""
    counts = reads.rows(_todo_counts_query(), {"shop_id": shop_id}).one()
    reviews = reads.rows(_reviews_to_answer_query(), {"shop_id": shop_id}).all()
    return ArtisanTodo(*counts, tuple(tuple(row) for row in reviews))


#: an artisan's incoming orders per page: a busy shop has hundreds in a year, read on a phone
INCOMING_PER_PAGE = 30
#: the lists of incoming orders an artisan can open (the dashboard's to-do links to the first two)
INCOMING_LISTS = {
    "to_prepare": Order.status.in_((OrderStatus.PAID, OrderStatus.PROCESSING)),
    "problems": Order.problem_reported_at.is_not(None)
    & Order.status.in_((OrderStatus.SHIPPED, OrderStatus.DELIVERED)),
    "on_the_way": Order.status.in_((OrderStatus.SHIPPED, OrderStatus.DELIVERED)),
    "all": None,
}


@dataclass(frozen=True)
class IncomingLine:
    quantity: int
    title: str
    variant_name: str


@dataclass(frozen=True)
class IncomingOrder:
    id: int
    number: str
    status: OrderStatus
    total: int
    created_at: datetime
    problem_reported: bool
    lines: tuple[IncomingLine, ...]


def incoming_orders(shop_id: int, shown: str, page_number: int, per_page: int = INCOMING_PER_PAGE) -> Page:
    """One page of the shop's orders in the list `shown` (INCOMING_LISTS), newest first: the page's
    orders with their count, then their lines, in two queries whatever the number of orders."""
    condition = Order.shop_id == shop_id
    if INCOMING_LISTS[shown] is not None:
        condition = condition & INCOMING_LISTS[shown]
    rows, total = counted_page(
        select(Order.id, Order.number, Order.status, Order.total, Order.created_at,
               Order.problem_reported_at.is_not(None))
        .where(condition).order_by(Order.id.desc()), page_number, per_page)
    lines: dict[int, list[IncomingLine]] = {row[0]: [] for row in rows}
    if lines:
        for order_id, quantity, title, variant_name in db.session.execute(
                select(OrderLine.order_id, OrderLine.quantity, OrderLine.title, OrderLine.variant_name)
                .where(OrderLine.order_id.in_(list(lines))).order_by(OrderLine.id)):
            lines[order_id].append(IncomingLine(quantity, title, variant_name))
    # a tuple: the page's orders are the key of their kept part (web/fragments.py)
    orders = tuple(IncomingOrder(*row, lines=tuple(lines[row[0]])) for row in rows)
    return Page(orders, total, page_number, per_page)


@cache
def _payments_queue_query(by_method: bool, by_status: bool):
    """The payments list's statement for one shape of filter, built once (it is long to build, many
    times longer than to run) and then cached by SQLAlchemy; the values are bound when it runs.

    The waiting transfers and the other payments are each read newest first through their index
    (models.Payment) and only as far as the page reaches (`reach`), then put in order: sorting every
    payment ever made to show fifty grew with every checkout. The count rides on every row."""
    filters = []
    if by_method:
        filters.append(Payment.method == bindparam("method"))
    if by_status:
        filters.append(Payment.status == bindparam("status"))
    waiting = (Payment.method == PaymentMethod.BANK_TRANSFER) & (Payment.status == PaymentStatus.PENDING)

    def newest(condition, queue: str):
        return select(select(Payment.id, Payment.created_at, literal_column(queue).label("queue"))
                      .where(condition, *filters).order_by(Payment.created_at.desc(), Payment.id.desc())
                      .limit(bindparam("reach")).subquery())

    queued = union_all(newest(waiting, "0"), newest(~waiting, "1")).subquery("queued")
    count = select(func.count()).select_from(Payment).where(*filters).scalar_subquery()
    page = (select(Payment.id, Payment.checkout_id, User.name, User.email, Payment.amount, Payment.method,
                   Payment.status, Payment.receipt_key.is_not(None), Payment.reference, Payment.created_at,
                   count)
            .select_from(queued).join(Payment, Payment.id == queued.c.id)
            .join(Checkout, Checkout.id == Payment.checkout_id).join(User, User.id == Checkout.buyer_id)
            .order_by(queued.c.queue, queued.c.created_at.desc(), queued.c.id.desc())
            .limit(bindparam("per_page")).offset(bindparam("skipped")))
    return page, select(count)


def payment_rows(method: PaymentMethod | None, status: PaymentStatus | None, page_number: int,
                 per_page: int) -> tuple[list[PaymentRow], int]:
    """A page of the agency's payments list, bank transfers waiting for confirmation first, then the
    newest, with each checkout's buyer, and how many payments the list has: one statement."""
    page, count = _payments_queue_query(method is not None, status is not None)
    values = {"method": method, "status": status, "reach": page_number * per_page, "per_page": per_page,
              "skipped": (page_number - 1) * per_page}
    rows = db.session.execute(page, values).all()
    if rows:
        return [PaymentRow(*row[:-1]) for row in rows], rows[0][-1]
    # a page past the last has no row to carry the count
    return [], 0 if page_number == 1 else db.session.scalar(count, values)
