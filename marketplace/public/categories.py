"""The category tree and the public product totals per category, held per process.

The tree (79 rows of reference data, read on most expo pages) gives breadcrumbs,
subcategories and descendants without joining the categories table into every query. The
totals come from one GROUP BY over the public products. Both live in cache regions: a write of
a category, product or organization in this process drops them at once, other processes reload
them within the regions' TTL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from core import cache
from core.extensions import db
from i18n import Localizable, LocalizedText
from marketplace.catalog.models import Category
from marketplace.public.visibility import PRODUCTS, public_products

TREE = cache.region("category_tree", max_entries=1, ttl=60, depends_on=("category",))
COUNTS = cache.region("category_counts", max_entries=1, ttl=120, depends_on=("category", "product", "organization"))


@dataclass(frozen=True, slots=True)
class CategoryNode(Localizable):
    id: int
    slug: str
    name_zh: str | None
    name_en: str | None
    parent_id: int | None
    depth: int
    position: int
    hs_prefixes: str | None
    original_language: str


@dataclass
class CategoryTree:
    by_id: dict[int, CategoryNode] = field(default_factory=dict)
    by_slug: dict[str, CategoryNode] = field(default_factory=dict)
    children_of: dict[int | None, list[CategoryNode]] = field(default_factory=dict)
    # What pages derive from the tree alone (breadcrumbs per category and language), kept with
    # it: a reloaded tree starts empty.
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

    def remember(self, key, build):
        """``build()`` once per tree: breadcrumbs, links and other things made from it alone."""
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = build()
        return found


_TREE_COLUMNS = (
    Category.id,
    Category.slug,
    Category.name_zh,
    Category.name_en,
    Category.parent_id,
    Category.depth,
    Category.position,
    Category.hs_prefixes,
    Category.original_language,
)


def _load_tree() -> CategoryTree:
    tree = CategoryTree()
    rows = db.session.execute(select(*_TREE_COLUMNS).order_by(Category.depth, Category.position, Category.id))
    for row in rows:
        node = CategoryNode(*row)
        tree.by_id[node.id] = node
        tree.by_slug[node.slug] = node
        tree.children_of.setdefault(node.parent_id, []).append(node)
    return tree


def category_tree() -> CategoryTree:
    return TREE.get_or_set("tree", _load_tree)


def category_choices(lang: str, first: str) -> list[tuple[str, str]]:
    """(slug, name indented by depth) of every category in tree order, after ("", ``first``):
    a form's category list."""
    tree = category_tree()
    choices = [("", first)]

    def walk(parent_id, depth):
        for node in tree.children(parent_id):
            choices.append((node.slug, "\u00a0\u00a0" * depth + node.localized("name", lang).text))
            walk(node.id, depth + 1)

    walk(None, 0)
    return choices


def child_links(tree: CategoryTree, parent_id: int | None, lang: str) -> tuple[tuple[LocalizedText, str], ...]:
    """(name, address) of a category's children (the top level for None), built once per tree,
    language and script root: the home page and every category page show such chips."""
    from flask import request

    from marketplace.public.urls import category_path

    return tree.remember(
        ("children", parent_id, lang, request.script_root),
        lambda: tuple((child.localized("name", lang), category_path(child.slug)) for child in tree.children(parent_id)),
    )


_COUNTS = public_products(PRODUCTS.c.category_id, func.count()).group_by(PRODUCTS.c.category_id)


def category_counts() -> dict[int | None, int]:
    return COUNTS.get_or_set("counts", lambda: dict(db.session.execute(_COUNTS).all()))


def total(category_ids) -> int:
    """Public products in these categories (a category and its descendants, say)."""
    counts = category_counts()
    return sum(counts.get(category_id, 0) for category_id in category_ids)
