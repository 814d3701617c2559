"""The one kind of error a rule raises when it says no. Each refusal carries what every door needs
to answer it: the message for the person who asked (translated when shown), the field it is about
(a form puts it there, the API names it in `details`), the API's error code and HTTP status. The
pages and the API read these; neither keeps its own copy of the messages."""

import re

from flask_babel import lazy_gettext as _l


class Refusal(Exception):
    message = _l("This cannot be done now.")
    #: the form field or API input the refusal is about, if any
    field: str | None = None
    #: 409 by default: the request was understood, the record's state says no
    status = 409
    #: the API's error code; by default the class name in snake case
    code: str | None = None

    def __str__(self) -> str:
        return str(self.message)

    @property
    def error_code(self) -> str:
        return self.code or re.sub(r"(?<!^)(?=[A-Z])", "_", type(self).__name__).lower()
