"""Where a parcel from Banyuasin goes, in the zones shops price shipping by: the zone of every
province (all 38 of `orders.provinces`; a test holds the two lists together), and the one zone
narrower than a province, Banyuasin itself.

Every shop sits in a kecamatan of Kabupaten Banyuasin, so "within Banyuasin" is the simplest honest
rule: a destination in Sumatera Selatan whose kabupaten or kota is Banyuasin. Couriers price the
whole kabupaten alike, so the shop's own kecamatan does not change the zone."""

import enum
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


class Zone(enum.StrEnum):
    BANYUASIN = "banyuasin"
    SOUTH_SUMATRA = "south_sumatra"
    SUMATRA = "sumatra"
    JAVA_BALI = "java_bali"
    KALIMANTAN = "kalimantan"
    SULAWESI_NUSA_TENGGARA = "sulawesi_nusa_tenggara"
    MALUKU_PAPUA = "maluku_papua"


ZONE_LABELS = {
    Zone.BANYUASIN: _l("Within Banyuasin"),
    Zone.SOUTH_SUMATRA: _l("Rest of South Sumatra"),
    Zone.SUMATRA: _l("Rest of Sumatra"),
    Zone.JAVA_BALI: _l("Java and Bali"),
    Zone.KALIMANTAN: _l("Kalimantan"),
    Zone.SULAWESI_NUSA_TENGGARA: _l("Sulawesi and Nusa Tenggara"),
    Zone.MALUKU_PAPUA: _l("Maluku and Papua"),
}

HOME_PROVINCE = "Sumatera Selatan"

_PROVINCES_BY_ZONE = {
    Zone.SOUTH_SUMATRA: (HOME_PROVINCE,),
    Zone.SUMATRA: ("Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Kepulauan Riau", "Jambi",
                   "Kepulauan Bangka Belitung", "Bengkulu", "Lampung"),
    Zone.JAVA_BALI: ("DKI Jakarta", "Jawa Barat", "Banten", "Jawa Tengah", "DI Yogyakarta", "Jawa Timur",
                     "Bali"),
    Zone.KALIMANTAN: ("Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan", "Kalimantan Timur",
                      "Kalimantan Utara"),
    Zone.SULAWESI_NUSA_TENGGARA: ("Sulawesi Utara", "Gorontalo", "Sulawesi Tengah", "Sulawesi Barat",
                                  "Sulawesi Selatan", "Sulawesi Tenggara", "Nusa Tenggara Barat",
                                  "Nusa Tenggara Timur"),
    Zone.MALUKU_PAPUA: ("Maluku", "Maluku Utara", "Papua", "Papua Barat", "Papua Barat Daya", "Papua Selatan",
                        "Papua Tengah", "Papua Pegunungan"),
}

#: province -> zone
ZONE_OF_PROVINCE = {province: zone for zone, provinces in _PROVINCES_BY_ZONE.items()
                    for province in provinces}

#: `Kabupaten Banyuasin`, `Kab. Banyuasin`, `banyuasin`...
_BANYUASIN = re.compile(r"^\s*(kabupaten|kab\.?)?\s*banyuasin\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Destination:
    """Where a parcel goes, as far as its price depends on it."""

    province: str
    #: the kabupaten or kota; only Banyuasin's matters
    city: str = ""

    @property
    def zone(self) -> Zone | None:
        """None for a province the table does not know (the price then falls back to flat rates)."""
        zone = ZONE_OF_PROVINCE.get(self.province)
        if zone == Zone.SOUTH_SUMATRA and _BANYUASIN.match(self.city or ""):
            return Zone.BANYUASIN
        return zone
