"""Read-only rows for the busiest public pages, loaded with prebuilt Core statements.

The product page and product cards were mostly ORM work: building the statement with its
loader options, then turning rows into entities. Here one statement per dialect is built once
and each row becomes a ``Record``, which templates read like the model (attributes and
``localized``). On PostgreSQL images come in the same round trip as JSON.
"""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import Integer, any_, bindparam, func, literal_column, select
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by

from core import reads
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


def _ids_match(dialect: str):
    """``products.id`` in the ``ids`` parameter: one array on PostgreSQL (a prepared statement
    for any number of ids), an expanded IN list elsewhere."""
    if dialect == "postgresql":
        return _P.c.id == any_(bindparam("ids", type_=ARRAY(Integer)))
    return _P.c.id.in_(bindparam("ids", expanding=True))


_IMAGES_BY_PRODUCT = (
    select(_IMG.c.product_id, *_columns(_IMG, IMAGE_FIELDS))
    .where(_IMG.c.product_id.in_(bindparam("ids", expanding=True)))
    .order_by(_IMG.c.product_id, _IMG.c.position, _IMG.c.id)
)


def _images_by_product(ids) -> dict[int, list[dict]]:
    """SQLite (the embedded default) has no ordered JSON aggregate: one more query instead."""
    found: dict[int, list[dict]] = {}
    for row in db.session.connection().execute(_IMAGES_BY_PRODUCT, {"ids": list(ids)}):
        found.setdefault(row[0], []).append(dict(zip(IMAGE_FIELDS, row[1:], strict=True)))
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


_NP, _NO, _NEP = len(PRODUCT_FIELDS), len(ORG_FIELDS), len(PROFILE_FIELDS)


def product_page(product_id: int):
    """(product, organization, profile or None) for the public product page, or None."""
    dialect = db.engine.dialect.name
    row = reads.first(_product_page_statement(dialect), {"pid": product_id})
    if row is None:
        return None
    org = Record(**dict(zip(ORG_FIELDS, row[_NP : _NP + _NO], strict=True)))
    product = Record(**dict(zip(PRODUCT_FIELDS, row[:_NP], strict=True)), organization=org)
    at = _NP + _NO
    images = row[-1] if dialect == "postgresql" else _images_by_product([product_id]).get(product_id)
    product.images = [Record(**img) for img in images or ()]
    profile = None
    if row[at] is not None:  # profile slug
        profile = Record(**dict(zip(PROFILE_FIELDS, row[at : at + _NEP], strict=True)))
        profile.tier = Record(name_zh=row[at + _NEP], name_en=row[at + _NEP + 1])
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
                _ids_match(dialect),
                _P.c.status == PUBLISHED,
                _O.c.status == VERIFIED,
            )
        )
    return statement


_NC = len(CARD_FIELDS)


def card_products(ids) -> list[Record]:
    """What a product card shows, for the published ones of ``ids`` (in no particular order)."""
    if not ids:
        return []
    dialect = db.engine.dialect.name
    rows = reads.rows(_cards_statement(dialect), {"ids": list(ids)})
    others = None if dialect == "postgresql" else _images_by_product([row[0] for row in rows])
    found = []
    for row in rows:
        image = row[-1] if others is None else (others.get(row[0]) or [None])[0]
        org = Record(name_zh=row[_NC], name_en=row[_NC + 1], original_language=row[_NC + 2])
        product = Record(**dict(zip(CARD_FIELDS, row[:_NC], strict=True)), organization=org)
        product.images = [Record(**image)] if image else []
        found.append(product)
    return found
