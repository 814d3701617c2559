"""Journey (5): journey (1) in English, the artisan's and the curator's phones switched to it."""

import pytest

from marketplace.auth.models import Role
from tests.factories import PASSWORD, UserFactory
from tests.journeys import Phone, artisan_opens_a_shop, photo

pytestmark = pytest.mark.browser


def test_a_new_artisan_opens_a_shop_in_english(page, live_server, db, outbox, tmp_path):
    curator = UserFactory(email="kurator@dekranasda.id", roles=[Role.CURATOR], locale="en")
    artisan = Phone(page, live_server, language="en")
    artisan_opens_a_shop(artisan, artisan.another(), curator, PASSWORD, outbox, photo(tmp_path))
    assert outbox[0]["Subject"] == "Finish creating your account"  # the email in her language too
