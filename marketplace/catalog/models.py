"""Categories, products and their images."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Numeric, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core import cache
from core.db import TimestampMixin
from core.extensions import db
from core.imports.records import ImportRecord
from core.organizations.models import Organization
from core.review import STATUS_LABELS, Reviewable
from i18n.content import Multilingual

# A product's status is its review status (core.review): draft, submitted, returned, published, archived.
PRODUCT_STATES = STATUS_LABELS
CURRENCIES = ("USD", "CNY", "EUR")


class Category(Multilingual, db.Model):
    __tablename__ = "categories"
    __multilingual__ = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name_zh: Mapped[str | None] = mapped_column(String(100))
    name_en: Mapped[str | None] = mapped_column(String(100))
    hs_prefixes: Mapped[str | None] = mapped_column(String(200))
    depth: Mapped[int] = mapped_column(default=0)
    position: Mapped[int] = mapped_column(default=0)

    parent: Mapped[Category | None] = relationship(remote_side="Category.id")


class Product(Reviewable, Multilingual, TimestampMixin, db.Model):
    __tablename__ = "products"
    __multilingual__ = ("title", "description", "keywords")
    __table_args__ = (
        UniqueConstraint("organization_id", "sku", name="uq_products_org_sku"),
        Index("ix_products_status_category_published", "status", "category_id", "published_at"),
        Index("ix_products_org_status", "organization_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="SET NULL"))
    sku: Mapped[str | None] = mapped_column(String(64))
    slug: Mapped[str] = mapped_column(String(120), default="")
    title_zh: Mapped[str | None] = mapped_column(String(200))
    title_en: Mapped[str | None] = mapped_column(String(200))
    description_zh: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    keywords_zh: Mapped[str | None] = mapped_column(String(300))
    keywords_en: Mapped[str | None] = mapped_column(String(300))
    specs: Mapped[list | None] = mapped_column(JSON)  # [{"name_zh", "name_en", "value"}]
    moq: Mapped[int | None]
    moq_unit: Mapped[str | None] = mapped_column(String(20))
    price_min: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    price_max: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    price_negotiable: Mapped[bool] = mapped_column(Boolean, default=False)
    fob_port: Mapped[str | None] = mapped_column(String(60))
    lead_time_days: Mapped[int | None]
    hs_code: Mapped[str | None] = mapped_column(String(10))
    certifications: Mapped[str | None] = mapped_column(String(300))
    views: Mapped[int] = mapped_column(default=0)
    # Published, but beyond the member tier's product quota after a downgrade: hidden from the
    # public (visibility.PRODUCT_IS_PUBLIC), kept for the owner, back at once on an upgrade
    # (membership.tiers.apply_quota decides which).
    over_quota: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The card's picture: the first public image as {key, thumbs, width, height, alt_zh, alt_en},
    # NULL without one. Kept in step by catalog.images on every flush that touches an image, so
    # that listings read a card in the product's own row (a subquery per card cost ~30 us).
    cover: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))

    organization: Mapped[Organization] = relationship()
    category: Mapped[Category | None] = relationship()
    images: Mapped[list[ProductImage]] = relationship(
        back_populates="product", order_by="ProductImage.position", cascade="all, delete-orphan"
    )


# Newest published products first (home, category and exhibition pages) without a scan.
Index(
    "ix_products_published_recent",
    Product.published_at.desc(),
    Product.id.desc(),
    postgresql_where=Product.status == "published",
    sqlite_where=Product.status == "published",
)
# A category page: its newest published products without scanning other categories' rows.
Index(
    "ix_products_published_category_recent",
    Product.category_id,
    Product.published_at.desc(),
    Product.id.desc(),
    postgresql_where=Product.status == "published",
    sqlite_where=Product.status == "published",
)
# A booth page: its supplier's newest published products, and their count, from one index range.
Index(
    "ix_products_published_org_recent",
    Product.organization_id,
    Product.published_at.desc(),
    Product.id.desc(),
    postgresql_where=Product.status == "published",
    sqlite_where=Product.status == "published",
)
# Counting a category's published products (pagination, sitemap) from the index alone.
Index(
    "ix_products_published_category",
    Product.category_id,
    Product.organization_id,
    postgresql_where=Product.status == "published",
    sqlite_where=Product.status == "published",
)


class ProductImage(db.Model):
    __tablename__ = "product_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    width: Mapped[int | None]
    height: Mapped[int | None]
    # {"160": key, "480": key, "960": key}, filled by the thumbnail job
    thumbs: Mapped[dict | None] = mapped_column(JSON)
    alt_zh: Mapped[str | None] = mapped_column(String(200))
    alt_en: Mapped[str | None] = mapped_column(String(200))
    original_name: Mapped[str | None] = mapped_column(String(200))
    # Added to a published product: waits for the review of the product's revision, unseen.
    pending: Mapped[bool] = mapped_column(Boolean, default=False)

    product: Mapped[Product] = relationship(back_populates="images")


# Cached public reads that depend on these rows forget them when this process writes one.
cache.track(Category, "category")
cache.track(Product, "product")


class CatalogImport(ImportRecord, TimestampMixin, db.Model):
    """One bulk upload of a spreadsheet (and optional ZIP of images): progress, counts, errors
    (the columns every import has come from core.imports.records.ImportRecord)."""

    __tablename__ = "catalog_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    zip_key: Mapped[str | None] = mapped_column(String(200))
    created_count: Mapped[int] = mapped_column(default=0)
    updated_count: Mapped[int] = mapped_column(default=0)
    unchanged_count: Mapped[int] = mapped_column(default=0)
