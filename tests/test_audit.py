import re
from pathlib import Path

import pytest
from flask_babel import force_locale

import marketplace
from marketplace.audit.labels import ACTION_LABELS, action_label
from marketplace.audit.models import AppendOnly, AuditEntry
from marketplace.audit.services import record_action, snapshot
from marketplace.auth.models import Role
from marketplace.shops.verification import ShopDecision
from tests.factories import ShopFactory, UserFactory
from tests.helpers import login


def test_an_action_is_recorded_with_who_what_and_before_and_after(db):
    curator = UserFactory(roles=[Role.CURATOR], name="Siti Curator")
    shop = ShopFactory(name="Jumputan Rantau Bayur")
    entry = record_action(curator, "shop.suspend", shop, before={"state": "verified"},
                          after=snapshot(shop, "state"), reason="Foto tidak sesuai")
    db.session.commit()
    assert (entry.actor_name, entry.target_type, entry.target_id) == ("Siti Curator", "shops", str(shop.id))
    assert entry.target_label == "Jumputan Rantau Bayur"
    assert entry.after == {"state": "verified"}


@pytest.mark.parametrize("change", ["update", "delete"])
def test_the_log_cannot_be_rewritten(db, change):
    entry = record_action(UserFactory(roles=[Role.ADMIN]), "cohort.create", ShopFactory())
    db.session.commit()
    with pytest.raises(AppendOnly):
        if change == "update":
            entry.reason = "rewritten"
        else:
            db.session.delete(entry)
        db.session.flush()
    db.session.rollback()
    assert db.session.get(AuditEntry, entry.id).reason is None


def test_the_audit_page_lists_and_filters_entries(client, db):
    admin = UserFactory(roles=[Role.ADMIN], name="Admin Dinas")
    record_action(admin, "shop.verify", ShopFactory(name="Batik Sungsang"))
    record_action(admin, "product.hide", ShopFactory(name="Batik Pulau Rimau"), reason="Foto buram")
    db.session.commit()
    login(client, admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Batik Sungsang" in page and "Foto buram" in page
    filtered = client.get("/admin/audit?action=shop.verify").get_data(as_text=True)
    assert "Batik Sungsang" in filtered and "Foto buram" not in filtered
    assert client.get("/admin/audit?since=not-a-date").status_code == 200


#: `record_action(actor, "x.y", ...)`, the listings' and ledger's helpers alike, or `action="x.y"`
WRITES_AN_ACTION = re.compile(r'(?:record_action|_audit_on_behalf|_audit_entry)\([^,]+, "([a-z_]+\.[a-z_]+)"'
                              r'|action="([a-z_]+\.[a-z_]+)"')


def _action_codes_in_the_code() -> set[str]:
    """Every audit action the code writes, and the shop decisions' codes."""
    source = "\n".join(path.read_text() for path in Path(marketplace.__file__).parent.rglob("*.py"))
    calls = re.findall(WRITES_AN_ACTION, source)
    written = {code for groups in calls for code in groups if code}
    return written | {decision.action for decision in ShopDecision}


def test_every_action_the_code_writes_has_a_name_in_both_languages(app):
    codes = _action_codes_in_the_code()
    assert len(codes) > 30 and codes <= set(ACTION_LABELS)
    with force_locale("id"):
        assert action_label("shop.verify") == "Toko diverifikasi"
    with force_locale("en"):
        assert action_label("shop.verify") == "Shop verified"
    assert action_label("retired.code") == "retired.code"


def test_the_audit_page_names_each_action_in_the_readers_language(client, db):
    admin = UserFactory(roles=[Role.ADMIN], name="Admin Dinas")
    record_action(admin, "payment.reject_receipt", ShopFactory(name="Batik Sungsang"), reason="Buram")
    db.session.commit()
    login(client, admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Bukti transfer ditolak" in page and "payment.reject_receipt" in page
