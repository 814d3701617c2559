"""What each audit action is called on the agency's pages, in the reader's language. The entry keeps
its code (stable, searchable, the filter's value); the label is only how a page shows it."""

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "cohort.create": _l("Training cohort added"),
    "cohort.update": _l("Training cohort edited"),
    "collection.add_product": _l("Product added to a collection"),
    "collection.cover": _l("Collection cover changed"),
    "collection.create": _l("Collection created"),
    "collection.move_product": _l("Product moved within a collection"),
    "collection.remove_product": _l("Product removed from a collection"),
    "collection.update": _l("Collection edited"),
    "featured.add": _l("Product featured"),
    "featured.move": _l("Featured product moved"),
    "featured.remove": _l("Product no longer featured"),
    "featured.replace": _l("Featured list replaced"),
    "featured.window": _l("Featuring dates changed"),
    "job.retry": _l("Failed job run again"),
    "ledger.adjustment": _l("Ledger adjustment"),
    "ledger.payout": _l("Payout to the artisan"),
    "order.refund": _l("Order refunded"),
    "payment.confirm": _l("Bank transfer confirmed"),
    "payment.reconcile": _l("Card payment checked with the processor"),
    "payment.reject_receipt": _l("Transfer receipt rejected"),
    "product.create": _l("Listing created for the shop"),
    "product.duplicate": _l("Listing duplicated for the shop"),
    "product.hide": _l("Listing hidden"),
    "product.image_add": _l("Listing photo added"),
    "product.image_move": _l("Listing photo moved"),
    "product.image_remove": _l("Listing photo removed"),
    "product.status": _l("Listing status changed"),
    "product.unhide": _l("Listing shown again"),
    "product.update": _l("Listing edited for the shop"),
    "variant.update": _l("Price or stock changed for the shop"),
    "shop.cohort": _l("Shop's training cohort changed"),
    "shop.reinstate": _l("Shop reinstated"),
    "shop.reject": _l("Shop application rejected"),
    "shop.suspend": _l("Shop suspended"),
    "shop.verify": _l("Shop verified"),
}


def action_label(code: str) -> str:
    """The action's name for a page; a code without a label (an older one) shows as it is."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code
