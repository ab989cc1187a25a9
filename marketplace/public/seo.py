"""Structured data (JSON-LD) of the public expo pages, from their read models."""

from __future__ import annotations

from flask import url_for

from core.text import plain_excerpt
from marketplace.public.urls import absolute, booth_path, image_url, media_url


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
        "brand": {"@type": "Brand", "name": product.supplier.localized("name", lang).text},
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
            "seller": {"@type": "Organization", "name": product.supplier.localized("name", lang).text},
        }
        if product.moq:
            offer["eligibleQuantity"] = {"@type": "QuantitativeValue", "minValue": product.moq}
        data["offers"] = offer
    return data


def organization_jsonld(booth, lang: str) -> dict:
    org = booth.organization
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": org.localized("name", lang).text,
        "url": absolute(booth_path(booth.slug)),
        "identifier": {"@type": "PropertyValue", "propertyID": "USCC", "value": org.uscc},
        "description": booth.localized("about", lang).text or None,
        "foundingDate": str(booth.year_founded) if booth.year_founded else None,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": org.localized("address", lang).text or None,
            "addressCountry": "CN",
        },
    }
    if booth.logo_key:
        data["logo"] = absolute(media_url(booth.logo_key))
    return {k: v for k, v in data.items() if v}
