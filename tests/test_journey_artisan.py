"""Journey (1) in Chromium on a 360 px phone: a new artisan registers from "Sell your cloth here",
applies for a shop, is verified by a curator, and publishes a first listing with a photo."""

import pytest

from marketplace.auth.models import Role
from tests.factories import PASSWORD, UserFactory
from tests.journeys import Phone, artisan_opens_a_shop, photo

pytestmark = pytest.mark.browser


def test_a_new_artisan_opens_a_shop_and_publishes_a_first_listing_on_a_phone(page, live_server, db, outbox,
                                                                                   tmp_path):
    curator = UserFactory(email="kurator@dekranasda.id", name="Rahmawati", roles=[Role.CURATOR])
    artisan = Phone(page, live_server)
    artisan_opens_a_shop(artisan, artisan.another(), curator, PASSWORD, outbox, photo(tmp_path))
