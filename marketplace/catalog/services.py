"""Catalog rules as plain functions: validate, create, edit, submit, review (core.review), archive.

``clean_product`` is shared by the product form and the bulk import, so a row in a
spreadsheet and a form post obey the same rules and give the same messages.
"""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core import access, inputs, review
from core.db import unique_error
from core.errors import DomainError, Forbidden, NotFound
from core.extensions import db
from core.review import ReviewKind, ReviewStatus
from core.text import TextProblem, plain_text, sanitize_html, slugify
from i18n import current_lang
from marketplace.catalog import terms
from marketplace.catalog.models import CURRENCIES, Category, Product
from marketplace.membership.services import check_quota

TEXT_LIMITS = {
    "sku": 64,
    "title_zh": 200,
    "title_en": 200,
    "keywords_zh": 300,
    "keywords_en": 300,
    "certifications": 300,
}
_MULTILINE = {"keywords_zh", "keywords_en", "certifications"}  # spreadsheet cells may hold lists in lines
DESCRIPTION_LIMIT = 20_000
MAX_SPECS = 30
_SPEC = re.compile(r"\s*([^:：=]+?)\s*[:：=]\s*(.+?)\s*$", re.S)
EDITABLE_FIELDS = (
    "sku",
    "title_zh",
    "title_en",
    "description_zh",
    "description_en",
    "keywords_zh",
    "keywords_en",
    "category_id",
    "specs",
    "moq",
    "moq_unit",
    "price_min",
    "price_max",
    "currency",
    "price_negotiable",
    "fob_port",
    "lead_time_days",
    "hs_code",
    "certifications",
    "original_language",
)


class ProductErrors(DomainError):
    """Several field errors at once: ``errors`` is a list of (field, message)."""

    def __init__(self, errors):
        super().__init__(errors[0][1], field=errors[0][0])
        self.errors = errors


def _term(raw, field, errors, code_of, choices, message):
    """The code of a listed term (an order unit, a port) that a form or a file names by its
    code or its name in either language; a name not on the list is refused with the list."""
    value = raw.get(field)
    if value in (None, ""):
        return None
    try:
        value = plain_text(str(value)[:100])
    except TextProblem as problem:
        errors.append((field, problem.message))
        return None
    code = code_of(value)
    if code is None:
        names = ", ".join(name for _code, name in choices(current_lang()))
        errors.append((field, message % {"list": names}))
    return code


def _text(raw, field, errors, required=False):
    return inputs.Fields(raw, errors).text(
        field, TEXT_LIMITS.get(field), required=required, identifier=field == "sku", multiline=field in _MULTILINE
    )


def _int(raw, field, errors, low=0, high=10**9):
    return inputs.Fields(raw, errors).whole(field, low, high)


def _money(raw, field, errors):
    return inputs.Fields(raw, errors).money(field)


def _bool(value) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "y", "on", "是", "x", "✓"}


def parse_specs(text: str | None, errors: list, field: str = "specs") -> list | None:
    """``Material: steel; Power: 2 kW`` (or one per line) → [{"name", "value"}]."""
    if not text or not str(text).strip():
        return None
    specs = []
    for part in re.split(r"[;\n；]", str(text)):
        if not part.strip():
            continue
        match = _SPEC.match(part)
        if not match:
            errors.append((field, _l("Write specifications as name: value; name: value.")))
            return None
        name, value = match.groups()
        if len(name.strip()) > 60 or len(value.strip()) > 200 or "<" in part or ">" in part:
            errors.append((field, _l("A specification name has at most 60 characters, a value 200, without < or >.")))
            return None
        specs.append({"name": name.strip(), "value": value.strip()})
    if len(specs) > MAX_SPECS:
        errors.append((field, _l("At most %(n)s specifications.", n=MAX_SPECS)))
        return None
    return specs or None


def format_specs(specs: list | None) -> str:
    return "; ".join(f"{s['name']}: {s['value']}" for s in specs or [])


def clean_hs_code(value, errors, field="hs_code"):
    if value is None or str(value).strip() == "":
        return None
    # Full-width digits (a Chinese input method) are read as 0-9; other scripts' digits are not
    # an HS code a customs form accepts.
    digits = re.sub(r"[\s.]", "", inputs.halfwidth(str(value)[:80]))
    if not re.fullmatch(r"[0-9]{6}|[0-9]{8}|[0-9]{10}", digits):
        errors.append((field, _l("An HS code has 6, 8 or 10 digits, like 8481.80 or 84818090.")))
        return None
    return digits


def find_category(value) -> Category | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        value = plain_text(str(value)[:200])  # nothing a slug cannot hold reaches the query
    except TextProblem:
        return None
    if value.isdigit():
        category_id = inputs.record_id(value)
        return db.session.get(Category, category_id) if category_id else None
    return db.session.scalar(select(Category).where(Category.slug == value.lower()))


def clean_product(raw: dict) -> tuple[dict, list]:
    """Validate one product's fields (from a form or a spreadsheet row). Returns (clean, errors)."""
    errors: list = []
    clean = {field: _text(raw, field, errors) for field in TEXT_LIMITS}
    if not clean["title_zh"] and not clean["title_en"] and not any(f == "title_zh" for f, _m in errors):
        errors.append(("title_zh", _l("Give the product's title in Chinese or in English.")))
    for field in ("description_zh", "description_en"):
        value = raw.get(field)
        clean[field] = None
        if value and len(str(value)) > DESCRIPTION_LIMIT:
            errors.append((field, _l("At most %(n)s characters.", n=DESCRIPTION_LIMIT)))
        elif value:
            try:  # rich text: markup is sanitized, but nothing invisible or ambiguous is kept
                clean[field] = sanitize_html(plain_text(value, multiline=True, markup=True))
            except TextProblem as problem:
                errors.append((field, problem.message))
    category = find_category(raw.get("category") if raw.get("category") is not None else raw.get("category_id"))
    if category is None:
        errors.append(("category", _l("Choose a category from the list.")))
    clean["category_id"] = category.id if category else None
    clean["moq"] = _int(raw, "moq", errors, low=1)
    clean["moq_unit"] = _term(raw, "moq_unit", errors, terms.unit_code, terms.unit_choices,
                              _l("Choose an order unit from the list: %(list)s."))  # fmt: skip
    clean["fob_port"] = _term(raw, "fob_port", errors, terms.port_code, terms.port_choices,
                              _l("Choose a port from the list: %(list)s."))  # fmt: skip
    clean["lead_time_days"] = _int(raw, "lead_time_days", errors, low=0, high=365)
    clean["price_min"] = _money(raw, "price_min", errors)
    clean["price_max"] = _money(raw, "price_max", errors)
    if clean["price_min"] is not None and clean["price_max"] is not None and clean["price_max"] < clean["price_min"]:
        errors.append(("price_max", _l("The highest price is lower than the lowest.")))
    if clean["price_min"] is None and clean["price_max"] is not None:
        clean["price_min"] = clean["price_max"]
    currency = str(raw.get("currency") or "USD").strip().upper()
    if currency not in CURRENCIES:
        errors.append(("currency", _l("Choose a currency: %(list)s.", list=", ".join(CURRENCIES))))
    clean["currency"] = currency
    clean["price_negotiable"] = _bool(raw.get("price_negotiable")) or (
        clean["price_min"] is None and clean["price_max"] is None
    )
    clean["hs_code"] = clean_hs_code(raw.get("hs_code"), errors)
    clean["specs"] = parse_specs(raw.get("specs"), errors)
    clean["original_language"] = "zh" if clean.get("title_zh") else "en"
    return clean, errors


# ---------------------------------------------------------------- lifecycle (core.review)
def product_for_org(product_id: int, organization_id: int) -> Product:
    """The one place that checks a product belongs to the acting organization."""
    product = db.session.get(Product, product_id)
    if product is None:
        raise NotFound()
    if product.organization_id != organization_id:
        raise Forbidden()
    return product


def _apply(product: Product, values: dict) -> None:
    """Write clean values (or a stored revision's) onto the product."""
    for field in EDITABLE_FIELDS:
        if field in values:
            value = values[field]
            if field in ("price_min", "price_max") and value is not None:
                value = Decimal(value)  # a revision keeps prices as strings
            setattr(product, field, value)
    product.slug = slugify(product.title_en or product.title_zh, fallback=f"product-{product.id or ''}".rstrip("-"))


def _images_decided(product: Product, approved: bool, _revision: dict) -> None:
    """A revision's images go public with it, or are dropped with it."""
    from marketplace.catalog.images import discard_pending, publish_pending

    (publish_pending if approved else discard_pending)(product)


def _notify(product: Product, decision: str) -> None:
    from core.organizations.services import mail_members

    # Every member: editors keep the catalog, so they hear about its reviews too.
    mail_members(product.organization, "product_decision", roles=None, product=product, decision=decision)


def _ready_for_review(product: Product) -> None:
    """What a product needs before staff can review it: a verified supplier (the public would
    not see it otherwise) and, as the product form says, at least one image."""
    if not product.organization.is_verified:
        raise DomainError(
            _l(
                "You can prepare products now; they can be submitted for review once the bureau has "
                "verified your organization."
            )
        )
    if not product.images:
        raise DomainError(_l("Add at least one image before submitting the product for review."))


PRODUCT_REVIEW = ReviewKind(
    name="product",
    fields=EDITABLE_FIELDS,
    decider=access.staff("moderator"),
    apply=_apply,
    before_publish=lambda product: check_quota(product.organization_id),
    before_submit=_ready_for_review,
    revision_decided=_images_decided,
    decided=_notify,
)


SKU_TAKEN = _l("You already have a product with this SKU.")
unique_error("uq_products_org_sku", lambda: DomainError(SKU_TAKEN, field="sku"))  # two saves of one SKU at once


def create_product(organization_id: int, clean: dict, user=None) -> Product:
    if clean.get("sku") and sku_taken(organization_id, clean["sku"]):
        raise DomainError(SKU_TAKEN, field="sku")
    product = Product(organization_id=organization_id, status=ReviewStatus.DRAFT)
    _apply(product, clean)
    db.session.add(product)
    db.session.flush()
    if not product.slug:
        product.slug = f"product-{product.id}"
    return product


def sku_taken(organization_id: int, sku: str, exclude_id: int | None = None) -> bool:
    query = select(Product.id).where(Product.organization_id == organization_id, Product.sku == sku)
    if exclude_id:
        query = query.where(Product.id != exclude_id)
    return db.session.scalar(query) is not None


def update_product(product: Product, clean: dict) -> bool:
    """Drafts and returned products change at once; a published one keeps its public version and
    the change waits for review (returns True then)."""
    if clean.get("sku") and sku_taken(product.organization_id, clean["sku"], exclude_id=product.id):
        raise DomainError(SKU_TAKEN, field="sku")
    return review.edit(product, PRODUCT_REVIEW, clean)


def submit_for_review(product: Product) -> None:
    review.submit(product, PRODUCT_REVIEW)


def archive(product: Product) -> None:
    from marketplace.membership.services import refit_catalog

    counted = product.status == ReviewStatus.PUBLISHED
    review.archive(product, PRODUCT_REVIEW)
    product.over_quota = False
    if counted:
        db.session.flush()
        refit_catalog(product.organization_id)


def restore(product: Product) -> None:
    review.restore(product, PRODUCT_REVIEW)


def decide(product: Product, staff_user, decision: str, reason: str | None = None) -> None:
    """Staff approve (``approve``) or return (``return``) a new product or a revision."""
    review.decide(product, PRODUCT_REVIEW, staff_user, decision, reason)


def add_image(product: Product, data: bytes, original_name=None, alt_zh=None, alt_en=None):
    """An image for the product; on a published product it waits for review with a revision."""
    from marketplace.catalog.images import store_image

    waits = product.status == ReviewStatus.PUBLISHED
    image = store_image(product, data, original_name, alt_zh, alt_en, pending=waits)
    if waits:
        review.revise_media(product, PRODUCT_REVIEW)
    return image
