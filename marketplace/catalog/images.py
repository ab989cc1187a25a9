"""Product images: accepted by content, re-encoded without metadata, thumbnails made by a job.

An upload is opened with Pillow and must be a JPEG, PNG or WebP; files larger than
``MAX_IMAGE_BYTES`` or with more than ``MAX_PIXELS`` pixels (decompression bombs) are
refused before decoding. The stored original is re-encoded, which drops EXIF/GPS metadata.
"""

from __future__ import annotations

import io
import warnings

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import DomainError
from core.extensions import db
from core.jobs import job
from core.storage import get_storage
from marketplace.catalog.models import ProductImage

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_IMAGES = 10
THUMB_SIZES = (160, 480, 960)
FORMATS = {"JPEG": ("jpg", "JPEG"), "PNG": ("png", "PNG"), "WEBP": ("webp", "WEBP")}


class ImageRejected(DomainError):
    default_message = _l("This file is not an image we accept.")


def _open(data: bytes) -> Image.Image:
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRejected(_l("An image may be at most 10 MB."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise ImageRejected(_l("Upload a JPEG, PNG or WebP image."))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageRejected(_l("This image has too many pixels (at most 40 megapixels)."))
            image.load()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ):
        raise ImageRejected(_l("Upload a JPEG, PNG or WebP image.")) from None
    return image


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image = ImageOps.exif_transpose(image)
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    # Saving without exif=/pnginfo= drops the metadata (camera, GPS, comments).
    image.save(out, fmt, quality=85, optimize=True) if fmt == "JPEG" else image.save(out, fmt)
    return out.getvalue()


def store_image(product, data: bytes, original_name: str | None = None, alt_zh=None, alt_en=None) -> ProductImage:
    """Check, clean and store an image for ``product``; thumbnails follow in a job."""
    from core.jobs import enqueue

    if len(product.images) >= MAX_IMAGES:
        raise ImageRejected(_l("A product has at most 10 images."))
    image = _open(data)
    ext, fmt = FORMATS[image.format]
    clean = _encode(image, fmt)
    key = get_storage().save(io.BytesIO(clean), "products", ext)
    record = ProductImage(
        product=product,
        key=key,
        position=len(product.images),
        width=image.width,
        height=image.height,
        alt_zh=alt_zh,
        alt_en=alt_en,
        original_name=(original_name or "")[:200] or None,
    )
    db.session.add(record)
    db.session.flush()
    enqueue("catalog.thumbnails", record.id)
    return record


def make_thumbnails(record: ProductImage) -> None:
    storage = get_storage()
    with storage.open(record.key) as f:
        image = Image.open(f)
        image.load()
    image = image.convert("RGB")
    thumbs = {}
    for size in THUMB_SIZES:
        copy = image.copy()
        copy.thumbnail((size, size))
        out = io.BytesIO()
        copy.save(out, "WEBP", quality=80)
        out.seek(0)
        thumbs[str(size)] = storage.save(out, "thumbs", "webp")
    record.thumbs = thumbs


@job("catalog.thumbnails")
def thumbnails_job(image_id: int) -> None:
    record = db.session.get(ProductImage, image_id)
    if record is None or record.thumbs:
        return
    make_thumbnails(record)
    db.session.commit()
