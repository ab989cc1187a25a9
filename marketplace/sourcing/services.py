"""Buyer requests: cleaning what a buyer sends, the buyer's actions (post, edit, submit, close),
staff review (core.review) and the rules of when a request is open.

Views stay thin: they call these inside the request's transaction and commit once.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core import access, audit, inputs, review
from core.db import utcnow
from core.errors import DomainError, Forbidden, NotFound
from core.extensions import db
from core.review import ReviewKind, ReviewStatus
from i18n.regions import country_codes
from marketplace.catalog import terms
from marketplace.catalog.models import CURRENCIES
from marketplace.catalog.services import find_category
from marketplace.sourcing.models import CLOSE_REASONS, MAX_QUOTES, TRADE_TERMS, BuyerRequest

EDITABLE_FIELDS = (
    "language",
    "title",
    "details",
    "category_id",
    "quantity",
    "unit",
    "target_price",
    "currency",
    "country",
    "trade_term",
    "certifications",
    "deadline",
)
DETAILS_LIMIT = 5000
MAX_DAYS_AHEAD = 365  # a deadline at most a year away
MAX_QUANTITY = 10**9


def today() -> date:
    return utcnow().date()


# ---------------------------------------------------------------- cleaning
def clean_request(raw: dict) -> tuple[dict, list]:
    """Validate a buyer request's fields (from the form). Returns (clean, errors)."""
    fields = inputs.Fields(raw)
    clean: dict = {
        "title": fields.text("title", 200, required=True),
        "details": fields.text("details", DETAILS_LIMIT, multiline=True),
        "certifications": fields.text("certifications", 300),
        "quantity": fields.whole("quantity", 1, MAX_QUANTITY),
        "target_price": fields.money("target_price"),
        "currency": fields.choice(
            "currency", CURRENCIES, _l("Choose a currency: %(list)s.", list=", ".join(CURRENCIES)), default="USD"
        ),
        "trade_term": fields.choice(
            "trade_term", TRADE_TERMS, _l("Choose a trade term from the list: %(list)s.", list=", ".join(TRADE_TERMS))
        ),
        "country": fields.choice("country", country_codes(), _l("Choose the destination country from the list.")),
        "language": fields.choice("language", ("zh", "en"), _l("Choose Chinese or English."), default="en"),
    }
    if clean["quantity"] is None and not fields.has_error("quantity"):
        fields.error("quantity", _l("How many do you want to buy?"))
    if clean["country"] is None and not fields.has_error("country"):
        fields.error("country", _l("Choose the destination country from the list."))
    unit = raw.get("unit")
    clean["unit"] = None
    if unit not in (None, ""):
        clean["unit"] = terms.unit_code(str(unit)[:100])
        if clean["unit"] is None:
            fields.error("unit", _l("Choose a unit from the list."))
    category = find_category(raw.get("category"))
    if category is None:
        fields.error("category", _l("Choose a category from the list."))
    clean["category_id"] = category.id if category else None
    clean["deadline"] = _deadline(raw.get("deadline"), fields)
    return clean, fields.errors


def _deadline(value, fields: inputs.Fields) -> date | None:
    if value in (None, ""):
        fields.error("deadline", _l("By when do you want the quotes? Give a date."))
        return None
    if isinstance(value, date):
        found = value
    else:
        try:
            found = date.fromisoformat(inputs.halfwidth(str(value)[:40]).strip())
        except ValueError:
            fields.error("deadline", _l("Give the date as year-month-day, such as 2027-03-31."))
            return None
    if found <= today():
        fields.error("deadline", _l("The deadline must be after today."))
        return None
    if found > today() + timedelta(days=MAX_DAYS_AHEAD):
        fields.error("deadline", _l("The deadline can be at most a year away."))
        return None
    return found


# ---------------------------------------------------------------- review (core.review)
def _apply(request: BuyerRequest, values: dict) -> None:
    """Write clean values (or a stored revision's, where money and dates are strings)."""
    from decimal import Decimal

    for name in EDITABLE_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name == "target_price" and value is not None:
            value = Decimal(str(value))
        elif name == "deadline" and value is not None and not isinstance(value, date):
            value = date.fromisoformat(str(value))
        setattr(request, name, value)


def _ready(request: BuyerRequest) -> None:
    if request.deadline is not None and request.deadline <= today():
        raise DomainError(_l("The deadline has passed: set a later one before submitting the request."))


def _notify(request: BuyerRequest, decision: str) -> None:
    from core.mail import send_mail

    buyer = request.buyer
    send_mail(buyer.email, "request_decision", buyer.preferred_language, user=buyer, request=request, decision=decision)


REQUEST_REVIEW = ReviewKind(
    name="rfq",
    fields=EDITABLE_FIELDS,
    decider=access.staff("moderator"),
    apply=_apply,
    before_submit=_ready,
    before_publish=_ready,
    decided=_notify,
)


# ---------------------------------------------------------------- the buyer's actions
def request_for_buyer(request_id: int, user) -> BuyerRequest:
    """The one place that checks a request belongs to the acting buyer."""
    found = db.session.get(BuyerRequest, request_id)
    if found is None:
        raise NotFound()
    if found.buyer_id != user.id:
        raise Forbidden()
    return found


def create_request(user, clean: dict) -> BuyerRequest:
    request = BuyerRequest(buyer_id=user.id, status=ReviewStatus.DRAFT)
    _apply(request, clean)
    db.session.add(request)
    db.session.flush()
    audit.record("rfq.created", request, actor=user)
    return request


def update_request(request: BuyerRequest, clean: dict) -> bool:
    """A draft or returned request changes at once; a published one keeps its public version
    and the change waits for review (returns True then). A closed request no longer changes."""
    if request.closed_at is not None:
        raise DomainError(_l("This request is closed and can no longer be changed."))
    return review.edit(request, REQUEST_REVIEW, clean)


def submit(request: BuyerRequest) -> None:
    review.submit(request, REQUEST_REVIEW)


def decide(request: BuyerRequest, staff_user, decision: str, reason: str | None = None) -> None:
    """Staff approve (``approve``) or return (``return``) a new request or a revision."""
    review.decide(request, REQUEST_REVIEW, staff_user, decision, reason)


def close(request: BuyerRequest, reason: str = "buyer", actor=None) -> None:
    """Close an open request (the buyer's button, or its last quote): no more quotes."""
    if reason not in CLOSE_REASONS:
        raise ValueError(reason)
    if request.closed_at is not None:
        return  # a double click: closed once
    if request.status != ReviewStatus.PUBLISHED:
        raise DomainError(_l("Only a published request can be closed; a draft can simply stay unsent."))
    request.closed_at = utcnow()
    request.close_reason = reason
    audit.record("rfq.closed", request, actor=actor, reason=reason)


# ---------------------------------------------------------------- open or closed
def is_open(request: BuyerRequest) -> bool:
    from marketplace.public.visibility import request_open

    return request_open(request, today())


def closed_reason(request: BuyerRequest) -> str | None:
    """Why a published request takes no more quotes (a key of CLOSE_REASONS), or None if open."""
    if request.close_reason:
        return request.close_reason
    if request.quotes_count >= MAX_QUOTES:
        return "quotes"
    if request.deadline < today():
        return "deadline"
    return None


def buyer_requests(user):
    """The buyer's own requests, newest first (a select for the account page's pagination)."""
    return select(BuyerRequest).where(BuyerRequest.buyer_id == user.id).order_by(BuyerRequest.id.desc())
