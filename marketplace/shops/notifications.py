"""The email that tells an artisan the agency's decision on their shop. `decide_shop` registers it to
run once its transaction commits, so nobody is told about a decision that was then rolled back, and
every door (page, API) sends the same one email."""

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from marketplace.extensions import db
from marketplace.jobs.queue import job
from marketplace.shops.models import Shop, ShopState
from marketplace.web.mail import MAIL_RETRIES, deliver_now, site_context

#: by the state the shop is in when the email is written; pending too, since a rejected applicant may
#: have re-applied before a queued email runs
_SUBJECTS = {
    ShopState.VERIFIED: _l("Your shop %(shop)s is verified"),
    ShopState.REJECTED: _l("Your shop application %(shop)s was not approved"),
    ShopState.SUSPENDED: _l("Your shop %(shop)s is suspended"),
    ShopState.PENDING: _l("Your shop application %(shop)s is being reviewed again"),
}


@job(**MAIL_RETRIES)
def tell_shop_decision(shop_id: int) -> None:
    """Email the artisan the shop's state and its reason as they are now, in the artisan's language,
    with links to the configured public address (a queued job has no request to take them from)."""
    shop = db.session.get(Shop, shop_id)
    if shop is None:
        return
    owner = shop.owner
    with site_context(), force_locale(owner.locale):
        body = render_template("email/shop_decision.txt", user=owner, shop=shop,
                               link=url_for("products.dashboard", _external=True))
        deliver_now(owner.email, str(_SUBJECTS[shop.state]) % {"shop": shop.name}, body)
