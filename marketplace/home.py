"""What the expo shows on the site's home page."""

from __future__ import annotations

from sqlalchemy import select

from core.extensions import db
from marketplace import queries
from marketplace.catalog.models import Product
from marketplace.catalog.tree_cache import category_tree
from marketplace.expo.models import Exhibition


def home_section() -> dict:
    exhibitions = list(db.session.scalars(select(Exhibition).order_by(Exhibition.position).limit(4)))
    products = list(
        db.session.scalars(
            queries.published_products().order_by(Product.published_at.desc(), Product.id.desc()).limit(8)
        )
    )
    featured = queries.featured_profiles(6)
    categories = category_tree().children(None)
    return {"exhibitions": exhibitions, "products": products, "featured": featured, "categories": categories}
