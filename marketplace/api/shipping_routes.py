"""What shipping is offered with: the couriers an order ships with and the zones shops price by."""

from marketplace.api import bp
from marketplace.api.openapi import endpoint
from marketplace.api.schemas import CourierOut, ZoneOut
from marketplace.orders.couriers import COURIERS
from marketplace.shops.zones import HOME_PROVINCE, ZONE_LABELS, ZONE_OF_PROVINCE, Zone


@bp.get("/couriers")
@endpoint("The couriers an order ships with, their services and tracking pages", tag="catalog",
          responses={200: CourierOut(many=True)})
def couriers():
    return list(COURIERS)


@bp.get("/shipping/zones")
@endpoint("The destination zones shops price shipping by, and the provinces in each", tag="catalog",
          responses={200: ZoneOut(many=True)},
          description="Within Banyuasin is Sumatera Selatan's Kabupaten Banyuasin; the rest of the "
                      "province is South Sumatra.")
def shipping_zones():
    return [{"zone": zone.value, "name": str(ZONE_LABELS[zone]), "provinces": _provinces_of(zone)}
            for zone in Zone]


def _provinces_of(zone: Zone) -> list[str]:
    if zone == Zone.BANYUASIN:
        return [HOME_PROVINCE]
    return [province for province, its_zone in ZONE_OF_PROVINCE.items() if its_zone == zone]
