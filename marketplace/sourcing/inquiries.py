"""Inquiries (询盘): a buyer writes to an exhibitor about a product or its booth, and both sides
reply in one thread. Mail tells the other side, with a link back to the thread (replies by mail
are not read). Each side keeps a count of what it has not read.

Spam defences: a message holds at most ``MAX_LINKS`` links and ``MESSAGE_LIMIT`` characters,
the views rate-limit sending per account, and either side can report a thread: it then waits
in the moderation queue, where staff close it for good or dismiss the report.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from core import attachments, audit, inputs
from core.db import utcnow
from core.errors import DomainError, Forbidden, NotFound
from core.extensions import db
from marketplace.sourcing.files import MESSAGE
from marketplace.sourcing.models import Inquiry, InquiryMessage

MESSAGE_LIMIT = 5000
MAX_LINKS = 2
MAX_QUANTITY = 10**9
_LINK = re.compile(r"https?://|www\.|\b[a-z0-9-]+\.(?:com|cn|net|org|io|ru|top|xyz)\b", re.IGNORECASE)


def clean_message(raw: dict, with_quantity: bool = False) -> tuple[dict, list]:
    fields = inputs.Fields(raw)
    clean = {"body": fields.text("body", MESSAGE_LIMIT, required=True, multiline=True)}
    if clean["body"] and len(_LINK.findall(clean["body"])) > MAX_LINKS:
        fields.error("body", _l("A message may hold at most %(n)s links.", n=MAX_LINKS))
        clean["body"] = None
    if with_quantity:
        clean["quantity"] = fields.whole("quantity", 1, MAX_QUANTITY)
    return clean, fields.errors


def open_inquiry(buyer, organization, subject: str, clean: dict, product_id: int | None = None, uploads=()) -> Inquiry:
    """The buyer's first message to an exhibitor (a verified one: the only kind the public sees),
    with its files (``core.attachments.check_uploads`` checked them)."""
    if not organization.is_verified:
        raise NotFound()
    if buyer.org_member is not None and buyer.org_member.organization_id == organization.id:
        raise DomainError(_l("This is your own organization."))
    now = utcnow()
    inquiry = Inquiry(
        buyer_id=buyer.id,
        organization_id=organization.id,
        product_id=product_id,
        subject=subject[:200],
        quantity=clean.get("quantity"),
        last_message_at=now,
        exhibitor_unread=1,
    )
    inquiry.messages.append(InquiryMessage(author_id=buyer.id, side="buyer", body=clean["body"], created_at=now))
    db.session.add(inquiry)
    db.session.flush()
    attachments.attach(MESSAGE, inquiry.messages[0].id, uploads, buyer)
    audit.record("inquiry.opened", inquiry, actor=buyer)
    _tell_exhibitor(inquiry)
    return inquiry


def side_of(inquiry: Inquiry, user) -> str:
    """ "buyer" or "exhibitor": the one place that checks who may read and answer a thread."""
    if inquiry.buyer_id == user.id:
        return "buyer"
    member = user.org_member
    if member is not None and member.organization_id == inquiry.organization_id:
        return "exhibitor"
    raise Forbidden()


def inquiry_for(inquiry_id: int, user) -> tuple[Inquiry, str]:
    inquiry = db.session.get(Inquiry, inquiry_id)
    if inquiry is None:
        raise NotFound()
    return inquiry, side_of(inquiry, user)


def reply(inquiry: Inquiry, user, clean: dict, uploads=()) -> InquiryMessage:
    side = side_of(inquiry, user)
    if inquiry.declined_at is not None:
        raise DomainError(_l("The supplier declined this inquiry; the conversation is closed."))
    if inquiry.report_outcome == "closed":
        raise DomainError(_l("The bureau closed this conversation after a report."))
    now = utcnow()
    message = InquiryMessage(author_id=user.id, side=side, body=clean["body"], created_at=now)
    inquiry.messages.append(message)
    inquiry.last_message_at = now
    if side == "buyer":
        inquiry.exhibitor_unread += 1
        _tell_exhibitor(inquiry)
    else:
        inquiry.buyer_unread += 1
        if inquiry.first_response_at is None:
            inquiry.first_response_at = now
            _first_answer(inquiry)
        _tell_buyer(inquiry)
    db.session.flush()
    attachments.attach(MESSAGE, message.id, uploads, user)
    return message


def _first_answer(inquiry: Inquiry) -> None:
    """The exhibitor answered for the first time: its response figures change now."""
    from marketplace.sourcing import metrics

    db.session.flush()
    metrics.refresh([inquiry.organization_id])


def mark_read(inquiry: Inquiry, side: str) -> bool:
    """The viewer's side has read the thread; True when that changed anything."""
    if side == "buyer" and inquiry.buyer_unread:
        inquiry.buyer_unread = 0
        return True
    if side == "exhibitor" and inquiry.exhibitor_unread:
        inquiry.exhibitor_unread = 0
        return True
    return False


def inbox(user):
    """The user's threads, newest activity first: a buyer's own, an exhibitor's organization's."""
    member = user.org_member
    mine = [Inquiry.buyer_id == user.id]
    if member is not None:
        mine.append(Inquiry.organization_id == member.organization_id)
    return (
        select(Inquiry)
        .where(or_(*mine))
        .options(joinedload(Inquiry.organization), joinedload(Inquiry.buyer), joinedload(Inquiry.assigned_to))
        .order_by(Inquiry.last_message_at.desc(), Inquiry.id.desc())
    )


def unread_for(inquiry: Inquiry, user) -> int:
    return inquiry.buyer_unread if inquiry.buyer_id == user.id else inquiry.exhibitor_unread


def _tell_exhibitor(inquiry: Inquiry) -> None:
    from core.notifications import tell_members

    link = ("inquiries.thread", {"inquiry_id": inquiry.id})
    tell_members(inquiry.organization, "inquiry_message", link, inquiry=inquiry, to_side="exhibitor", declined=False)


def _tell_buyer(inquiry: Inquiry, declined: bool = False) -> None:
    from core.notifications import tell

    link = ("inquiries.thread", {"inquiry_id": inquiry.id})
    tell(inquiry.buyer, "inquiry_message", link, inquiry=inquiry, to_side="buyer", declined=declined)


def decline(inquiry: Inquiry, user, reason: str | None) -> None:
    """The exhibitor's quick decline: the thread closes with the reason, the buyer is told, and
    it counts as an answer (response metrics)."""
    if side_of(inquiry, user) != "exhibitor":
        raise Forbidden()
    fields = inputs.Fields({"reason": reason})
    reason = fields.text("reason", 300, required=True)
    if fields.errors:
        raise DomainError(fields.errors[0][1], field="reason")
    if inquiry.declined_at is not None:
        return
    now = utcnow()
    inquiry.declined_at, inquiry.decline_reason = now, reason
    if inquiry.first_response_at is None:
        inquiry.first_response_at = now
        _first_answer(inquiry)
    inquiry.buyer_unread += 1
    audit.record("inquiry.declined", inquiry, actor=user)
    _tell_buyer(inquiry, declined=True)


def assign(inquiry: Inquiry, user, colleague) -> None:
    """An exhibitor hands the thread to a colleague of the same organization (the form's user
    id; empty: nobody). Anything else changes nothing."""
    if side_of(inquiry, user) != "exhibitor":
        raise Forbidden()
    colleague_id = None
    if colleague not in (None, ""):
        colleague_id = inputs.record_id(colleague)
        from core.organizations.models import OrganizationMember

        member = db.session.scalar(
            select(OrganizationMember).where(
                OrganizationMember.user_id == colleague_id,
                OrganizationMember.organization_id == inquiry.organization_id,
            )
        )
        if member is None:
            raise DomainError(_l("Choose a colleague from your organization."))
    if inquiry.assigned_to_id == colleague_id:
        return
    inquiry.assigned_to_id = colleague_id
    audit.record("inquiry.assigned", inquiry, actor=user, to=colleague_id)


def colleagues(organization_id: int) -> list[tuple[int, str]]:
    from core.accounts.models import User
    from core.organizations.models import OrganizationMember

    rows = db.session.execute(
        select(User.id, User.full_name)
        .join(OrganizationMember, OrganizationMember.user_id == User.id)
        .where(OrganizationMember.organization_id == organization_id)
        .order_by(User.full_name)
    ).all()
    return [(row.id, row.full_name) for row in rows]


# ---------------------------------------------------------------- reports


REPORT_OUTCOMES = ("closed", "dismissed")


def report(inquiry: Inquiry, user, reason: str | None) -> None:
    """A side reports the thread to the bureau (spam, fraud, abuse); once, until staff decide."""
    side = side_of(inquiry, user)
    fields = inputs.Fields({"reason": reason})
    reason = fields.text("reason", 300, required=True)
    if fields.errors:
        raise DomainError(fields.errors[0][1], field="reason")
    if inquiry.reported_at is not None and inquiry.report_decided_at is None:
        return  # already waiting for staff
    inquiry.reported_at, inquiry.reported_by_side, inquiry.report_reason = utcnow(), side, reason
    inquiry.report_outcome = inquiry.report_decided_at = None
    audit.record("inquiry.reported", inquiry, actor=user, side=side)


def reported():
    """Reported threads that wait for staff, oldest report first."""
    return (
        select(Inquiry)
        .where(Inquiry.reported_at.is_not(None), Inquiry.report_decided_at.is_(None))
        .options(joinedload(Inquiry.buyer), joinedload(Inquiry.organization))
        .order_by(Inquiry.reported_at, Inquiry.id)
    )


def decide_report(inquiry: Inquiry, staff_user, outcome: str) -> None:
    if outcome not in REPORT_OUTCOMES:
        raise DomainError(_l("Choose a decision."))
    if inquiry.reported_at is None or inquiry.report_decided_at is not None:
        raise DomainError(_l("This report was already handled."))
    inquiry.report_outcome, inquiry.report_decided_at = outcome, utcnow()
    audit.record(f"inquiry.report_{outcome}", inquiry, actor=staff_user, reason=inquiry.report_reason)
