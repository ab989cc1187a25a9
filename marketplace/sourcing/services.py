"""Buyer requests and quotes: cleaning what a buyer or an exhibitor sends, the buyer's actions
(post, edit, submit, close; shortlist, accept or decline a quote), staff review (core.review),
the rules of when a request is open, and an exhibitor's quote within its monthly quota.

Views stay thin: they call these inside the request's transaction and commit once.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core import access, attachments, audit, inputs, review
from core.db import unique_error, utcnow
from core.errors import DomainError, Forbidden, NotFound
from core.extensions import db
from core.review import ReviewKind, ReviewStatus
from i18n.regions import country_codes
from marketplace.catalog import terms
from marketplace.catalog.models import CURRENCIES
from marketplace.catalog.services import find_category
from marketplace.sourcing.files import QUOTE, RFQ
from marketplace.sourcing.models import CLOSE_REASONS, MAX_QUOTES, TRADE_TERMS, BuyerRequest, Quote

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


def _files_decided(request: BuyerRequest, approved: bool, _revision: dict) -> None:
    """Files added to a published request go public with its revision, or go with it."""
    (attachments.publish_pending if approved else attachments.discard_pending)(RFQ, request.id)


def _notify(request: BuyerRequest, decision: str) -> None:
    from core.notifications import tell

    if decision == "approved":
        link = ("sourcing.detail", {"request_id": request.id})
        if request.routed_at is None:
            from core.jobs import enqueue

            enqueue("sourcing.route", request.id)
    else:
        link = ("sourcing_manage.edit", {"request_id": request.id})
    tell(request.buyer, "request_decision", link, request=request, decision=decision)


REQUEST_REVIEW = ReviewKind(
    name="rfq",
    fields=EDITABLE_FIELDS,
    decider=access.staff("moderator"),
    apply=_apply,
    before_submit=_ready,
    before_publish=_ready,
    revision_decided=_files_decided,
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


def create_request(user, clean: dict, uploads=()) -> BuyerRequest:
    """A new draft, with its files (``core.attachments.check_uploads`` checked them)."""
    request = BuyerRequest(buyer_id=user.id, status=ReviewStatus.DRAFT)
    _apply(request, clean)
    db.session.add(request)
    db.session.flush()
    attachments.attach(RFQ, request.id, uploads, user)
    audit.record("rfq.created", request, actor=user)
    return request


def update_request(request: BuyerRequest, clean: dict, uploads=()) -> bool:
    """A draft or returned request changes at once; a published one keeps its public version
    and the change waits for review (returns True then), files added to it too. A closed
    request no longer changes."""
    if request.closed_at is not None:
        raise DomainError(_l("This request is closed and can no longer be changed."))
    waits = review.edit(request, REQUEST_REVIEW, clean)
    if uploads:
        published = request.status == ReviewStatus.PUBLISHED
        attachments.attach(RFQ, request.id, uploads, request.buyer, pending=published)
        if published:
            waits = review.revise_media(request, REQUEST_REVIEW, actor=request.buyer)
    return waits


def remove_file(request: BuyerRequest, attachment_id: int) -> None:
    """The buyer takes a file off their request, at once (removing needs no review)."""
    found = db.session.get(attachments.Attachment, attachment_id)
    if found is None or found.owner_kind != RFQ or found.owner_id != request.id:
        raise NotFound()
    if request.closed_at is not None:
        raise DomainError(_l("This request is closed and can no longer be changed."))
    attachments.remove(found)


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


# ---------------------------------------------------------------- quotes
QUOTE_MESSAGE_LIMIT = 3000
QUOTE_TAKEN = _l("Your organization has quoted on this request already.")
unique_error("uq_quotes_request_org", lambda: DomainError(QUOTE_TAKEN))  # two colleagues quoting at once


def clean_quote(raw: dict) -> tuple[dict, list]:
    """Validate an exhibitor's quote (from the form). Returns (clean, errors)."""
    fields = inputs.Fields(raw)
    clean = {
        "unit_price": fields.money("unit_price"),
        "currency": fields.choice(
            "currency", CURRENCIES, _l("Choose a currency: %(list)s.", list=", ".join(CURRENCIES)), default="USD"
        ),
        "moq": fields.whole("moq", 1, MAX_QUANTITY),
        "lead_time_days": fields.whole("lead_time_days", 0, 365),
        "trade_term": fields.choice(
            "trade_term", TRADE_TERMS, _l("Choose a trade term from the list: %(list)s.", list=", ".join(TRADE_TERMS))
        ),
        "message": fields.text("message", QUOTE_MESSAGE_LIMIT, multiline=True),
    }
    if clean["unit_price"] is None and not fields.has_error("unit_price"):
        fields.error("unit_price", _l("Give your unit price."))
    elif clean["unit_price"] is not None and clean["unit_price"] <= 0:
        fields.error("unit_price", _l("The price must be more than zero."))
    if clean["trade_term"] is None and not fields.has_error("trade_term"):
        fields.error("trade_term", _l("Choose the trade term your price is for."))
    valid = raw.get("valid_until")
    clean["valid_until"] = None
    if valid in (None, ""):
        fields.error("valid_until", _l("Until when does your price hold? Give a date."))
    else:
        try:
            clean["valid_until"] = date.fromisoformat(inputs.halfwidth(str(valid)[:40]).strip())
        except ValueError:
            fields.error("valid_until", _l("Give the date as year-month-day, such as 2027-03-31."))
        else:
            if clean["valid_until"] < today():
                fields.error("valid_until", _l("The price must hold until today at least."))
                clean["valid_until"] = None
    return clean, fields.errors


def _quoting_organization(user):
    member = user.org_member
    if member is None:
        raise Forbidden()
    if not member.organization.is_verified:
        raise DomainError(_l("Only exhibitors verified by the bureau can quote."))
    return member.organization


def submit_quote(request: BuyerRequest, user, clean: dict, uploads=()) -> Quote:
    """An exhibitor's quote: on an open request, once per organization, within the tier's
    monthly quota. The request's quote count goes up in one UPDATE that also checks it has
    room, so two quotes sent at once never make it take an eleventh; the tenth closes it."""
    from sqlalchemy import update

    from marketplace.membership.services import check_quote_quota

    organization = _quoting_organization(user)
    if not is_open(request):
        raise DomainError(_l("This request no longer takes quotes."))
    if db.session.scalar(
        select(Quote.id).where(Quote.request_id == request.id, Quote.organization_id == organization.id)
    ):
        raise DomainError(QUOTE_TAKEN)
    now = utcnow()
    check_quote_quota(organization.id, now)
    counted = db.session.execute(
        update(BuyerRequest)
        .where(BuyerRequest.id == request.id, BuyerRequest.quotes_count < MAX_QUOTES)
        .values(quotes_count=BuyerRequest.quotes_count + 1)
        .execution_options(synchronize_session=False)
    )
    if counted.rowcount != 1:
        raise DomainError(_l("This request no longer takes quotes."))
    quote = Quote(request_id=request.id, organization_id=organization.id, author_id=user.id, status="submitted")
    for name, value in clean.items():
        setattr(quote, name, value)
    db.session.add(quote)
    db.session.flush()
    attachments.attach(QUOTE, quote.id, uploads, user)
    db.session.refresh(request, ["quotes_count"])
    if request.quotes_count >= MAX_QUOTES:
        close(request, "quotes")
    audit.record("quote.submitted", quote, actor=user, request_id=request.id)
    _mail_buyer(request, "quote_received", quote=quote)
    return quote


def _mail_buyer(request: BuyerRequest, template: str, **context) -> None:
    from core.notifications import tell

    tell(request.buyer, template, ("sourcing_manage.quotes", {"request_id": request.id}), request=request, **context)


def _mail_quoter(quote: Quote, template: str, **context) -> None:
    from core.notifications import tell_members

    tell_members(quote.organization, template, ("quoting.index", {}), quote=quote, request=quote.request, **context)


def quotes_of(request: BuyerRequest) -> list[Quote]:
    """The request's quotes, for its buyer only (the view checks that): lowest price first
    within a currency, shortlisted and accepted ones first."""
    from sqlalchemy.orm import joinedload

    rank = {"accepted": 0, "shortlisted": 1, "submitted": 2, "declined": 3}
    found = db.session.scalars(
        select(Quote).where(Quote.request_id == request.id).options(joinedload(Quote.organization))
    ).all()
    return sorted(found, key=lambda q: (rank.get(q.status, 9), q.currency, q.unit_price, q.id))


def quote_for_buyer(quote_id: int, user) -> Quote:
    """The one place that checks a quote was made to the acting buyer's request."""
    quote = db.session.get(Quote, quote_id)
    if quote is None:
        raise NotFound()
    if quote.request.buyer_id != user.id:
        raise Forbidden()
    return quote


def shortlist(quote: Quote, actor) -> None:
    if quote.status == "submitted":
        quote.status = "shortlisted"
        audit.record("quote.shortlisted", quote, actor=actor)


def accept(quote: Quote, actor) -> None:
    """The buyer accepts a quote: its supplier is told, every other quote still standing is
    declined with a note that another offer was chosen (and their suppliers told), and the
    request closes."""
    if quote.status == "accepted":
        return
    if quote.status == "declined":
        raise DomainError(_l("You declined this quote; it can no longer be accepted."))
    now = utcnow()
    quote.status, quote.decided_at = "accepted", now
    audit.record("quote.accepted", quote, actor=actor)
    _mail_quoter(quote, "quote_decided", decision="accepted")
    for other in db.session.scalars(
        select(Quote).where(Quote.request_id == quote.request_id, Quote.id != quote.id, Quote.status != "declined")
    ):
        other.status, other.decided_at = "declined", now
        other.decline_reason = str(_l("The buyer accepted another offer."))
        _mail_quoter(other, "quote_decided", decision="declined")
    request = quote.request
    if request.closed_at is None:
        request.closed_at, request.close_reason = now, "accepted"
        audit.record("rfq.closed", request, actor=actor, reason="accepted")


def decline(quote: Quote, actor, reason: str | None) -> None:
    fields = inputs.Fields({"reason": reason})
    reason = fields.text("reason", 300)
    if fields.errors:
        raise DomainError(fields.errors[0][1])
    if quote.status == "accepted":
        raise DomainError(_l("You accepted this quote; it can no longer be declined."))
    if quote.status == "declined":
        return
    quote.status, quote.decided_at, quote.decline_reason = "declined", utcnow(), reason
    audit.record("quote.declined", quote, actor=actor)
    _mail_quoter(quote, "quote_decided", decision="declined")


def organization_quotes(organization_id: int):
    """The organization's quotes, newest first (a select for its page)."""
    from sqlalchemy.orm import joinedload

    return (
        select(Quote)
        .where(Quote.organization_id == organization_id)
        .options(joinedload(Quote.request).joinedload(BuyerRequest.buyer))
        .order_by(Quote.id.desc())
    )


def own_quote(request: BuyerRequest, organization_id: int) -> Quote | None:
    return db.session.scalar(
        select(Quote).where(Quote.request_id == request.id, Quote.organization_id == organization_id)
    )
