"""Uploaded images, for every domain: accepted by content, stored without metadata, thumbnailed.

``store_image(data, prefix)`` opens the upload with Pillow and accepts only JPEG, PNG or WebP,
whatever the file is called; files larger than ``MAX_IMAGE_BYTES`` or with more than
``MAX_PIXELS`` pixels (decompression bombs) are refused before decoding. The stored file is
re-encoded, which drops EXIF/GPS metadata. ``thumbnails(key)`` makes the smaller sizes (run it
from a job). ``delete_later(keys)`` removes files once the transaction that stopped using them
has committed, so a rolled-back change never loses a file still referenced.

Product images, booth logos, banners and gallery photos use this; the portal's attachments and
complaint evidence join them here.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import DomainError
from core.jobs import enqueue, job
from core.storage import get_storage

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
THUMB_SIZES = (160, 480, 960)
FORMATS = {"JPEG": ("jpg", "JPEG"), "PNG": ("png", "PNG"), "WEBP": ("webp", "WEBP")}


class ImageRejected(DomainError):
    default_message = _l("This file is not an image we accept.")


@dataclass(frozen=True)
class StoredImage:
    key: str
    width: int
    height: int


def read_upload(upload, limit: int = MAX_IMAGE_BYTES) -> bytes:
    """The bytes of an uploaded file, at most ``limit`` + 1 of them (more means too large)."""
    return upload.stream.read(limit + 1)


def open_image(data: bytes) -> Image.Image:
    """The decoded image, or ImageRejected with a message for the uploader."""
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


def encode(image: Image.Image, fmt: str) -> bytes:
    """The image in ``fmt``, upright, without metadata (camera, GPS, comments)."""
    out = io.BytesIO()
    image = ImageOps.exif_transpose(image)
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    # Saving without exif=/pnginfo= drops the metadata.
    image.save(out, fmt, quality=85, optimize=True) if fmt == "JPEG" else image.save(out, fmt)
    return out.getvalue()


def store_image(data: bytes, prefix: str) -> StoredImage:
    """Check, clean and store an uploaded image under ``prefix``."""
    image = open_image(data)
    ext, fmt = FORMATS[image.format]
    key = get_storage().save(io.BytesIO(encode(image, fmt)), prefix, ext)
    return StoredImage(key, image.width, image.height)


def thumbnails(key: str) -> dict[str, str]:
    """{"160": key, "480": key, "960": key}: WebP copies of a stored image, fitted in those squares."""
    storage = get_storage()
    with storage.open(key) as f:
        image = Image.open(f)
        image.load()
    image = image.convert("RGB")
    made = {}
    for size in THUMB_SIZES:
        copy = image.copy()
        copy.thumbnail((size, size))
        out = io.BytesIO()
        copy.save(out, "WEBP", quality=80)
        out.seek(0)
        made[str(size)] = storage.save(out, "thumbs", "webp")
    return made


def delete_later(keys) -> None:
    """Remove these stored files after the current transaction commits (nothing if it rolls back)."""
    keys = sorted({key for key in keys if key})
    if keys:
        enqueue("media.delete", keys)


@job("media.delete")
def delete_files(keys: list[str]) -> None:
    storage = get_storage()
    for key in keys:
        storage.delete(key)
