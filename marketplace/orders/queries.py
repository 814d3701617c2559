"""Who may see and act on an order: the one rule the pages and the API share. An order belongs to
its buyer and to the owner of its shop; anyone else (another customer, another artisan) is told it
does not exist, so its id is not even confirmed. A checkout's transfer receipt is its buyer's and
the agency's, who confirm the transfer. And what waits for an artisan, counted for the dashboard."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, func, literal_column, select, true, union_all
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
def _todo_query():
    """Built once: SQL expressions are immutable, and the statement is then cached by SQLAlchemy.

    Each count is a subquery of the open states it counts, so the shop's (shop, status) index finds
    its orders: the finished ones (completed, cancelled, refunded), which grow by the thousand, are
    never read, and only the orders awaiting payment are joined to their payment. The counts' one
    row is joined to the listings with reviews to answer, so one statement brings both (a row per
    listing, or the counts alone)."""
    shop = Order.shop_id == bindparam("shop_id")

    def counted(*conditions, joined=False):
        statement = select(func.count()).select_from(Order)
        if joined:
            statement = statement.join(Payment, Payment.checkout_id == Order.checkout_id)
        return statement.where(shop, *conditions).scalar_subquery()

    counts = select(
        counted(Order.status.in_((OrderStatus.PAID, OrderStatus.PROCESSING))).label("to_prepare"),
        counted(Order.status == OrderStatus.AWAITING_PAYMENT, Payment.method == PaymentMethod.BANK_TRANSFER,
                Payment.receipt_key.is_not(None), Payment.status == PaymentStatus.PENDING,
                joined=True).label("awaiting_agency"),
        counted(Order.status.in_((OrderStatus.SHIPPED, OrderStatus.DELIVERED)),
                Order.problem_reported_at.is_not(None)).label("problems")).subquery("counts")
    unanswered = (select(Product.id.label("product_id"), Product.title,
                         func.count(Review.id).label("reviews"))
                  .join(Review, Review.product_id == Product.id)
                  .where(Product.shop_id == bindparam("shop_id"), Review.reply.is_(None))
                  .group_by(Product.id, Product.title).subquery("unanswered"))
    return (select(counts.c.to_prepare, counts.c.awaiting_agency, counts.c.problems,
                   unanswered.c.product_id, unanswered.c.title, unanswered.c.reviews)
            .select_from(counts.outerjoin(unanswered, true()))
            .order_by(unanswered.c.reviews.desc(), unanswered.c.product_id))


def artisan_todo(shop_id: int) -> ArtisanTodo:
    """Counted in one query over the shop's open orders and its reviews, whatever the number of
    orders it has finished."""
    rows = reads.rows(_todo_query(), {"shop_id": shop_id}).all()
    first = rows[0]
    reviews = tuple((row.product_id, row.title, row.reviews) for row in rows if row.product_id is not None)
    return ArtisanTodo(first.to_prepare, first.awaiting_agency, first.problems, reviews)


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


@cache
def _incoming_query(shown: str):
    """The statement of one list (INCOMING_LISTS), built once: a page of the shop's orders newest
    first with the list's count (a subquery worked out once, from the (shop, status) index), joined
    to their lines: a row per line."""
    condition = Order.shop_id == bindparam("shop_id")
    if INCOMING_LISTS[shown] is not None:
        condition = condition & INCOMING_LISTS[shown]
    count = select(func.count()).select_from(Order).where(condition).scalar_subquery()
    page = (select(Order.id, Order.number, Order.status, Order.total, Order.created_at,
                   Order.problem_reported_at.is_not(None).label("problem_reported"),
                   count.label("total_count"))
            .where(condition).order_by(Order.id.desc())
            .limit(bindparam("per_page")).offset(bindparam("skipped")).subquery("page"))
    return (select(page, OrderLine.quantity, OrderLine.title, OrderLine.variant_name)
            .outerjoin(OrderLine, OrderLine.order_id == page.c.id)
            .order_by(page.c.id.desc(), OrderLine.id)), select(count)


def incoming_orders(shop_id: int, shown: str, page_number: int, per_page: int = INCOMING_PER_PAGE) -> Page:
    """One page of the shop's orders in the list `shown` (INCOMING_LISTS), newest first, with their
    lines and how many the list has: one query whatever the number of orders."""
    statement, count = _incoming_query(shown)
    values = {"shop_id": shop_id, "per_page": per_page, "skipped": (page_number - 1) * per_page}
    orders: dict[int, tuple] = {}
    lines: dict[int, list[IncomingLine]] = {}
    total = 0
    for row in reads.rows(statement, values):
        if row.id not in orders:
            orders[row.id] = row[:6]
            lines[row.id] = []
            total = row.total_count
        if row.quantity is not None:
            lines[row.id].append(IncomingLine(row.quantity, row.title, row.variant_name))
    if not orders and page_number > 1:  # a page past the last has no row to carry the count
        total = reads.rows(count, values).scalar_one()
    # a tuple: the page's orders are the key of their kept part (web/fragments.py)
    page = tuple(IncomingOrder(*order, lines=tuple(lines[order_id])) for order_id, order in orders.items())
    return Page(page, total, page_number, per_page)


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
