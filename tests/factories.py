from datetime import date, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory

from marketplace.auth.models import AGENCY_ROLES, Role, User
from marketplace.auth.passwords import hash_password
from marketplace.extensions import db, utcnow
from marketplace.products.models import DyeType, Fabric, Product, ProductStatus, Technique, Variant
from marketplace.products.search import index_product
from marketplace.shops.models import Cohort, Shop, ShopState

PASSWORD = "kain-songket-pedada-7"
_PASSWORD_HASH = hash_password(PASSWORD)  # hashing once keeps the suite fast
#: the authenticator app secret of agency users made here (tests.helpers.totp_code reads the user's)
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class _Factory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class UserFactory(_Factory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"pengguna{n}@contoh.id")
    name = factory.Faker("name", locale="id_ID")
    password_hash = _PASSWORD_HASH
    locale = "id"

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        for role in extracted or [Role.CUSTOMER]:
            user.grant(role)
        if create:
            db.session.commit()

    @factory.post_generation
    def second_factor(user, create, extracted, **kwargs):
        """Admins and curators come enrolled, as they are once they have logged in the first time;
        `second_factor=False` makes one who has not, `True` enrols anyone."""
        if extracted is True or (extracted is None and user.has_role(*AGENCY_ROLES)):
            user.totp_secret, user.totp_enabled_at = TOTP_SECRET, utcnow()
            if create:
                db.session.commit()


class CohortFactory(_Factory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Pelatihan Batik Angkatan {n}")
    starts_on = date(2024, 2, 19)
    ends_on = factory.LazyAttribute(lambda cohort: cohort.starts_on + timedelta(days=4))
    place = "Palembang"
    organisers = "Dekranasda Kabupaten Banyuasin"


class ShopFactory(_Factory):
    class Meta:
        model = Shop

    owner = factory.SubFactory(UserFactory, roles=[Role.CUSTOMER, Role.ARTISAN])
    name = factory.Sequence(lambda n: f"Batik Pedada {n}")
    slug = factory.LazyAttribute(lambda shop: shop.name.lower().replace(" ", "-"))
    story = "Saya belajar membatik dari ibu saya di Sungsang, lalu ikut pelatihan Dekranasda pada 2024."
    kecamatan = "Banyuasin II"
    village = "Sungsang"
    whatsapp = "6281234567890"
    state = ShopState.VERIFIED


class ProductFactory(_Factory):
    class Meta:
        model = Product

    shop = factory.SubFactory(ShopFactory)
    title = factory.Sequence(lambda n: f"Kain Batik Tulis Motif Pedada {n}")
    description = "Kain katun dibatik tulis dengan malam dan diwarnai kulit kayu pedada."
    technique = Technique.BATIK_TULIS
    dye_type = DyeType.NATURAL
    dye_source = "mangrove pedada"
    fabric = Fabric.KATUN_PRIMISSIMA
    motif_name = "Bunga Pedada"
    motif_meaning = "Bunga pedada melambangkan ketahanan pesisir Banyuasin."
    weight_grams = 300
    status = ProductStatus.ACTIVE

    @factory.post_generation
    def variants(product, create, extracted, **kwargs):
        """`variants=[(price, stock), ...]`; one variant at Rp 350.000 with 5 in stock by default."""
        for position, (price, stock) in enumerate(extracted or [(350_000, 5)]):
            product.variants.append(Variant(shop_id=product.shop.id, sku=f"P{product.id}-{position}",
                                            name=f"Kain {position + 2} m", price=price,
                                            stock_on_hand=stock, position=position))
        if create:
            db.session.flush()
            index_product(product)
            db.session.commit()
