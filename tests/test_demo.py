from sqlalchemy import func, select

from marketplace.auth.models import Role, User
from marketplace.demo import scale as demo_scale
from marketplace.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD
from marketplace.media.variants import variants_of
from marketplace.products.models import Product, ProductImage, Variant
from marketplace.shops.models import Cohort, Shop, ShopState
from tests.helpers import login


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def seed(runner, *options):
    result = runner.invoke(args=["seed-demo", "--no-images", *options])
    assert result.exit_code == 0, result.output
    return result


def test_seed_demo_loads_accounts_and_the_cohort_and_prints_them(runner, db):
    result = seed(runner)
    assert result.exit_code == 0, result.output
    assert "admin@demo.pasarbatik.id" in result.output and DEMO_PASSWORD in result.output
    cohort = db.session.scalar(select(Cohort))
    assert cohort.name == "Pelatihan Batik Banyuasin x Jumputan"
    assert cohort.place.startswith("Palembang") and cohort.starts_on.year == 2024
    assert "Dekranasda" in cohort.organisers and "Koperindag" in cohort.organisers
    roles = {role for user in db.session.scalars(select(User)) for role in user.roles}
    assert roles == set(Role)


def test_seed_demo_run_twice_duplicates_nothing(runner, db):
    seed(runner)
    before = [count(db, model) for model in (User, Cohort, Shop, Product, Variant)]
    result = seed(runner)
    assert "0 new record" in result.output
    assert [count(db, model) for model in (User, Cohort, Shop, Product, Variant)] == before
    assert before[:2] == [len(DEMO_ACCOUNTS), 1]


def test_seed_demo_keeps_changes_made_since(runner, db):
    seed(runner)
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.pasarbatik.id"))
    admin.name = "Renamed by hand"
    db.session.commit()
    seed(runner)
    db.session.expire_all()
    assert db.session.get(User, admin.id).name == "Renamed by hand"


def test_one_verified_demo_shop_takes_cash_on_delivery(runner, db):
    seed(runner)
    cod = db.session.scalars(select(Shop).where(Shop.allows_cod)).all()
    assert [shop.name for shop in cod] == ["Jumputan Marlina"]
    assert cod[0].state == ShopState.VERIFIED


def test_demo_accounts_can_log_in(runner, client, db):
    seed(runner)
    # The demo curator has no authenticator app yet: the first login enrols one.
    enrolled = login(client, "kurator@demo.pasarbatik.id", DEMO_PASSWORD)
    assert "Kode pemulihan" in enrolled.get_data(as_text=True)
    assert client.get("/admin/").status_code == 200
    assert "Pelatihan Batik Banyuasin x Jumputan" in client.get("/cohorts").get_data(as_text=True)


def test_the_demo_catalog_looks_alive_with_shops_products_and_photos(runner, client, db):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    states = [shop.state for shop in db.session.scalars(select(Shop))]
    assert states.count(ShopState.VERIFIED) >= 8 and states.count(ShopState.PENDING) >= 1
    assert count(db, Product) >= 60
    assert count(db, ProductImage) == count(db, Product)
    assert all(shop.logo_key and shop.banner_key for shop in db.session.scalars(select(Shop)))
    catalog = client.get("/products").get_data(as_text=True)
    assert "kain" in catalog.lower() and 'loading="lazy"' in catalog
    image = db.session.scalar(select(ProductImage))
    assert client.get(f"/media/{image.thumb_key}").headers["Content-Type"] == "image/jpeg"
    # every photo, logo and banner is stored in its widths as WebP and JPEG, as uploads are
    assert all(variants_of(image.large_key).widths == (240, 480, 960, 1200)
               for image in db.session.scalars(select(ProductImage)))
    shops = db.session.scalars(select(Shop)).all()
    assert all(variants_of(shop.logo_key) and variants_of(shop.banner_key) for shop in shops)
    webp = variants_of(image.large_key).key(480, "webp")
    assert client.get(f"/media/{webp}").headers["Content-Type"] == "image/webp"


def test_seed_demo_scales_the_catalogue_up_to_n_products_in_batches(runner, client, db, monkeypatch):
    monkeypatch.setattr(demo_scale, "BATCH", 40)
    monkeypatch.setattr(demo_scale, "PRODUCTS_PER_SHOP", 30)
    result = seed(runner, "--products", "150")
    assert "Generated 84 product(s)" in result.output
    assert count(db, Product) == 150
    generated = db.session.scalars(select(Product).where(Product.title.like("% No. %"))).all()
    assert len(generated) == 84 and all(product.variants for product in generated)
    assert len({product.shop_id for product in generated}) == 3
    assert all(product.search_document.startswith(product.title) for product in generated)
    public = next(product for product in reversed(generated) if product.is_public)
    found = client.get("/products", query_string={"q": public.title}).get_data(as_text=True)
    assert f"/products/{public.id}" in found


def test_seed_demo_with_products_continues_where_it_stopped_and_never_shrinks(runner, db):
    seed(runner, "--products", "100")
    assert "0 new record" in seed(runner, "--products", "100").output
    assert count(db, Product) == 100
    seed(runner, "--products", "130")
    assert count(db, Product) == 130
    skus = db.session.execute(select(Variant.shop_id, Variant.sku)).all()
    assert len(skus) == len(set(skus))
    assert "Generated 0 product(s)" in seed(runner, "--products", "50").output
    assert count(db, Product) == 130
