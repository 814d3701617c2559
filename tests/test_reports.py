"""Report figures on a small dataset whose answers were worked out by hand (in the comments)."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, literal, select

from marketplace.auth.models import Role
from marketplace.extensions import db as _db
from marketplace.orders import refunds
from marketplace.orders.models import OrderStatus
from marketplace.payments import ledger
from marketplace.payments.ledger import INCOME_KINDS
from marketplace.payments.models import EntryKind, LedgerEntry, Payment, Refund
from marketplace.products.models import DyeType, Technique
from marketplace.reports import impact, sales
from marketplace.reports.periods import Period, month_of
from marketplace.reports.statement import statement
from marketplace.web.localtime import today
from tests.factories import CohortFactory, ProductFactory, ShopFactory, UserFactory
from tests.helpers import login
from tests.test_ledger import complete, make_order
from tests.test_refunds import no_card_refunds

S = OrderStatus
Q1 = Period(date(2025, 1, 1), date(2025, 3, 31))
Q1_ARGS = "first=2025-01-01&last=2025-03-31"


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
def world(db):
    """Three shops in two kecamatan, two cohorts and one shop without, four kinds of cloth."""
    older = CohortFactory(name="Angkatan 2024", starts_on=date(2024, 2, 19))
    newer = CohortFactory(name="Angkatan 2025", starts_on=date(2025, 1, 10))
    sungsang = ShopFactory(name="Batik Sungsang", kecamatan="Banyuasin II", cohort=older, nib="9120001234567")
    betung = ShopFactory(name="Jumputan Betung", kecamatan="Betung", cohort=newer)
    pangkalan = ShopFactory(name="Batik Pangkalan", kecamatan="Banyuasin II")
    return {
        "cohorts": (older, newer), "shops": (sungsang, betung, pangkalan),
        "tulis": ProductFactory(shop=sungsang, variants=[(300_000, 50)]),
        "cap": ProductFactory(shop=sungsang, technique=Technique.BATIK_CAP, dye_type=DyeType.SYNTHETIC,
                              variants=[(100_000, 50)]),
        "jumputan": ProductFactory(shop=betung, technique=Technique.JUMPUTAN, variants=[(150_000, 50)]),
        "pangkalan": ProductFactory(shop=pangkalan, dye_type=DyeType.SYNTHETIC, variants=[(200_000, 50)]),
    }


@pytest.fixture
def q1_sales(world):
    """Counted in Q1 2025 (Western Indonesian Time): o1, o2, o3, o4; nothing else."""
    w = world
    o1 = make_order((w["tulis"], 1), (w["cap"], 2), status=S.COMPLETED, placed=utc(2025, 1, 15, 3))
    # 18:00 UTC on 31 January is 01:00 on 1 February in Banyuasin: a February sale
    o2 = make_order((w["tulis"], 1), status=S.PAID, placed=utc(2025, 1, 31, 18))
    make_order((w["jumputan"], 3), status=S.SHIPPED, placed=utc(2025, 2, 10, 2))  # o3
    make_order((w["pangkalan"], 1), status=S.DELIVERED, placed=utc(2025, 3, 5, 9))  # o4
    make_order((w["jumputan"], 1), status=S.CANCELLED, placed=utc(2025, 3, 20, 9))
    make_order((w["pangkalan"], 2), status=S.REFUNDED, placed=utc(2025, 3, 25, 9))
    make_order((w["jumputan"], 1), status=S.AWAITING_PAYMENT, placed=utc(2025, 2, 15, 9))
    make_order((w["cap"], 1), status=S.COMPLETED, placed=utc(2024, 12, 31, 16))  # 23:00 on 31 December
    make_order((w["cap"], 1), status=S.PAID, placed=utc(2025, 3, 31, 17, 30))  # 00:30 on 1 April
    # A partial refund leaves gross sales (before refunds) as they were.
    _db.session.add(Refund(payment_id=_db.session.scalar(select(Payment.id).where(
        Payment.checkout_id == o1.checkout_id)), order_id=o1.id, amount=50_000, reason="warna"))
    _db.session.commit()
    return o1, o2


def figures(rows):
    return {row.label: (row.gross, row.orders, row.units) for row in rows}


def by_key(rows):
    return {row.key: (row.gross, row.orders, row.units) for row in rows}


def test_the_summary_counts_paid_orders_placed_in_the_period(q1_sales):
    total = sales.summary(Q1)
    # 500.000 + 300.000 + 450.000 + 200.000; units 3 + 1 + 3 + 1
    assert (total.gross, total.orders, total.units, total.average_order) == (1_450_000, 4, 8, 362_500)


def test_months_are_taken_in_banyuasin_time_and_empty_months_show(q1_sales):
    assert figures(sales.by_month(Q1)) == {"2025-01": (500_000, 1, 3), "2025-02": (750_000, 2, 4),
                                           "2025-03": (200_000, 1, 1)}
    assert figures(sales.by_month(Period(date(2024, 12, 1), date(2025, 1, 31)))) == {
        "2024-12": (100_000, 1, 1), "2025-01": (500_000, 1, 3)}
    assert figures(sales.by_month(Period(date(2025, 4, 1), date(2025, 5, 31)))) == {
        "2025-04": (100_000, 1, 1), "2025-05": (0, 0, 0)}


def test_breakdowns_by_shop_technique_dye_kecamatan_and_cohort(q1_sales, world):
    older, newer = world["cohorts"]
    assert figures(sales.by_shop(Q1)) == {"Batik Sungsang": (800_000, 2, 4),
                                          "Jumputan Betung": (450_000, 1, 3),
                                          "Batik Pangkalan": (200_000, 1, 1)}
    assert [row.label for row in sales.by_shop(Q1)] == ["Batik Sungsang", "Jumputan Betung",
                                                        "Batik Pangkalan"]
    assert by_key(sales.by_technique(Q1)) == {"batik_tulis": (800_000, 3, 3), "jumputan": (450_000, 1, 3),
                                              "batik_cap": (200_000, 1, 2)}
    assert by_key(sales.by_dye_type(Q1)) == {"natural": (1_050_000, 3, 5), "synthetic": (400_000, 2, 3)}
    assert figures(sales.by_kecamatan(Q1)) == {"Banyuasin II": (1_000_000, 3, 5), "Betung": (450_000, 1, 3)}
    assert by_key(sales.by_cohort(Q1)) == {str(older.id): (800_000, 2, 4), str(newer.id): (450_000, 1, 3),
                                           "": (200_000, 1, 1)}


def test_the_month_helper_matches_python_on_this_database(db):
    moment = utc(2025, 1, 31, 17, 0)  # exactly midnight in Banyuasin
    assert _db.session.scalar(select(month_of(literal(moment, LedgerEntry.created_at.type)))) == "2025-02"


def _csv(response):
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


@pytest.fixture
def curator(client, db):
    user = UserFactory(roles=[Role.CURATOR])
    login(client, user)
    return user


def test_the_sales_page_and_its_csv_files(client, curator, q1_sales):
    page = client.get(f"/admin/reports?{Q1_ARGS}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Rp 1.450.000" in text and "Rp 362.500" in text
    assert "<svg" in text and "2025-02: Rp 750.000" in text  # the chart, with the table next to it
    rows = _csv(client.get(f"/admin/reports/sales/technique.csv?{Q1_ARGS}"))
    assert [(r["technique"], r["gross_sales"], r["orders"], r["units"], r["average_order_value"])
            for r in rows] == [("batik_tulis", "800000", "3", "3", "266666"),
                               ("jumputan", "450000", "1", "3", "450000"),
                               ("batik_cap", "200000", "1", "2", "200000")]
    summary = _csv(client.get(f"/admin/reports/sales/summary.csv?{Q1_ARGS}"))
    assert (summary[0]["gross_sales"], summary[0]["orders"]) == ("1450000", "4")
    assert len(_csv(client.get(f"/admin/reports/sales/month.csv?{Q1_ARGS}"))) == 3
    assert client.get(f"/admin/reports/sales/nope.csv?{Q1_ARGS}").status_code == 404


@pytest.mark.parametrize(("query", "message"), [
    ("first=2025-03-01&last=2025-01-31", "Hari terakhir tidak boleh sebelum hari pertama."),
    ("first=2025-13-01&last=2025-12-31", "Masukkan tanggal seperti 2025-01-31."),
    ("first=2025-01-01&last=", "Masukkan hari terakhir periode."),
    ("first=2015-01-01&last=2025-01-31", "Pilih periode paling lama lima tahun."),
])
def test_a_wrong_period_is_explained_not_reported(client, curator, query, message):
    page = client.get(f"/admin/reports?{query}")
    assert page.status_code == 400 and message in page.get_data(as_text=True)
    assert client.get(f"/admin/reports/sales/month.csv?{query}").status_code == 400


# Impact of training


@pytest.fixture
def incomes(app, world):
    """With 10% commission and Rp 20.000 shipping on each order, which is not income. Sungsang:
    300.000 - 30.000 + 100.000 - 10.000, then 60.000 of goods refunded after a payout with 5.000 of
    commission back: 305.000 (and 40.000 shipping). Betung: 300.000 - 30.000 = 270.000. Pangkalan (no
    cohort): 200.000 - 20.000 = 180.000. Payouts and adjustments are not income."""
    app.config["COMMISSION_PERCENT"] = 10
    w, admin = world, UserFactory(roles=[Role.ADMIN])
    sungsang, betung, pangkalan = w["shops"]
    ShopFactory(name="Batik Baru", cohort=w["cohorts"][0])  # trained, verified, not sold yet
    for items in ([(w["tulis"], 1)], [(w["jumputan"], 2)], [(w["pangkalan"], 1)]):
        complete(make_order(*items))
    complete(second := make_order((w["cap"], 1)))
    ledger.record_payout(sungsang, 100_000, "BSB-1", admin)
    refunds.refund(second, 60_000, "cacat", admin, no_card_refunds)
    ledger.record_adjustment(pangkalan, 5_000, "koreksi", admin)
    _db.session.commit()
    return world


def test_impact_per_cohort_with_the_median_over_every_artisan(incomes):
    by_name = {cohort.name: cohort for cohort in impact.cohorts()}
    older, newer = by_name["Angkatan 2024"], by_name["Angkatan 2025"]
    untrained = impact.cohorts()[-1]
    assert (len(older.artisans), older.selling, older.income, older.median_income) == (2, 1, 305_000, 152_500)
    assert (len(newer.artisans), newer.selling, newer.income, newer.median_income) == (1, 1, 270_000, 270_000)
    assert (untrained.income, untrained.median_income, older.average_months_active) == (180_000, 180_000, 1.0)
    assert (older.shipping, newer.shipping, untrained.shipping) == (40_000, 20_000, 20_000)
    assert older.first_sale is not None and [a.months_active for a in older.artisans] == [0, 1]


def test_impact_income_and_shipping_add_up_to_the_ledger_to_the_rupiah(incomes):
    income_in_ledger = _db.session.scalar(select(func.sum(LedgerEntry.amount))
                                          .where(LedgerEntry.kind.in_(INCOME_KINDS)))
    cohorts = impact.cohorts()
    assert sum(cohort.income for cohort in cohorts) == 755_000
    assert sum(cohort.income + cohort.shipping for cohort in cohorts) == income_in_ledger == 835_000
    months, monthly = impact.monthly_income()
    assert sum(amount for by_month in monthly.values() for amount in by_month.values()) == 755_000
    for artisan in impact.artisans():
        other = _db.session.scalar(select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
            LedgerEntry.shop_id == artisan.shop_id,
            LedgerEntry.kind.in_((EntryKind.PAYOUT, EntryKind.ADJUSTMENT))))
        assert artisan.income + artisan.shipping == ledger.balance(artisan.shop_id) - other


def test_the_impact_page_and_its_csv_files(client, curator, incomes):
    text = client.get("/admin/reports/impact").get_data(as_text=True)
    assert "Rp 152.500" in text and "<svg" in text and "Angkatan 2024: Rp 305.000" in text
    assert "Rp 40.000" in text  # Sungsang's shipping, apart from income
    cohorts = {row["cohort"]: row for row in _csv(client.get("/admin/reports/impact/cohorts.csv"))}
    assert (cohorts["Angkatan 2024"]["income"], cohorts["Angkatan 2024"]["median_income_per_artisan"],
            cohorts["Angkatan 2024"]["artisans"]) == ("305000", "152500", "2")
    artisans = {row["shop"]: row for row in _csv(client.get("/admin/reports/impact/artisans.csv"))}
    assert (artisans["Batik Baru"]["income"], artisans["Jumputan Betung"]["income"]) == ("0", "270000")
    monthly = _csv(client.get("/admin/reports/impact/monthly.csv"))
    assert sum(int(row["income"]) for row in monthly) == 755_000


# The sales statement for the bank


@pytest.fixture
def statement_ledger(q1_sales, world):
    """Credited to Sungsang for o1 (placed in January: 500.000 of goods and 20.000 shipping): the sale
    of 520.000 in January, then 50.000 of commission at 01:00 on 1 February in Banyuasin; a payout in
    February that is not income. o1's refund was added without the ledger, so it is not counted."""
    sungsang, o1 = world["shops"][0], q1_sales[0]
    _db.session.add_all([
        LedgerEntry(shop_id=sungsang.id, kind=EntryKind.SALE, amount=520_000, order_id=o1.id,
                    created_at=utc(2025, 1, 20, 5)),
        LedgerEntry(shop_id=sungsang.id, kind=EntryKind.COMMISSION, amount=-50_000, order_id=o1.id,
                    created_at=utc(2025, 1, 31, 18)),
        LedgerEntry(shop_id=sungsang.id, kind=EntryKind.PAYOUT, amount=-400_000, reference="BSB-7",
                    created_at=utc(2025, 2, 20, 5))])
    _db.session.commit()
    return sungsang


def test_the_statement_counts_income_and_shipping_in_the_month_their_order_was_placed(statement_ledger):
    report = statement(statement_ledger, Q1)
    assert [(m.month, m.sales.orders, m.sales.units, m.sales.gross, m.income, m.shipping)
            for m in report.months] == [("2025-01", 1, 3, 500_000, 450_000, 20_000),
                                        ("2025-02", 1, 1, 300_000, 0, 0), ("2025-03", 0, 0, 0, 0, 0)]
    assert (report.total.orders, report.total.units, report.total.gross, report.income, report.shipping) == (
        2, 4, 800_000, 450_000, 20_000)


def test_the_artisan_prints_and_downloads_their_own_statement(client, statement_ledger, world):
    login(client, statement_ledger.owner)
    page = client.get(f"/dashboard/statement?{Q1_ARGS}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for expected in ("Batik Sungsang", "9120001234567", "2025-01-01", "2025-03-31", "Rp 800.000",
                     "Rp 450.000", "Rp 20.000", "Ongkir diteruskan ke kurir", "Dibuat pada"):
        assert expected in text
    rows = _csv(client.get(f"/dashboard/statement.csv?{Q1_ARGS}"))
    assert [(r["month"], r["orders"], r["gross_sales"], r["goods_income"], r["shipping_passed_through"])
            for r in rows] == [
        ("2025-01", "1", "500000", "450000", "20000"), ("2025-02", "1", "300000", "0", "0"),
        ("2025-03", "0", "0", "0", "0"), ("total", "2", "800000", "450000", "20000")]
    assert {r["nib"] for r in rows} == {"9120001234567"}
    betung = world["shops"][1]
    assert client.get(f"/admin/reports/statement/{betung.id}?{Q1_ARGS}").status_code == 403
    assert client.get("/dashboard/statement?first=2025-03-01&last=2025-01-01").status_code == 400


def test_the_agency_gets_any_shops_statement(client, curator, statement_ledger):
    page = client.get(f"/admin/reports/statement/{statement_ledger.id}?{Q1_ARGS}")
    assert page.status_code == 200 and "Rp 800.000" in page.get_data(as_text=True)
    rows = _csv(client.get(f"/admin/reports/statement/{statement_ledger.id}.csv?{Q1_ARGS}"))
    assert rows[-1]["gross_sales"] == "800000"
    assert client.get("/admin/reports/statement/999").status_code == 404


# Income is goods only: shipping is passed through to the courier


def this_month() -> Period:
    now = today()
    return Period(now.replace(day=1), now)


@pytest.fixture
def cloth_sold(app, db):
    """Rp 350.000 of cloth with Rp 25.000 shipping (375.000 paid), completed: the ledger credits the
    375.000 and takes 10% commission on the goods, 35.000."""
    app.config["COMMISSION_PERCENT"] = 10
    shop = ShopFactory(name="Batik Rimba", cohort=CohortFactory(name="Angkatan Rimba"))
    order = make_order((ProductFactory(shop=shop, variants=[(350_000, 5)]), 1), shipping=25_000)
    complete(order)
    return order


def _month_and_cohort(order):
    report = statement(order.shop, this_month())
    cohort = next(cohort for cohort in impact.cohorts() if cohort.name == "Angkatan Rimba")
    assert report.income <= report.total.gross
    return report.months[-1], cohort


def _refund(order, amount):
    refunds.refund(order, amount, "warna luntur", UserFactory(roles=[Role.ADMIN]), no_card_refunds)
    _db.session.commit()


def test_the_statement_counts_goods_less_commission_as_income_and_shows_shipping_apart(cloth_sold):
    month, _ = _month_and_cohort(cloth_sold)
    assert (month.sales.gross, month.income, month.shipping) == (350_000, 315_000, 25_000)
    assert month.income != 375_000 and month.income <= month.sales.gross


def test_the_impact_report_counts_a_cohorts_goods_less_commission_as_income(cloth_sold):
    _, cohort = _month_and_cohort(cloth_sold)
    assert (cohort.income, cohort.median_income, cohort.shipping) == (315_000, 315_000, 25_000)
    months, monthly = impact.monthly_income()
    assert list(monthly[cohort.cohort_id].values()) == [315_000]


def test_a_partial_refund_reduces_goods_income_and_leaves_shipping_apart(cloth_sold):
    # 75.000 of goods given back, with its share of commission: 35.000 * 75.000 // 375.000 = 7.000
    _refund(cloth_sold, 75_000)
    month, cohort = _month_and_cohort(cloth_sold)
    assert (month.sales.gross, month.income, month.shipping) == (350_000, 247_000, 25_000)
    assert (cohort.income, cohort.shipping) == (247_000, 25_000)


def test_refunds_beyond_the_goods_give_back_shipping_not_more_income(cloth_sold):
    # the rest, 300.000, is the last 275.000 of goods and the 25.000 shipping; commission back 28.000
    _refund(cloth_sold, 75_000)
    _refund(cloth_sold, 300_000)
    month, cohort = _month_and_cohort(cloth_sold)
    assert (month.sales.gross, month.income, month.shipping) == (0, 0, 0)  # refunded: no longer a sale
    assert (cohort.income, cohort.shipping) == (0, 0)
