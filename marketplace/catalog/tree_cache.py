"""The category tree, held in each process: 79 rows of reference data read on most expo pages.

Pages take breadcrumbs, subcategories and descendants from here instead of joining the
categories table three times per query. The copy is reloaded after ``TTL_SECONDS`` and at
once in the process that changed the tree (``forget()``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from core.extensions import db
from i18n.content import LocalizedText, localized

TTL_SECONDS = 60


@dataclass(frozen=True)
class CategoryNode:
    id: int
    slug: str
    name_zh: str | None
    name_en: str | None
    parent_id: int | None
    depth: int
    position: int
    hs_prefixes: str | None
    original_language: str

    def localized(self, field_name: str, lang: str) -> LocalizedText:
        return localized(self, field_name, lang)


@dataclass
class CategoryTree:
    by_id: dict[int, CategoryNode] = field(default_factory=dict)
    by_slug: dict[str, CategoryNode] = field(default_factory=dict)
    children_of: dict[int | None, list[CategoryNode]] = field(default_factory=dict)
    # What pages derive from the tree alone (breadcrumbs per category and language), kept
    # with it: a reloaded tree starts empty.
    memo: dict = field(default_factory=dict)

    def children(self, category_id: int | None) -> list[CategoryNode]:
        return self.children_of.get(category_id, [])

    def chain(self, category_id: int | None) -> list[CategoryNode]:
        """From the top-level category down to ``category_id``."""
        chain = []
        node = self.by_id.get(category_id) if category_id is not None else None
        while node is not None and len(chain) < 5:
            chain.append(node)
            node = self.by_id.get(node.parent_id) if node.parent_id is not None else None
        return list(reversed(chain))

    def descendants(self, category_id: int) -> list[int]:
        """``category_id`` and every id below it."""
        ids, frontier = [category_id], [category_id]
        while frontier:
            frontier = [child.id for parent in frontier for child in self.children(parent)]
            ids.extend(frontier)
        return ids


def _load() -> CategoryTree:
    from marketplace.catalog.models import Category

    tree = CategoryTree()
    rows = db.session.execute(
        select(
            Category.id,
            Category.slug,
            Category.name_zh,
            Category.name_en,
            Category.parent_id,
            Category.depth,
            Category.position,
            Category.hs_prefixes,
            Category.original_language,
        ).order_by(Category.depth, Category.position, Category.id)
    )
    for row in rows:
        node = CategoryNode(*row)
        tree.by_id[node.id] = node
        tree.by_slug[node.slug] = node
        tree.children_of.setdefault(node.parent_id, []).append(node)
    return tree


def category_tree() -> CategoryTree:
    cached = current_app.extensions.get("tradewindow_categories")
    now = time.monotonic()
    if cached is None or now - cached[0] > TTL_SECONDS:
        cached = (now, _load())
        current_app.extensions["tradewindow_categories"] = cached
    return cached[1]


def forget() -> None:
    current_app.extensions.pop("tradewindow_categories", None)
