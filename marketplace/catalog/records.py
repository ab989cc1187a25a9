"""Read-only rows for the busiest public pages, loaded with prebuilt Core statements.

The product page and product cards were mostly ORM work: building the statement with its
loader options, then turning rows into entities. Here one statement per dialect is built once
and each row becomes a ``Record``, which templates read like the model (attributes and
``localized``). On PostgreSQL images come in the same round trip as JSON.
"""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import bindparam, func, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from core.extensions import db
from core.organizations.models import Organization
from i18n import localized
from marketplace.catalog.models import Product, ProductImage
from marketplace.expo.models import ExhibitorProfile, MemberTier


class Record(SimpleNamespace):
    """A page's read-only view of a row: attribute access and ``localized`` like the model."""

    def localized(self, field: str, lang: str):
        return localized(self, field, lang)


def _columns(table, names, prefix=""):
    return [table.c[name].label(prefix + name) for name in names]


_P, _O, _EP, _T, _IMG = (
    Product.__table__,
    Organization.__table__,
    ExhibitorProfile.__table__,
    MemberTier.__table__,
    ProductImage.__table__,
)
PRODUCT_FIELDS = (
    "id", "organization_id", "category_id", "sku", "slug", "status", "original_language",
    "title_zh", "title_en", "description_zh", "description_en", "specs", "moq", "moq_unit",
    "price_min", "price_max", "currency", "price_negotiable", "fob_port", "lead_time_days",
    "hs_code", "certifications",
)  # fmt: skip
CARD_FIELDS = (
    "id", "slug", "original_language", "title_zh", "title_en", "moq", "moq_unit",
    "price_min", "price_max", "currency", "price_negotiable", "updated_at",
)  # fmt: skip
ORG_FIELDS = ("name_zh", "name_en", "original_language", "status", "contact_phone")
PROFILE_FIELDS = ("slug", "tier_code", "public_phone", "public_email")
IMAGE_FIELDS = ("key", "thumbs", "width", "height", "alt_zh", "alt_en")
# Written into the SQL, not sent as parameters: PostgreSQL matches a partial index's
# "status = 'published'" in a prepared statement's reusable (generic) plan only when it sees it.
PUBLISHED, VERIFIED = literal_column("'published'"), literal_column("'verified'")
_STATEMENTS: dict[tuple[str, str], object] = {}


def _images(dialect: str, first_only: bool = False):
    """PostgreSQL: the product's images in gallery order as a JSON array (or the first)."""
    if dialect != "postgresql":
        return literal_column("NULL")  # other databases: _images_by_product() after the row
    pairs = [part for name in IMAGE_FIELDS for part in (literal_column(f"'{name}'"), _IMG.c[name])]
    obj = func.json_build_object(*pairs)
    where = _IMG.c.product_id == _P.c.id
    if first_only:
        return select(obj).where(where).order_by(_IMG.c.position, _IMG.c.id).limit(1).scalar_subquery()
    return select(func.json_agg(aggregate_order_by(obj, _IMG.c.position, _IMG.c.id))).where(where).scalar_subquery()


_IMAGES_BY_PRODUCT = (
    select(_IMG.c.product_id, *_columns(_IMG, IMAGE_FIELDS))
    .where(_IMG.c.product_id.in_(bindparam("ids", expanding=True)))
    .order_by(_IMG.c.product_id, _IMG.c.position, _IMG.c.id)
)


def _images_by_product(conn, ids) -> dict[int, list[dict]]:
    """SQLite (the embedded default) has no ordered JSON aggregate: one more query instead."""
    found: dict[int, list[dict]] = {}
    for row in conn.execute(_IMAGES_BY_PRODUCT, {"ids": list(ids)}).mappings():
        found.setdefault(row["product_id"], []).append({name: row[name] for name in IMAGE_FIELDS})
    return found


def _product_page_statement(dialect: str):
    statement = _STATEMENTS.get(("page", dialect))
    if statement is None:
        statement = _STATEMENTS["page", dialect] = (
            select(
                *_columns(_P, PRODUCT_FIELDS),
                *_columns(_O, ORG_FIELDS, "org_"),
                *_columns(_EP, PROFILE_FIELDS, "profile_"),
                _T.c.name_zh.label("tier_name_zh"),
                _T.c.name_en.label("tier_name_en"),
                _images(dialect).label("images_json"),
            )
            .select_from(
                _P.join(_O, _O.c.id == _P.c.organization_id)
                .outerjoin(_EP, _EP.c.organization_id == _P.c.organization_id)
                .outerjoin(_T, _T.c.code == _EP.c.tier_code)
            )
            .where(_P.c.id == bindparam("pid"))
        )
    return statement


def product_page(product_id: int):
    """(product, organization, profile or None) for the public product page, or None."""
    conn = db.session.connection()
    row = conn.execute(_product_page_statement(conn.dialect.name), {"pid": product_id}).mappings().first()
    if row is None:
        return None
    org = Record(**{name: row["org_" + name] for name in ORG_FIELDS})
    product = Record(
        **{name: row[name] for name in PRODUCT_FIELDS},
        organization=org,
        images=[],
    )
    images = row["images_json"]
    if conn.dialect.name != "postgresql":
        images = _images_by_product(conn, [product_id]).get(product_id)
    product.images = [Record(**img) for img in images or ()]
    profile = None
    if row["profile_slug"] is not None:
        profile = Record(**{name: row["profile_" + name] for name in PROFILE_FIELDS})
        profile.tier = Record(name_zh=row["tier_name_zh"], name_en=row["tier_name_en"])
    return product, org, profile


def _cards_statement(dialect: str):
    statement = _STATEMENTS.get(("cards", dialect))
    if statement is None:
        statement = _STATEMENTS["cards", dialect] = (
            select(
                *_columns(_P, CARD_FIELDS),
                _O.c.name_zh.label("org_name_zh"),
                _O.c.name_en.label("org_name_en"),
                _O.c.original_language.label("org_original_language"),
                _images(dialect, first_only=True).label("image_json"),
            )
            .select_from(_P.join(_O, _O.c.id == _P.c.organization_id))
            .where(
                _P.c.id.in_(bindparam("ids", expanding=True)),
                _P.c.status == PUBLISHED,
                _O.c.status == VERIFIED,
            )
        )
    return statement


def card_products(ids) -> list[Record]:
    """What a product card shows, for the published ones of ``ids`` (in no particular order)."""
    if not ids:
        return []
    conn = db.session.connection()
    rows = conn.execute(_cards_statement(conn.dialect.name), {"ids": list(ids)}).mappings().all()
    others = None if conn.dialect.name == "postgresql" else _images_by_product(conn, [row["id"] for row in rows])
    found = []
    for row in rows:
        image = row["image_json"] if others is None else (others.get(row["id"]) or [None])[0]
        org = Record(
            name_zh=row["org_name_zh"], name_en=row["org_name_en"], original_language=row["org_original_language"]
        )
        product = Record(**{name: row[name] for name in CARD_FIELDS}, organization=org)
        product.images = [Record(**image)] if image else []
        found.append(product)
    return found
