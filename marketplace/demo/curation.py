"""The demo's curation: a few featured products and the launch collection, added once. Whether the
collection exists decides, so a curator's later changes to either are never undone."""

from datetime import UTC, datetime
from io import BytesIO

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from marketplace.auth.models import User
from marketplace.curation import collections, services
from marketplace.curation.models import Collection
from marketplace.demo.images import render_banner
from marketplace.extensions import db
from marketplace.products.models import Product

CURATOR_EMAIL = "kurator@demo.pasarbatik.id"
FEATURED_TITLES = [
    "Kain Batik Tulis Pedada Sungsang, Pewarna Alami Mangrove",
    "Kain Jumputan Pelangi Sutra Palembang",
    "Kain Batik Tulis Secang Burung Hong",
    "Kain Batik Cap Daun Nipah Hijau",
]
LAUNCH = collections.CollectionDetails(
    slug="batik-banyuasin-x-jumputan",
    title_id="Batik Banyuasin x Jumputan",
    title_en="Batik Banyuasin x Jumputan",
    description_id=(
        "Koleksi peluncuran dari para perajin lulusan Pelatihan Batik Banyuasin x Jumputan: batik "
        "tulis dan cap bermotif pedada, nipah dan Sungai Musi, berdampingan dengan kain jumputan "
        "ikat celup yang cerah.\n\nBanyak kain diwarnai dengan pewarna alam seperti kulit kayu "
        "pedada, secang dan indigo."),
    description_en=(
        "The launch collection from the artisans of the Batik Banyuasin x Jumputan training: hand-"
        "drawn and stamped batik with pedada, nipah palm and Musi river motifs, side by side with "
        "bright tie-dyed jumputan.\n\nMuch of the cloth is coloured with natural dyes such as pedada "
        "mangrove bark, sappanwood and indigo."),
    publish_from=datetime(2024, 3, 1, tzinfo=UTC),
)
COLLECTION_TITLES = [
    "Kain Batik Tulis Pedada Sungsang, Pewarna Alami Mangrove",
    "Kain Jumputan Kembang Tabur Hijau, Katun",
    "Kain Batik Cap Bunga Tanjung Merah",
    "Kain Jumputan Secang Kembang Tabur",
    "Kain Batik Tulis Kerang Muara, Pedada Tawas",
    "Selendang Jumputan Bintik Tujuh, Semi Sutra",
]
PALETTE = ["#7a3b1d", "#e8c07a", "#2f4858", "#c44536"]


def seed(with_images: bool) -> int:
    """Returns how many records were created: the collection and its featured products."""
    if db.session.scalar(select(Collection.id).where(Collection.slug == LAUNCH.slug)):
        return 0
    curator = db.session.scalar(select(User).where(User.email == CURATOR_EMAIL))
    collection = collections.create_collection(curator, LAUNCH, _ids(COLLECTION_TITLES))
    if with_images:
        cover = FileStorage(BytesIO(render_banner("tumpal", PALETTE, 2024)), "sampul.jpg")
        collections.set_collection_cover(curator, collection, cover)
    featured = services.replace_featured(curator, [services.FeatureEntry(product_id)
                                                   for product_id in _ids(FEATURED_TITLES)])
    return 1 + len(featured)


def _ids(titles: list[str]) -> list[int]:
    found = dict(db.session.execute(select(Product.title, Product.id).where(Product.title.in_(titles))).all())
    return [found[title] for title in titles if title in found]
