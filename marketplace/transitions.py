"""State machines (shops, listings, later orders and payments) each keep one table of allowed
moves; this is the one check they all use."""


class InvalidTransition(Exception):
    def __init__(self, current, wanted):
        super().__init__(f"cannot go from {current} to {wanted}")
        self.current, self.wanted = current, wanted


def check_transition(table: dict, current, wanted) -> None:
    if wanted not in table.get(current, ()):
        raise InvalidTransition(current, wanted)
