"""Uploaded images cannot take a worker's memory, and keep nothing but their pixels (core.media).

A 76 KB PNG of 1 x 39,000,000 pixels passed the pixel limit and took over 1 GB to decode; a
JPEG comment holding a <script> survived re-encoding; a logo was served as uploaded.
"""

import io
import struct
import threading
import zlib

import pytest
from PIL import Image

from core.extensions import db
from tests.conftest import csrf_from, login


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` pixels: its header is all a check may read."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    pixels = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _jpeg(size=(64, 48), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "JPEG", **save)
    return out.getvalue()


@pytest.mark.parametrize(
    ("width", "height", "words"),
    [
        (1, 39_000_000, "at most 12,000 pixels wide and high"),
        (20_000, 10, "at most 12,000 pixels wide and high"),
        (8_000, 100, "too narrow for its length"),
        (7_000, 7_000, "too many pixels"),
    ],
)
def test_an_image_whose_size_cannot_be_decoded_safely_is_refused_from_its_header(app, clean_app, width, height, words):
    from core.media import ImageRejected, store_image

    data = _png_header(width, height)
    assert len(data) < 200
    before = set(app.config["UPLOAD_DIR"].rglob("*"))
    with app.test_request_context("/en/"), pytest.raises(ImageRejected) as refused:
        store_image(data, "products")
    assert words in str(refused.value.message)
    assert set(app.config["UPLOAD_DIR"].rglob("*")) == before  # nothing stored


def test_decoding_waits_its_turn_within_the_memory_budget(app, clean_app):
    from core.media import ImageRejected, MemoryBudget

    budget = MemoryBudget()
    limit = budget.limit()
    with app.test_request_context("/en/"):
        with pytest.raises(ImageRejected) as refused, budget.reserve(limit + 1):
            pass
        assert "too large to process" in str(refused.value.message)

        held, release = threading.Event(), threading.Event()

        def hold():
            with budget.reserve(limit // 2 + 1):
                held.set()
                release.wait(5)

        holder = threading.Thread(target=hold)
        holder.start()
        held.wait(5)
        try:
            # Two at once would go over: the second waits, then gives up.
            with pytest.raises(ImageRejected) as busy, budget.reserve(limit // 2 + 1, wait=0.2):
                pass
            assert "busy with other images" in str(busy.value.message)
        finally:
            release.set()
            holder.join()
        with budget.reserve(limit // 2 + 1, wait=0.2):  # once the first is done, the next goes
            pass


def _exif_make(make: str) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = make
    return exif.tobytes()


@pytest.mark.parametrize(
    ("fmt", "save", "secret"),
    [
        ("JPEG", {"comment": b"<script>alert(1)</script>"}, b"<script>"),
        ("JPEG", {"xmp": b"<x:xmpmeta>CreatorTool SecretCam</x:xmpmeta>"}, b"SecretCam"),
        ("WEBP", {"exif": _exif_make("SecretCam")}, b"SecretCam"),
        ("WEBP", {"exif": b"Exif\x00\x00SecretCam"}, b"SecretCam"),  # EXIF that cannot be read
    ],
)
def test_every_metadata_segment_is_removed(app, clean_app, fmt, save, secret):
    from core.media import store_image
    from core.storage import get_storage

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, fmt, **save)
    assert secret in out.getvalue()
    with app.test_request_context("/en/"):
        stored = store_image(out.getvalue(), "products")
        with get_storage().open(stored.key) as f:
            kept = f.read()
    assert secret not in kept
    assert Image.open(io.BytesIO(kept)).size == (40, 30)


def test_png_text_chunks_and_colour_profiles_are_removed_without_changing_colours(app, clean_app):
    from PIL import ImageCms, PngImagePlugin

    from core.media import store_image
    from core.storage import get_storage

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 200, 30)).save(out, "PNG", pnginfo=info, icc_profile=profile)
    assert b"<script>" in out.getvalue() and b"iCCP" in out.getvalue()
    with app.test_request_context("/en/"):
        stored = store_image(out.getvalue(), "products")
        with get_storage().open(stored.key) as f:
            kept = f.read()
    assert b"<script>" not in kept and b"iCCP" not in kept and b"tEXt" not in kept
    pixel = Image.open(io.BytesIO(kept)).convert("RGB").getpixel((5, 5))
    assert all(abs(a - b) <= 2 for a, b in zip(pixel, (10, 200, 30), strict=True))


def test_a_palette_png_keeps_its_transparency(app, clean_app):
    from core.media import store_image
    from core.storage import get_storage

    image = Image.new("P", (10, 10), 0)
    image.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)
    out = io.BytesIO()
    image.save(out, "PNG", transparency=0)
    with app.test_request_context("/en/"):
        stored = store_image(out.getvalue(), "products")
        with get_storage().open(stored.key) as f:
            kept = Image.open(io.BytesIO(f.read()))
            kept.load()
    assert kept.convert("RGBA").getpixel((1, 1))[3] == 0


def test_a_logo_is_kept_at_the_size_it_is_shown_not_as_uploaded(client, app, make_exhibitor, make_booth):
    from core.organizations.models import Organization
    from core.storage import get_storage
    from marketplace.expo.models import ExhibitorProfile

    owner = make_exhibitor()
    with app.app_context():
        org = db.session.get(Organization, owner.organization_id)
    make_booth(org=org)
    login(client, owner.email)
    page = client.get("/en/account/booth/").get_data(as_text=True)
    token = csrf_from(page)
    response = client.post(
        "/en/account/booth/",
        data={"csrf_token": token, "logo": (io.BytesIO(_jpeg((3000, 2000), quality=40)), "logo.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        profile = db.session.get(ExhibitorProfile, owner.organization_id)
        key = (profile.pending_revision or {}).get("logo_key") or profile.logo_key
        with get_storage().open(key) as f:
            logo = Image.open(io.BytesIO(f.read()))
    assert logo.size == (320, 213)
