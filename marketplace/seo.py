"""Structured data (JSON-LD) and image helpers for the expo's public pages."""

from __future__ import annotations

import re

from flask import current_app, request, url_for

from core.text import plain_excerpt
from i18n import current_lang

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # what text.slugify makes: nothing to quote
_PREFIXES: dict[tuple, str] = {}


def _prefix(endpoint: str, sample: dict, tail: str) -> str:
    """The part of ``endpoint``'s URL before its last arguments, built once per language and root."""
    lang = current_lang()
    key = (endpoint, lang, request.script_root)
    prefix = _PREFIXES.get(key)
    if prefix is None:
        url = url_for(endpoint, lang=lang, **sample)
        if not url.endswith(tail):
            raise RuntimeError(f"{endpoint}: {url!r} does not end with {tail!r}")
        prefix = _PREFIXES[key] = url[: -len(tail)]
    return prefix


def product_path(product_id: int, slug: str) -> str:
    """``url_for("catalog.product", ...)`` without building it: cards and pages link many."""
    if not _SLUG.match(slug or ""):
        return url_for("catalog.product", product_id=product_id, slug=slug)
    return f"{_prefix('catalog.product', {'product_id': 1, 'slug': 'x'}, '1-x/')}{product_id}-{slug}/"


def booth_path(slug: str) -> str:
    """``url_for("expo.booth", slug=slug)`` without building it."""
    if not _SLUG.match(slug or ""):
        return url_for("expo.booth", slug=slug)
    return f"{_prefix('expo.booth', {'slug': 'x'}, 'x/')}{slug}/"


def absolute(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def media_url(key: str) -> str:
    """The core.media URL of a key, without a url_for per image (keys are generated URL-safe)."""
    return request.script_root + "/media/" + key


def image_url(image, size: str | None = None) -> str:
    key = (image.thumbs or {}).get(size) if size else None
    return media_url(key or image.key)


def srcset(image) -> str:
    if not image.thumbs:
        return ""
    ordered = sorted(image.thumbs.items(), key=lambda item: int(item[0]))
    return ", ".join(f"{media_url(key)} {size}w" for size, key in ordered)


def breadcrumb_jsonld(items: list[tuple[str, str]]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i + 1, "name": name, "item": absolute(path)}
            for i, (name, path) in enumerate(items)
        ],
    }


def product_jsonld(product, lang: str, url: str | None = None, excerpt: str | None = None, category=None) -> dict:
    """``url`` and ``excerpt`` may be handed in by a view that already computed them."""
    title = product.localized("title", lang).text
    if excerpt is None:
        excerpt = plain_excerpt(product.localized("description", lang).text, 500)
    url = url or url_for("catalog.product", product_id=product.id, slug=product.slug, lang=lang)
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": title,
        "description": excerpt or title,
        "sku": product.sku or str(product.id),
        "url": absolute(url),
        "brand": {"@type": "Brand", "name": product.organization.localized("name", lang).text},
        "image": [absolute(image_url(img)) for img in product.images],
    }
    if category is not None:
        data["category"] = category.localized("name", lang).text
    if product.price_min is not None:
        offer = {
            "@type": "AggregateOffer",
            "priceCurrency": product.currency,
            "lowPrice": str(product.price_min),
            "highPrice": str(product.price_max or product.price_min),
            "availability": "https://schema.org/InStock",
            "seller": {"@type": "Organization", "name": product.organization.localized("name", lang).text},
        }
        if product.moq:
            offer["eligibleQuantity"] = {"@type": "QuantitativeValue", "minValue": product.moq}
        data["offers"] = offer
    return data


def organization_jsonld(profile, org, lang: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": org.localized("name", lang).text,
        "url": absolute(url_for("expo.booth", slug=profile.slug, lang=lang)),
        "identifier": {"@type": "PropertyValue", "propertyID": "USCC", "value": org.uscc},
        "description": profile.localized("about", lang).text or None,
        "foundingDate": str(profile.year_founded) if profile.year_founded else None,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": org.localized("address", lang).text or None,
            "addressCountry": "CN",
        },
    }
    if profile.logo_key:
        data["logo"] = absolute(url_for("core.media", key=profile.logo_key))
    return {k: v for k, v in data.items() if v}
