"""Product images: stored through core.media, thumbnails by a job, reviewed with their product.

An image added to a published product is ``pending``: unseen by the public until staff approve
the product's revision (``publish_pending``), deleted with its files if they return it
(``discard_pending``). Images of a draft go through review with the whole product.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.db import utcnow
from core.extensions import db
from core.jobs import enqueue, job
from core.media import ImageRejected, delete_later, store_image as store_file, thumbnails
from marketplace.catalog.models import Product, ProductImage

MAX_IMAGES = 10

__all__ = ["MAX_IMAGES", "ImageRejected", "discard_pending", "publish_pending", "remove_image", "store_image"]


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
    product.updated_at = utcnow()  # cards show the first image


@job("catalog.thumbnails")
def thumbnails_job(image_id: int) -> None:
    record = db.session.get(ProductImage, image_id)
    if record is None or record.thumbs:
        return
    record.thumbs = thumbnails(record.key)
    # A card shows the first image's thumbnails: the product's version changes with them.
    db.session.execute(
        Product.__table__.update().where(Product.__table__.c.id == record.product_id).values(updated_at=utcnow())
    )
    db.session.commit()
