"""The agency's decisions on a shop: verify or reject an application, suspend or reinstate a verified
shop. Each decision goes through `change_shop_state` (the one table of moves) and is written to the
audit log; `decide` flushes and the caller commits, then calls `notify_decision`."""

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.audit.services import record_action, snapshot
from marketplace.auth.models import Role, User
from marketplace.extensions import db
from marketplace.mail import send_email
from marketplace.shops.models import Shop, ShopState
from marketplace.shops.services import change_shop_state

#: what the audit log calls a move into each state
_ACTIONS = {ShopState.REJECTED: "shop.reject", ShopState.SUSPENDED: "shop.suspend",
            ShopState.PENDING: "shop.reopen"}
_AUDITED = ("state", "state_reason")


def action_name(before: ShopState, wanted: ShopState) -> str:
    if wanted == ShopState.VERIFIED:
        return "shop.reinstate" if before == ShopState.SUSPENDED else "shop.verify"
    return _ACTIONS[wanted]


def decide(shop: Shop, actor: User, wanted: ShopState, reason: str | None = None) -> None:
    """Apply the agency's decision. Raises InvalidTransition or ReasonRequired and changes nothing
    then. The shop's row is locked and reloaded first (unflushed edits to `shop` are dropped), so two
    curators deciding at once cannot both pass."""
    wanted = ShopState(wanted)
    db.session.scalar(select(Shop).where(Shop.id == shop.id).with_for_update()
                      .execution_options(populate_existing=True))
    before_state = shop.state
    before = snapshot(shop, *_AUDITED)
    change_shop_state(shop, wanted, reason)
    if wanted == ShopState.VERIFIED:
        shop.owner.grant(Role.ARTISAN)  # granted on applying; kept (or given back) once verified
    record_action(actor, action_name(before_state, wanted), shop, before=before,
                  after=snapshot(shop, *_AUDITED), reason=shop.state_reason)
    db.session.flush()


_SUBJECTS = {
    ShopState.VERIFIED: lambda shop: _("Your shop %(shop)s is verified", shop=shop.name),
    ShopState.REJECTED: lambda shop: _("Your shop application %(shop)s was not approved", shop=shop.name),
    ShopState.SUSPENDED: lambda shop: _("Your shop %(shop)s is suspended", shop=shop.name),
    ShopState.PENDING: lambda shop: _("Your shop application %(shop)s is being reviewed again",
                                      shop=shop.name),
}


def notify_decision(shop: Shop) -> None:
    """Email the artisan the shop's current state and its reason, in the artisan's language. Called
    after the commit, so nobody is told about a decision that was then rolled back."""
    owner = shop.owner
    with force_locale(owner.locale):
        body = render_template("email/shop_decision.txt", user=owner, shop=shop,
                               link=url_for("products.dashboard", _external=True))
        send_email(owner.email, _SUBJECTS[shop.state](shop), body)
