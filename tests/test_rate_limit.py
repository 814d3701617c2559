from tests.factories import UserFactory
from tests.helpers import login


def test_failed_logins_for_one_account_are_limited(client, db):
    user = UserFactory()
    for _ in range(5):
        assert login(client, user, "bukan-sandinya-1").status_code == 200
    blocked = login(client, user, "bukan-sandinya-1")
    assert blocked.status_code == 429
    page = blocked.get_data(as_text=True)
    assert "Terlalu banyak percobaan" in page
    assert "Anda dapat mencoba lagi dalam 15 menit" in page
    assert int(blocked.headers["Retry-After"]) > 0
    # Even the right password waits: the account is protected, not the guesser's luck.
    assert login(client, user).status_code == 429


def test_the_account_limit_does_not_block_other_accounts(client, db):
    victim, other = UserFactory(), UserFactory()
    for _ in range(6):
        login(client, victim, "bukan-sandinya-1")
    assert login(client, other).status_code == 302


def test_failed_logins_from_one_address_are_limited(client, db):
    for number in range(20):
        assert login(client, f"tebak{number}@contoh.id", "bukan-sandinya-1").status_code == 200
    assert login(client, "tebak99@contoh.id", "bukan-sandinya-1").status_code == 429


def test_successful_logins_do_not_count(client, db):
    user = UserFactory()
    for _ in range(8):
        assert login(client, user).status_code == 302
