"""How the catalog's vocabulary reads to people, in both languages."""

from flask_babel import lazy_gettext as _l

from marketplace.products.models import DyeType, Fabric, ProductStatus, Technique

TECHNIQUE_LABELS = {
    Technique.BATIK_TULIS: _l("Batik tulis (hand-drawn)"),
    Technique.BATIK_CAP: _l("Batik cap (stamped)"),
    Technique.BATIK_KOMBINASI: _l("Batik kombinasi tulis-cap"),
    Technique.JUMPUTAN: _l("Jumputan (tie-dye)"),
    Technique.PRINTED: _l("Printed batik-pattern textile (not batik)"),
}

DYE_TYPE_LABELS = {
    DyeType.NATURAL: _l("Natural dye (pewarna alam)"),
    DyeType.SYNTHETIC: _l("Synthetic dye (sintetis)"),
}

FABRIC_LABELS = {
    Fabric.KATUN_PRIMISSIMA: "Katun primissima",
    Fabric.KATUN_PRIMA: "Katun prima",
    Fabric.KATUN_DOBBY: "Katun dobby",
    Fabric.SUTRA: _l("Silk (sutra)"),
    Fabric.SEMI_SUTRA: _l("Semi-silk (semi sutra)"),
    Fabric.RAYON: "Rayon",
    Fabric.LINEN: "Linen",
}

STATUS_LABELS = {
    ProductStatus.DRAFT: _l("Draft"),
    ProductStatus.ACTIVE: _l("Active"),
    ProductStatus.ARCHIVED: _l("Archived"),
}

#: what a listing does not say yet (models.missing_details), as the artisan reads it
MISSING_LABELS = {
    "photos": _l("Photos"),
    "description": _l("The cloth's story (description)"),
    "dye_source": _l("Dye source"),
    "motif_name": _l("Motif"),
    "size": _l("Size"),
}

#: suggestions offered while typing the dye source; any other source may be written
DYE_SOURCES = {
    DyeType.NATURAL: ("mangrove pedada", "indigo", "soga", "tingi", "jelawe", "secang", "kayu mahoni"),
    DyeType.SYNTHETIC: ("naptol", "remazol", "indigosol"),
}
