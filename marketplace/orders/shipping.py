"""What shipping costs. Computed on the server from the shop's rates, the listings' weights and the
destination; nothing the browser sends about it is used."""

import math

from marketplace.shops.models import Shop
from marketplace.shops.zones import Destination


def shipping_fee(shop: Shop, weight_grams: int, subtotal: int, pickup: bool = False,
                 destination: Destination | None = None) -> int:
    """The fee for one shop's part of a checkout, in whole rupiah: the shop's rate for the
    destination's zone, or its flat fees where it has none (or the destination is not known yet)."""
    if pickup and shop.allows_pickup:
        return 0
    if shop.free_shipping_from is not None and subtotal >= shop.free_shipping_from:
        return 0
    started_kilograms = max(1, math.ceil(weight_grams / 1000))
    rate = shop.zone_rate(destination.zone if destination else None)
    if rate is not None:
        return rate.first_kg_fee + rate.next_kg_fee * (started_kilograms - 1)
    return shop.shipping_base_fee + shop.shipping_fee_per_kg * started_kilograms
