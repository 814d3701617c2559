from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import db
from marketplace.orders import bp, reviews
from marketplace.orders.forms import ReviewForm
from marketplace.orders.models import OrderLine
from marketplace.products.forms import ReplyForm
from marketplace.products.models import Review
from marketplace.shops.access import assisted_shop
from marketplace.web.forms import errors_of


@bp.route("/order-lines/<int:line_id>/review", methods=["POST"])
@login_required
def review_line(line_id):
    line = db.session.get(OrderLine, line_id)
    if line is None or line.order.buyer_id != current_user.id:
        abort(404)
    form = ReviewForm()
    if not form.validate_on_submit():
        flash(errors_of(form.rating, form.text), "error")
    else:
        try:
            reviews.add_review(line, current_user, form.rating.data, form.text.data,
                               acting_for=assisted_shop(current_user))
            db.session.commit()
            flash(_("Thank you for your review!"), "success")
        except (reviews.ReviewRefused, reviews.AlreadyReviewed) as error:
            db.session.rollback()
            flash(str(error), "error")
        except IntegrityError:
            db.session.rollback()
            flash(str(reviews.AlreadyReviewed()), "error")
    return redirect(url_for("orders.show", order_id=line.order_id))


@bp.route("/reviews/<int:review_id>/reply", methods=["POST"])
@login_required
def reply_to_review(review_id):
    review = db.session.get(Review, review_id)
    if review is None or review.order_line.order.shop.owner_id != current_user.id:
        abort(404)
    form = ReplyForm()
    if not form.validate_on_submit():
        flash(errors_of(form.text), "error")
    else:
        try:
            reviews.reply(review, form.text.data)
            db.session.commit()
            flash(_("Reply published."), "success")
        except reviews.AlreadyReplied as error:
            db.session.rollback()
            flash(str(error), "error")
    return redirect(url_for("products.show", product_id=review.product_id) + f"#review-{review.id}")
