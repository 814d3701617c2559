"""What shipping costs. Computed on the server from the shop's rates and the listings' weights;
nothing the browser sends about it is used."""

import math

from marketplace.shops.models import Shop


def shipping_fee(shop: Shop, weight_grams: int, subtotal: int, pickup: bool = False) -> int:
    """The fee for one shop's part of a checkout, in whole rupiah."""
    if pickup and shop.allows_pickup:
        return 0
    if shop.free_shipping_from is not None and subtotal >= shop.free_shipping_from:
        return 0
    started_kilograms = max(1, math.ceil(weight_grams / 1000))
    return shop.shipping_base_fee + shop.shipping_fee_per_kg * started_kilograms
