"""Product images: stored through core.media, thumbnails by a job, reviewed with their product.

An image added to a published product is ``pending``: unseen by the public until staff approve
the product's revision (``publish_pending``), deleted with its files if they return it
(``discard_pending``). Images of a draft go through review with the whole product.
``products.cover`` (the card's picture) follows the first public image on every flush.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session

from core.extensions import db
from core.jobs import enqueue, job
from core.media import ImageRejected, delete_later, store_image as store_file, thumbnails
from marketplace.catalog.models import Product, ProductImage

MAX_IMAGES = 10

__all__ = [
    "MAX_IMAGES",
    "ImageRejected",
    "discard_pending",
    "publish_pending",
    "refresh_cover",
    "remove_image",
    "store_image",
]


def store_image(
    product: Product, data: bytes, original_name: str | None = None, alt_zh=None, alt_en=None, pending=False
) -> ProductImage:
    """Check, clean and store an image for ``product``; thumbnails follow in a job."""
    if len(product.images) >= MAX_IMAGES:
        raise ImageRejected(_l("A product has at most 10 images."))
    stored = store_file(data, "products")
    record = ProductImage(
        product=product,
        key=stored.key,
        position=len(product.images),
        width=stored.width,
        height=stored.height,
        alt_zh=alt_zh,
        alt_en=alt_en,
        original_name=(original_name or "")[:200] or None,
        pending=pending,
    )
    db.session.add(record)
    db.session.flush()
    enqueue("catalog.thumbnails", record.id)
    return record


def publish_pending(product: Product) -> None:
    for image in product.images:
        image.pending = False


def discard_pending(product: Product) -> None:
    for image in [image for image in product.images if image.pending]:
        delete_later([image.key, *(image.thumbs or {}).values()])
        product.images.remove(image)  # delete-orphan: the row goes with the flush
    for position, image in enumerate(product.images):
        image.position = position


def remove_image(product: Product, image: ProductImage) -> None:
    """Take an image off a product (at once: removing needs no review); files go after the commit."""
    delete_later([image.key, *(image.thumbs or {}).values()])
    product.images.remove(image)
    for position, kept in enumerate(product.images):
        kept.position = position


COVER_FIELDS = ("key", "thumbs", "width", "height", "alt_zh", "alt_en")


def refresh_cover(product: Product, gone=(), added=()) -> None:
    """Set ``product.cover`` from its first public image (``gone``: images being deleted,
    ``added``: new images not in ``product.images`` yet)."""
    images = {*product.images, *added} - set(gone)
    public = [image for image in images if not image.pending]
    first = min(public, key=lambda image: (image.position, image.id or 0), default=None)
    cover = {name: getattr(first, name) for name in COVER_FIELDS} if first is not None else None
    if cover != product.cover:
        product.cover = cover


@event.listens_for(Session, "before_flush")
def _keep_covers(session, _flush_context, _instances) -> None:
    """Any image added, changed or deleted through the ORM updates its product's cover."""
    gone = {obj for obj in session.deleted if isinstance(obj, ProductImage)}
    # Taken out of its product's images (delete-orphan removes it during this flush).
    gone |= {obj for obj in session.dirty if isinstance(obj, ProductImage) and obj.product is None}
    touched = {obj for obj in (*session.new, *session.dirty) if isinstance(obj, ProductImage)} | gone
    if not touched:
        return
    with session.no_autoflush:
        products = {}
        for image in touched:
            # An image may name its product by id only (the relationship is not set yet).
            product = image.product or (session.get(Product, image.product_id) if image.product_id else None)
            if product is not None:
                products.setdefault(product, set()).add(image)
        for product, images in products.items():
            refresh_cover(product, gone, added=images - gone)


@job("catalog.thumbnails", label=_l("Product thumbnails"))
def thumbnails_job(image_id: int) -> None:
    record = db.session.get(ProductImage, image_id)
    if record is None or record.thumbs:
        return
    record.thumbs = thumbnails(record.key)
    db.session.commit()  # the cover, and with it the product's version, follows
