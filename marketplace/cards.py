"""Product cards, rendered once and reused: listings show the same cards again and again.

A card is kept per process for ``TTL_SECONDS`` under (product, its last change, language,
heading level), so an edited product shows its new card at once; a supplier's renamed
organization shows within the TTL. Listing queries still run on every request: this saves
only the rendering, which was most of a category page's time (24 cards, ~0.2 ms each).
"""

from __future__ import annotations

import time

from flask import current_app, render_template, request
from markupsafe import Markup

from i18n import current_lang

TTL_SECONDS = 300
MAX_CARDS = 20_000


def product_card_html(product, heading: str = "h3") -> Markup:
    cache = current_app.extensions.setdefault("tradewindow_cards", {})
    key = (product.id, product.updated_at, current_lang(), heading, request.script_root)
    now = time.monotonic()
    hit = cache.get(key)
    if hit is not None and now - hit[0] < TTL_SECONDS:
        return hit[1]
    if len(cache) >= MAX_CARDS:
        cache.clear()
    html = Markup(render_template("catalog/_product_card.html", product=product, heading=heading))  # noqa: S704
    cache[key] = (now, html)
    return html
