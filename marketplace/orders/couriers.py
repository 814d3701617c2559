"""The couriers an artisan ships with: code, name, service levels, the shape of their tracking numbers
and the public page where a buyer follows the parcel. The one table the ship form, the action, the
API, the emails and the order pages read.

Tracking-number patterns are only given where the courier's format is well known; for the others any
plausible number (letters, digits and dashes) is accepted, since refusing a real number would stop
the artisan from shipping."""

import re
from dataclasses import dataclass
from urllib.parse import quote

from flask_babel import lazy_gettext as _l

#: what any tracking number looks like once spaces are taken out, whatever the courier
ANY_TRACKING_NUMBER = r"[A-Z0-9-]{4,40}"


@dataclass(frozen=True)
class Courier:
    code: str
    name: str
    #: service levels, the regular one first (taken when none is given)
    services: tuple[str, ...] = ()
    #: the courier's tracking numbers, as a regular expression of the whole number (upper case)
    tracking_pattern: str | None = None
    #: an example shown in the error, so the artisan sees which number is meant
    tracking_example: str | None = None
    #: the public tracking page, `{number}` standing for the tracking number
    tracking_url_template: str | None = None
    #: the shop's own delivery and pickup have no tracking number
    needs_tracking_number: bool = True

    @property
    def label(self):
        return _COURIER_LABELS.get(self.code, self.name)

    def tracking_number_fits(self, number: str) -> bool:
        return re.fullmatch(self.tracking_pattern or ANY_TRACKING_NUMBER, number) is not None

    def tracking_url(self, number: str | None) -> str | None:
        if not number or not self.tracking_url_template:
            return None
        return self.tracking_url_template.format(number=quote(number, safe=""))


COURIERS = (
    Courier("jne", "JNE", ("REG", "YES", "OKE", "JTR"), r"[A-Z0-9]{10,18}", "0113852100123456",
            "https://www.jne.co.id/id/tracking/trace?awb={number}"),
    Courier("jnt", "J&T Express", ("EZ", "Super", "Cargo"), r"J[A-Z]\d{10}|\d{12}", "JP1234567890",
            "https://jet.co.id/track?awb={number}"),
    Courier("sicepat", "SiCepat", ("REG", "BEST", "GOKIL", "SIUNTUNG"), r"\d{12}", "002345678901",
            "https://www.sicepat.com/checkAwb/{number}"),
    Courier("pos", "Pos Indonesia", ("Reguler", "Nextday", "Ekonomi", "Jumbo Ekonomi"),
            r"[A-Z]{2}\d{9}[A-Z]{2}|[A-Z0-9]{10,20}", "P2312000123456",
            "https://www.posindonesia.co.id/id/tracking/{number}"),
    Courier("anteraja", "AnterAja", ("Reguler", "Next Day", "Same Day"), r"\d{12,16}", "10000123456789",
            "https://anteraja.id/tracking/{number}"),
    Courier("ninja", "Ninja Xpress", ("Standard",), None, None,
            "https://www.ninjaxpress.co/id-id/tracking?id={number}"),
    Courier("lion", "Lion Parcel", ("REGPACK", "ONEPACK", "JAGOPACK", "BIGPACK"), None, None,
            "https://lionparcel.com/track/stt?q={number}"),
    Courier("ide", "ID Express", ("Standard", "iDlite"), r"IDE\d{9,15}", "IDE700012345678",
            "https://idexpress.com/lacak-paket/?data={number}"),
    Courier("own", "Own delivery", needs_tracking_number=False),
    Courier("pickup", "Picked up at the shop", needs_tracking_number=False),
)

_COURIER_LABELS = {"own": _l("The shop's own delivery"), "pickup": _l("Picked up at the shop")}
_BY_CODE = {courier.code: courier for courier in COURIERS}


def find_courier(code: str | None) -> Courier | None:
    """The courier with this code (any case), or None."""
    return _BY_CODE.get((code or "").strip().lower())


def clean_tracking_number(raw: str | None) -> str:
    """As couriers print them: upper case, without the spaces people type to read them out."""
    return re.sub(r"\s+", "", raw or "").upper()


def ship_choices() -> dict:
    """The ship form's options, grouped by courier: `jne:REG` shows as `JNE REG`; the shop's own
    delivery and pickup, which have no service levels, by their code alone. Nothing is chosen at
    first, so that a parcel is never recorded with a courier the artisan did not pick."""
    groups = {None: [("", "—")]}
    groups |= {courier.name: [(f"{courier.code}:{service}", f"{courier.name} {service}")
                              for service in courier.services] for courier in COURIERS if courier.services}
    groups[_l("Without a courier")] = [(courier.code, courier.label) for courier in COURIERS
                                       if not courier.services]
    return groups


def split_choice(value: str) -> tuple[str, str]:
    """`jne:REG` -> (`jne`, `REG`); `own` -> (`own`, ``)."""
    code, _, service = (value or "").partition(":")
    return code, service
