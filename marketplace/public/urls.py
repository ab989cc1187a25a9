"""Addresses of public pages and images, built from prefixes kept per language.

Cards and listings link dozens of products and images per page; ``url_for`` for each cost more
than the card. A product's address is its endpoint's prefix (built once per language and
script root with ``url_for``, kept in a cache region) plus ``<id>-<slug>/``; anything that is
not a plain slug goes through ``url_for``.
"""

from __future__ import annotations

import re

from flask import current_app, request, url_for

from core import cache
from i18n import current_lang

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # what core.text.slugify makes: nothing to quote
PREFIXES = cache.region("url_prefixes", max_entries=256)


def _prefix(endpoint: str, sample: dict, tail: str) -> str:
    """The part of ``endpoint``'s URL before its last arguments, for this language and root."""
    lang = current_lang()

    def build() -> str:
        url = url_for(endpoint, lang=lang, **sample)
        if not url.endswith(tail):
            raise RuntimeError(f"{endpoint}: {url!r} does not end with {tail!r}")
        return url[: -len(tail)]

    return PREFIXES.get_or_set((endpoint, lang, request.script_root), build)


def product_prefix() -> str:
    """What a product's address starts with, before ``<id>-<slug>/``."""
    return _prefix("catalog.product", {"product_id": 1, "slug": "x"}, "1-x/")


def booth_prefix() -> str:
    """What a booth's address starts with, before ``<slug>/``."""
    return _prefix("expo.booth", {"slug": "x"}, "x/")


def product_path(product_id: int, slug: str, prefix: str | None = None) -> str:
    """``url_for("catalog.product", product_id=..., slug=...)``; ``prefix``: product_prefix()."""
    if not _SLUG.match(slug or ""):
        return url_for("catalog.product", product_id=product_id, slug=slug)
    return f"{prefix or product_prefix()}{product_id}-{slug}/"


def booth_path(slug: str, prefix: str | None = None) -> str:
    """``url_for("expo.booth", slug=slug)``; ``prefix``: booth_prefix()."""
    if not _SLUG.match(slug or ""):
        return url_for("expo.booth", slug=slug)
    return f"{prefix or booth_prefix()}{slug}/"


def category_path(slug: str) -> str:
    """``url_for("catalog.category", slug=slug)``."""
    if not _SLUG.match(slug or ""):
        return url_for("catalog.category", slug=slug)
    return f"{_prefix('catalog.category', {'slug': 'x'}, 'x/')}{slug}/"


def exhibition_path(slug: str, hall: str | None = None) -> str:
    """``url_for("expo.exhibition", exhibition=slug)``, or its hall's with ``hall``."""
    if not _SLUG.match(slug or "") or (hall is not None and not _SLUG.match(hall)):
        if hall is None:
            return url_for("expo.exhibition", exhibition=slug)
        return url_for("expo.hall", exhibition=slug, hall=hall)
    base = f"{_prefix('expo.exhibition', {'exhibition': 'x'}, 'x/')}{slug}/"
    return base if hall is None else f"{base}{hall}/"


def absolute(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def media_root() -> str:
    return request.script_root + "/media/"


def media_url(key: str) -> str:
    """The core.media URL of a stored file (keys are generated URL-safe)."""
    return media_root() + key


def image_url(image, size: str | None = None, root: str | None = None) -> str:
    """An image's URL, or its thumbnail's of ``size`` pixels ("160", "480", "960") once made;
    ``root``: media_root()."""
    key = dict(image.thumbs or ()).get(size) if size else None
    return (root or media_root()) + (key or image.key)


def srcset(image, root: str | None = None) -> str:
    if not image.thumbs:
        return ""
    root = root or media_root()
    ordered = sorted(dict(image.thumbs).items(), key=lambda item: int(item[0]))
    return ", ".join(f"{root}{key} {size}w" for size, key in ordered)
