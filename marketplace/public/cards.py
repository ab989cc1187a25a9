"""Product and exhibitor cards, rendered once per version and reused.

Listings show the same cards again and again. A card is kept in a cache region under what it
shows: the product's (or profile's) and its organization's ``updated_at``, the language, the
heading level and the script root. An edit or a renamed supplier changes the key, so every
process shows the new card at once; old entries age out of the region's bound.

Cards are the one piece of HTML built in Python rather than in a template: a page of exhibitors
or of a booth's products often has none of its 24 cards rendered yet, and a Jinja render cost
about 75 us a card against about 15 us here. Every value goes through ``escape``; the tests
check the cards' content in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from markupsafe import Markup, escape

from core import cache
from core.organizations import standing
from core.organizations.choices import DISTRICTS
from core.templating import format_money, format_number, locale_name, translations
from i18n import current_lang
from marketplace.catalog.terms import unit_name
from marketplace.public import reads
from marketplace.public.urls import (
    booth_path,
    booth_prefix,
    image_url,
    media_root,
    product_path,
    product_prefix,
    srcset,
)

PRODUCT_CARDS = cache.region("product_cards", max_entries=60_000)
EXHIBITOR_CARDS = cache.region("exhibitor_cards", max_entries=10_000)


@dataclass(frozen=True, slots=True)
class _Context:
    """What every card of a page shares, looked up once: proxies to the request cost a
    microsecond each, and a card needed twenty of them."""

    lang: str
    locale: str
    translations: object
    media: str
    products: str
    booths: str

    def gettext(self, message: str) -> str:  # named so that message extraction finds the calls
        return self.translations.ugettext(message)


def _context() -> _Context:
    return _Context(current_lang(), locale_name(), translations(), media_root(), product_prefix(), booth_prefix())


def _price(product, ctx: _Context) -> str:
    low, high = product.price_min, product.price_max
    if low is None:
        return ctx.gettext("Price negotiable")
    text = format_money(low, product.currency, ctx.locale)
    if high and high != low:
        text += " – " + format_money(high, product.currency, ctx.locale)
    if product.price_negotiable:
        text += " · " + ctx.gettext("negotiable")
    return text


def price_html(product) -> Markup:
    """A product's price as cards and its page show it: a range, "negotiable", or "Price negotiable"."""
    return escape(_price(product, _context()))


def _product_card(product, heading: str, ctx: _Context) -> str:
    """One product card's HTML (a ``ProductCard``); every value escaped."""
    title = product.localized("title", ctx.lang)
    image = product.image
    if image is not None:
        alt = (image.alt_en if ctx.lang == "en" else image.alt_zh) or title.text
        picture = (
            f'<img src="{escape(image_url(image, "480", ctx.media))}" srcset="{escape(srcset(image, ctx.media))}"'
            f' sizes="(max-width: 720px) 90vw, 280px" alt="{escape(alt)}" width="480" height="480"'
            ' loading="lazy" decoding="async">'
        )
    else:
        picture = '<span class="img-placeholder" aria-hidden="true"></span>'
    moq = ""
    if product.moq:
        text = ctx.gettext("MOQ %(n)s %(unit)s")
        text %= {"n": format_number(product.moq, ctx.locale), "unit": unit_name(product.moq_unit, ctx.lang)}
        moq = f'<p class="product-moq">{escape(text)}</p>'
    href = escape(product_path(product.id, product.slug, ctx.products))
    return (
        f'<li class="card product-card"><a class="product-card-link" href="{href}">'
        f'{picture}<{heading} class="product-title">{escape(title)}</{heading}></a>'
        f'<p class="product-price">{escape(_price(product, ctx))}</p>{moq}'
        f'<p class="product-supplier">{escape(product.supplier.localized("name", ctx.lang))}</p></li>'
    )


def _credit_badge(status: str | None, uscc: str, ctx: _Context) -> str:
    """The credit badge as ``credit_badge`` in macros.html makes it: the standing, named as a
    credit record for assistive technology, linking to the public record; nothing without one."""
    if not status or status not in standing.STANDINGS:
        return ""
    name = str(standing.STANDINGS[status])
    label = escape(ctx.gettext("Credit record: %(status)s") % {"status": name})
    url = standing.record_url(uscc)
    css = f"badge credit-{escape(status)}"
    if url is None:
        hidden = f'<span class="visually-hidden">{label}</span>'
        return f' <span class="{css}">{hidden}<span aria-hidden="true">{escape(name)}</span></span>'
    return f' <a class="{css}" href="{escape(url)}" title="{label}" aria-label="{label}">{escape(name)}</a>'


def _exhibitor_card(card, count: int | None, heading: str, ctx: _Context) -> str:
    """One exhibitor card's HTML (an ``ExhibitorCard`` and its count of products, or None)."""
    org = card.organization
    tier = ""
    if card.tier is not None:
        name = card.tier.localized("name", ctx.lang).text
        tier = f' <span class="badge badge-tier badge-{escape(card.tier.code)}">{escape(name)}</span>'
    products = ""
    if card.main_products_zh or card.main_products_en:
        products = f'<p class="org-products">{escape(card.localized("main_products", ctx.lang))}</p>'
    facts = ""
    if org.district:
        district = DISTRICTS.get(org.district, org.district)
        facts += f"<dt>{escape(ctx.gettext('District'))}</dt><dd>{escape(district)}</dd>"
    if count is not None:
        facts += f"<dt>{escape(ctx.gettext('Products'))}</dt><dd>{escape(format_number(count, ctx.locale))}</dd>"
    return (
        f'<li class="card org-card"><{heading} class="org-name"><a href="{escape(booth_path(card.slug, ctx.booths))}">'
        f"{escape(org.localized('name', ctx.lang))}</a></{heading}>"
        f'<p><span class="badge badge-ok">{escape(ctx.gettext("Verified"))}</span>{tier}'
        f"{_credit_badge(org.credit_status, org.uscc, ctx)}</p>{products}"
        f'<dl class="facts facts-compact">{facts}</dl></li>'
    )


def product_cards_html(listed, heading: str = "h3") -> list[Markup]:
    """Cards for (product id, version) pairs, in their order; the missing load in one query."""
    cards: list[Markup | None] = []
    missing: dict[int, int] = {}
    lang, root = current_lang(), request.script_root
    for product_id, version in listed:
        found = PRODUCT_CARDS.get((product_id, version, lang, heading, root))
        if found is None:
            missing[product_id] = len(cards)
        cards.append(found)
    if missing:
        ctx = _context()
        for product in reads.product_cards(missing):
            html = Markup(_product_card(product, heading, ctx))  # noqa: S704 - built from escaped values
            cards[missing[product.id]] = PRODUCT_CARDS.set((product.id, product.version, lang, heading, root), html)
    return [card for card in cards if card is not None]  # a product unpublished in between


def exhibitor_cards_html(listed, heading: str = "h3") -> list[Markup]:
    """Cards for (ExhibitorCard, count of products or None) pairs, in their order."""
    lang, root = current_lang(), request.script_root
    keys = [
        (card.organization_id, card.version, card.tier, card.organization.credit_status, count, lang, heading, root)
        for card, count in listed
    ]
    cards = [EXHIBITOR_CARDS.get(key) for key in keys]
    missing = [i for i, card in enumerate(cards) if card is None]
    ctx = _context() if missing else None
    for i in missing:
        html = Markup(_exhibitor_card(*listed[i], heading, ctx))  # noqa: S704 - built from escaped values
        cards[i] = EXHIBITOR_CARDS.set(keys[i], html)
    return cards
