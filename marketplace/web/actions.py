"""How a page runs one action: commit what it did and say so, or roll back and say why not. The
rules and their messages are the action's; this only shows them."""

from collections.abc import Callable

from flask import flash
from flask_babel import gettext as _

from marketplace.exceptions import Refusal
from marketplace.extensions import db
from marketplace.transitions import Outcome


def act(action: Callable[[], Outcome], done: str, unchanged: str | None = None) -> Outcome | None:
    """`action()` committed, with `done` (or, for a repeat, `unchanged`) flashed; None when it was
    refused, with the refusal's message flashed and nothing kept."""
    try:
        outcome = action()
    except Refusal as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return None
    db.session.commit()
    if outcome == Outcome.UNCHANGED:
        flash(unchanged or _("Nothing to change: this was done already."), "info")
    else:
        flash(done, "success")
    return outcome
