"""Uploaded images, for every domain: accepted by content, stored without metadata, thumbnailed.

``store_image(data, prefix, kind)`` opens the upload with Pillow and accepts only JPEG, PNG or
WebP, whatever the file is called. What could not be decoded safely is refused before decoding,
from the header alone: more than ``MAX_IMAGE_BYTES``, a side over ``MAX_SIDE``, a shape
narrower than 1:``MAX_ASPECT`` or more than ``MAX_PIXELS`` pixels (decompression bombs). Decoding
then waits its turn within a per-process ``MemoryBudget`` (``IMAGE_MEMORY_MB``). The stored file
is re-encoded in sRGB without any metadata (EXIF, GPS, comments, XMP, text chunks), and logos,
banners and photos are fitted to the size they are shown at. ``thumbnails(key)`` makes the smaller sizes (run it
from a job). ``delete_later(keys)`` removes files once the transaction that stopped using them
has committed, so a rolled-back change never loses a file still referenced.

Product images, booth logos, banners and gallery photos use this; the portal's attachments and
complaint evidence join them here.
"""

from __future__ import annotations

import io
import threading
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from core.errors import DomainError
from core.jobs import enqueue, job
from core.storage import get_storage

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 12_000  # pixels on either side: a 1 x 39,000,000 PNG is 76 KB and takes gigabytes
MAX_ASPECT = 20  # the long side at most 20 times the short one (a wide banner is 4:1)
# What decoding an image of w x h pixels may take: Pillow keeps up to 4 bytes a pixel, and
# turning, converting and encoding hold up to two more copies.
BYTES_PER_PIXEL = 4 * 3
THUMB_SIZES = (160, 480, 960)
FORMATS = {"JPEG": ("jpg", "JPEG"), "PNG": ("png", "PNG"), "WEBP": ("webp", "WEBP")}
# How a kind of upload is kept: a logo is shown at 96 px, so it is stored fitted in 320 x 320,
# never as uploaded. None keeps the uploaded size (product images get thumbnails by a job).
FITS = {"logo": (320, 320), "banner": (2400, 600), "photo": (1600, 1600), None: None}


class ImageRejected(DomainError):
    default_message = _l("This file is not an image we accept.")


@dataclass(frozen=True)
class StoredImage:
    key: str
    width: int
    height: int


class MemoryBudget:
    """The bytes that images being decoded in this process may hold at once.

    A decode reserves its estimate first and waits (up to ``wait`` seconds) while others hold
    the budget, so four large uploads at once take turns instead of taking 4 GB together.
    """

    def __init__(self):
        self._held = 0
        self._changed = threading.Condition()

    @staticmethod
    def limit() -> int:
        megabytes = current_app.config.get("IMAGE_MEMORY_MB", 512) if has_app_context() else 512
        return int(megabytes) * 1024 * 1024

    @contextmanager
    def reserve(self, nbytes: int, wait: float = 30.0):
        limit = self.limit()
        if nbytes > limit:
            raise ImageRejected(_l("This image is too large to process; upload one of at most 40 megapixels."))
        deadline = time.monotonic() + wait
        with self._changed:
            while self._held + nbytes > limit:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ImageRejected(_l("We are busy with other images. Please try again in a minute."))
                self._changed.wait(left)
            self._held += nbytes
        try:
            yield
        finally:
            with self._changed:
                self._held -= nbytes
                self._changed.notify_all()


budget = MemoryBudget()


def read_upload(upload, limit: int = MAX_IMAGE_BYTES) -> bytes:
    """The bytes of an uploaded file, at most ``limit`` + 1 of them (more means too large)."""
    return upload.stream.read(limit + 1)


def check_size(width: int, height: int) -> None:
    """Refuse, before decoding, an image whose size alone would take too much memory or
    cannot be shown as a picture."""
    if width < 1 or height < 1 or max(width, height) > MAX_SIDE:
        message = _l("An image may be at most %(n)s pixels wide and high; this one is %(w)s × %(h)s.")
        raise ImageRejected(message % {"n": f"{MAX_SIDE:,}", "w": width, "h": height})
    if max(width, height) > MAX_ASPECT * min(width, height):
        message = _l(
            "This image is too narrow for its length (%(w)s × %(h)s); "
            "the long side may be at most %(n)s times the short one."
        )
        raise ImageRejected(message % {"w": width, "h": height, "n": MAX_ASPECT})
    if width * height > MAX_PIXELS:
        raise ImageRejected(_l("This image has too many pixels (at most 40 megapixels)."))


@contextmanager
def decoded(data, fit: tuple[int, int] | None = None):
    """The decoded image of ``data`` (bytes or a file), checked before decoding and decoded
    within the memory budget; ImageRejected with a message for the uploader otherwise.
    ``fit``: only that much is needed, so a JPEG may be decoded at a reduced scale."""
    source = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    failures = (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(source)
    except failures:
        raise ImageRejected(_l("Upload a JPEG, PNG or WebP image.")) from None
    if image.format not in FORMATS:
        raise ImageRejected(_l("Upload a JPEG, PNG or WebP image."))
    check_size(*image.size)
    if fit and image.format == "JPEG":
        image.draft("RGB", fit)  # decodes at 1/2, 1/4 or 1/8 scale when that still covers fit
    width, height = image.size
    with budget.reserve(width * height * BYTES_PER_PIXEL):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image.load()
        except failures:
            raise ImageRejected(_l("Upload a JPEG, PNG or WebP image.")) from None
        yield image


def open_image(data: bytes) -> Image.Image:
    """The decoded image, or ImageRejected with a message for the uploader (for tests and
    callers that keep the image; ``decoded`` releases the memory budget when done)."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRejected(_l("An image may be at most 10 MB."))
    with decoded(data) as image:
        return image


def _srgb(image: Image.Image) -> Image.Image:
    """The image in sRGB, so that dropping its colour profile does not change its colours."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _upright(image: Image.Image) -> Image.Image:
    """The image turned as its EXIF orientation says; as it is when the EXIF cannot be read."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # broken EXIF is the uploader's data, not our failure
        return image.copy()


def encode(image: Image.Image, fmt: str, fit: tuple[int, int] | None = None) -> bytes:
    """The image in ``fmt``, upright, in sRGB, fitted in ``fit`` if given, and without any
    metadata: no EXIF or GPS, no comments, no XMP, no text chunks, no colour profile."""
    out = io.BytesIO()
    image = _srgb(_upright(image))
    if fit:
        image = image.copy() if image.size[0] <= fit[0] and image.size[1] <= fit[1] else ImageOps.contain(image, fit)
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    # Encoders copy some of im.info into the file (a JPEG's comment, a PNG's profile): keep
    # only a palette's transparency, which is the picture, not metadata.
    image.info = {key: value for key, value in image.info.items() if key == "transparency"}
    if fmt == "JPEG":
        image.save(out, fmt, quality=85, optimize=True)
    else:
        image.save(out, fmt)
    return out.getvalue()


def store_image(data: bytes, prefix: str, kind: str | None = None) -> StoredImage:
    """Check, clean and store an uploaded image under ``prefix``; ``kind`` (a key of FITS)
    says the largest size it is kept at."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRejected(_l("An image may be at most 10 MB."))
    fit = FITS[kind]
    with decoded(data, fit) as image:
        ext, fmt = FORMATS[image.format]
        encoded = encode(image, fmt, fit)
    with Image.open(io.BytesIO(encoded)) as stored:
        width, height = stored.size
    key = get_storage().save(io.BytesIO(encoded), prefix, ext)
    return StoredImage(key, width, height)


def thumbnails(key: str) -> dict[str, str]:
    """{"160": key, "480": key, "960": key}: WebP copies of a stored image, fitted in those squares."""
    storage = get_storage()
    largest = max(THUMB_SIZES)
    with storage.open(key) as f, decoded(f, (largest, largest)) as image:
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


@job("media.delete", label=_l("Deleting replaced pictures"))
def delete_files(keys: list[str]) -> None:
    storage = get_storage()
    for key in keys:
        storage.delete(key)
