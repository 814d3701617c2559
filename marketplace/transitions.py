"""State machines (shops, listings, orders and payments) each keep one table of allowed moves; this
is the one check they all use."""

import enum

from flask_babel import lazy_gettext as _l

from marketplace.exceptions import Refusal


class InvalidTransition(Refusal):
    message = _l("This cannot be done in the record's current state.")

    def __init__(self, current, wanted):
        super().__init__(f"cannot go from {current} to {wanted}")
        self.current, self.wanted = current, wanted


def check_transition(table: dict, current, wanted) -> None:
    if wanted not in table.get(current, ()):
        raise InvalidTransition(current, wanted)


class Outcome(enum.StrEnum):
    """What an action did."""

    DONE = "done"
    #: a repeat (a double tap, a retry, a second admin): the record already was as asked
    UNCHANGED = "unchanged"
