"""The agency's decisions on a shop: verify or reject an application, suspend or reinstate a verified
shop. `ShopDecision` is the one table the admin page and the API offer, and `decide_shop` the one
action they call: it moves the shop through `change_shop_state` (the one table of moves), writes the
audit entry and registers the artisan's email for after the commit. It flushes; the caller commits."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.audit.services import record_action, snapshot
from marketplace.auth.models import Role, User
from marketplace.extensions import db
from marketplace.jobs.queue import enqueue_after_commit
from marketplace.shops.labels import SHOP_STATE_LABELS
from marketplace.shops.models import Shop, ShopState
from marketplace.shops.notifications import tell_shop_decision
from marketplace.shops.services import STATES_NEEDING_A_REASON, change_shop_state
from marketplace.transitions import InvalidTransition

_AUDITED = ("state", "state_reason")
_OPTIONAL = _l("Optional.")
_REQUIRED = _l("Required: the artisan reads it in the email and on their dashboard.")


class ShopDecision(StrEnum):
    """Each decision: the state it is taken from, the state it leads to, its audit action, its button,
    the hint under its reason field, and the message once done (`%(shop)s` is the shop's name)."""

    def __new__(cls, value, source, target, action, label, hint, done):
        member = str.__new__(cls, value)
        member._value_ = value
        member.source, member.target, member.action = source, target, action
        member.label, member.hint, member.done = label, hint, done
        return member

    APPROVE = ("approve", ShopState.PENDING, ShopState.VERIFIED, "shop.verify", _l("Approve and verify"),
               _OPTIONAL, _l("%(shop)s is verified; its active listings are public."))
    REJECT = ("reject", ShopState.PENDING, ShopState.REJECTED, "shop.reject", _l("Reject"), _REQUIRED,
              _l("The application of %(shop)s is rejected."))
    SUSPEND = ("suspend", ShopState.VERIFIED, ShopState.SUSPENDED, "shop.suspend", _l("Suspend"), _REQUIRED,
               _l("%(shop)s is suspended; its listings left the catalog."))
    REINSTATE = ("reinstate", ShopState.SUSPENDED, ShopState.VERIFIED, "shop.reinstate", _l("Reinstate"),
                 _l("Optional: why the shop may sell again."),
                 _l("%(shop)s is reinstated; its active listings are public again."))

    @property
    def needs_reason(self) -> bool:
        return self.target in STATES_NEEDING_A_REASON

    def done_message(self, shop: Shop) -> str:
        return str(self.done) % {"shop": shop.name}


class DecisionNotAllowed(InvalidTransition):
    """The shop is not in the state the decision is taken from: a page out of date, a double tap, or
    another curator who decided first. The message names the state the shop is in now."""

    def __init__(self, decision: ShopDecision, current: ShopState):
        super().__init__(current, decision.target)
        self.decision = decision
        self.message = _l("This decision is not possible now: the shop is %(state)s.",
                          state=SHOP_STATE_LABELS[current])


def decide_shop(shop: Shop, actor: User, decision: ShopDecision, reason: str | None = None) -> None:
    """Take the decision. Raises DecisionNotAllowed or ReasonRequired and changes nothing then. The
    shop's row is locked and reloaded first (unflushed edits to `shop` are dropped), so two curators
    deciding at once cannot both pass."""
    decision = ShopDecision(decision)
    db.session.scalar(select(Shop).where(Shop.id == shop.id).with_for_update()
                      .execution_options(populate_existing=True))
    if shop.state != decision.source:
        raise DecisionNotAllowed(decision, shop.state)
    before = snapshot(shop, *_AUDITED)
    change_shop_state(shop, decision.target, reason)
    if decision.target == ShopState.VERIFIED:
        shop.owner.grant(Role.ARTISAN)  # granted on applying; kept (or given back) once verified
    record_action(actor, decision.action, shop, before=before, after=snapshot(shop, *_AUDITED),
                  reason=shop.state_reason)
    db.session.flush()
    enqueue_after_commit(tell_shop_decision, shop.id)
