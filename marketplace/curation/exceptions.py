"""What featuring and collections refuse. Each message names the product or the field at fault, so
the curator's page and the API can show it as it is."""

from flask_babel import lazy_gettext as _l

from marketplace.exceptions import Refusal


class CurationRefusal(Refusal):
    message = _l("This cannot be curated that way.")


class ProductRefused(CurationRefusal):
    """A product that cannot be featured or added to a collection; `product_id` names it."""

    def __init__(self, product_id: int, message):
        super().__init__(product_id)
        self.product_id, self.message = product_id, message


class ProductNotFound(ProductRefused):
    def __init__(self, product_id: int):
        super().__init__(product_id, _l("There is no product number %(id)s.", id=product_id))


class ProductNotActive(ProductRefused):
    def __init__(self, product_id: int, title: str):
        super().__init__(product_id, _l(
            "Product %(id)s (%(title)s) is not an active listing: only active listings can be shown.",
            id=product_id, title=title))


class ShopNotVerified(ProductRefused):
    def __init__(self, product_id: int, title: str):
        super().__init__(product_id, _l(
            "Product %(id)s (%(title)s) belongs to a shop that is not verified.", id=product_id, title=title))


class ProductHidden(ProductRefused):
    def __init__(self, product_id: int, title: str):
        super().__init__(product_id, _l(
            "Product %(id)s (%(title)s) is hidden by a curator.", id=product_id, title=title))


class DuplicateProduct(ProductRefused):
    def __init__(self, product_id: int, title: str):
        super().__init__(product_id, _l(
            "Product %(id)s (%(title)s) is already in the list.", id=product_id, title=title))


class WindowReversed(ProductRefused):
    def __init__(self, product_id: int, title: str):
        super().__init__(product_id, _l(
            "The feature of product %(id)s (%(title)s) ends before it starts.", id=product_id, title=title))


class TooManyFeatured(CurationRefusal):
    def __init__(self, limit: int):
        super().__init__(limit)
        self.message = _l("Feature at most %(limit)d products.", limit=limit)


class PublishWindowReversed(CurationRefusal):
    message = _l("The collection's publication ends before it starts.")


class InvalidSlug(CurationRefusal):
    message = _l("Write the web address in lowercase letters, digits and hyphens, such as batik-pedada.")


class SlugTaken(CurationRefusal):
    message = _l("Another collection already uses this web address.")


class CoverRejected(CurationRefusal):
    """The cover upload failed a check; the message says which, in the curator's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class EmptyCollection(CurationRefusal):
    """A collection with no product would go public as an empty page."""

    field = "publish_from"
    message = _l("Add at least one product before publishing the collection.")
