"""Product and exhibitor cards, rendered once per version and reused.

Listings show the same cards again and again. A card is kept in a cache region under what it
shows: the product's (or profile's) and its organization's ``updated_at``, the language, the
heading level and the script root. An edit or a renamed supplier changes the key, so every
process shows the new card at once; old entries age out of the region's bound.
"""

from __future__ import annotations

from flask import current_app, request
from markupsafe import Markup

from core import cache
from i18n import current_lang
from marketplace.public import reads

PRODUCT_CARDS = cache.region("product_cards", max_entries=60_000)
EXHIBITOR_CARDS = cache.region("exhibitor_cards", max_entries=10_000)


def _render(template: str, **context) -> Markup:
    # Straight from Jinja: a card needs no context processors (it reads only globals).
    html = current_app.jinja_env.get_template(template).render(**context)
    return Markup(html)  # noqa: S704 - an autoescaped template


def product_card_html(card, heading: str = "h3") -> Markup:
    key = (card.id, card.version, current_lang(), heading, request.script_root)
    found = PRODUCT_CARDS.get(key)
    if found is None:
        found = PRODUCT_CARDS.set(key, _render("catalog/_product_card.html", product=card, heading=heading))
    return found


def product_cards_html(listed, heading: str = "h3") -> list[Markup]:
    """Cards for (product id, version) pairs, in their order; the missing load in one query."""
    lang, root = current_lang(), request.script_root
    cards: list[Markup | None] = []
    missing: dict[int, int] = {}
    for product_id, version in listed:
        found = PRODUCT_CARDS.get((product_id, version, lang, heading, root))
        if found is None:
            missing[product_id] = len(cards)
        cards.append(found)
    for card in reads.product_cards(missing):
        cards[missing[card.id]] = product_card_html(card, heading)
    return [card for card in cards if card is not None]  # a product unpublished in between


def exhibitor_card_html(card, count: int | None = None, heading: str = "h3") -> Markup:
    """An exhibitor's card; ``count`` (its public products) is shown when given."""
    key = (card.organization_id, card.version, card.tier, count, current_lang(), heading, request.script_root)
    found = EXHIBITOR_CARDS.get(key)
    if found is None:
        html = _render("expo/_exhibitor_card.html", card=card, count=count, heading=heading)
        found = EXHIBITOR_CARDS.set(key, html)
    return found
