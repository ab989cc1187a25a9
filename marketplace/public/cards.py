"""Product and exhibitor cards, rendered once per version and reused.

Listings show the same cards again and again. A card is kept in a cache region under what it
shows: the product's (or profile's) and its organization's ``updated_at``, the language, the
heading level and the script root. An edit or a renamed supplier changes the key, so every
process shows the new card at once; old entries age out of the region's bound. The cards a
page lacks are rendered together, in one pass of their template (a render per card cost a
third more), and cut apart at the end marker each one carries.
"""

from __future__ import annotations

from flask import current_app, request
from flask_babel import gettext as _
from markupsafe import Markup, escape

from core import cache
from core.templating import format_money
from i18n import current_lang
from marketplace.public import reads

PRODUCT_CARDS = cache.region("product_cards", max_entries=60_000)
EXHIBITOR_CARDS = cache.region("exhibitor_cards", max_entries=10_000)
END = Markup("<!--/card-->")  # no card's text can hold it: its values are escaped


def price_html(product) -> Markup:
    """A product's price as cards and its page show it: a range, "negotiable", or "Price negotiable"."""
    low, high = product.price_min, product.price_max
    if low is None:
        return escape(_("Price negotiable"))
    text = format_money(low, product.currency)
    if high and high != low:
        text += " – " + format_money(high, product.currency)
    if product.price_negotiable:
        text += " · " + _("negotiable")
    return escape(text)


def _render(template: str, **context) -> list[Markup]:
    # Straight from Jinja: cards need no context processors (they read only globals).
    html = current_app.jinja_env.get_template(template).render(end=END, **context)
    return [Markup(part) for part in html.split(END)[:-1]]  # noqa: S704 - an autoescaped template


def _product_key(product_id, version, heading) -> tuple:
    return (product_id, version, current_lang(), heading, request.script_root)


def product_cards_html(listed, heading: str = "h3") -> list[Markup]:
    """Cards for (product id, version) pairs, in their order; the missing load in one query."""
    cards: list[Markup | None] = []
    missing: dict[int, int] = {}
    for product_id, version in listed:
        found = PRODUCT_CARDS.get(_product_key(product_id, version, heading))
        if found is None:
            missing[product_id] = len(cards)
        cards.append(found)
    if missing:
        loaded = reads.product_cards(missing)
        rendered = _render("catalog/_product_cards.html", products=loaded, heading=heading)
        for product, html in zip(loaded, rendered, strict=True):
            cards[missing[product.id]] = PRODUCT_CARDS.set(_product_key(product.id, product.version, heading), html)
    return [card for card in cards if card is not None]  # a product unpublished in between


def exhibitor_cards_html(listed, heading: str = "h3") -> list[Markup]:
    """Cards for (ExhibitorCard, count of products or None) pairs, in their order."""
    lang, root = current_lang(), request.script_root
    keys = [(card.organization_id, card.version, card.tier, count, lang, heading, root) for card, count in listed]
    cards = [EXHIBITOR_CARDS.get(key) for key in keys]
    missing = [i for i, card in enumerate(cards) if card is None]
    if missing:
        rendered = _render("expo/_exhibitor_cards.html", cards=[listed[i] for i in missing], heading=heading)
        for i, html in zip(missing, rendered, strict=True):
            cards[i] = EXHIBITOR_CARDS.set(keys[i], html)
    return cards
