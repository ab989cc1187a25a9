"""Files attached in sourcing (core.attachments), and who may read them.

- ``rfq``: a buyer request's files. A published request's files are public, except those
  added since that wait for review with its revision; a draft's, a submitted, returned or
  archived request's are its buyer's and the moderators'.
- ``quote``: a quote's files, for the request's buyer and the quoting organization's members
  only (exhibitors never see each other's quotes, and staff have no part in them).
- ``inquiry_message``: a message's files, for the two sides of the thread, and moderators.

Registered when this module is imported (the sourcing services import it).
"""

from __future__ import annotations

from core import access, attachments
from core.extensions import db
from core.review import ReviewStatus

RFQ, QUOTE, MESSAGE = "rfq", "quote", "inquiry_message"
MODERATOR = access.staff("moderator")


def _signed_in(user) -> bool:
    return attachments.user_id(user) is not None and getattr(user, "is_verified", False)


def read_request_file(attachment, user) -> bool:
    from marketplace.sourcing.models import BuyerRequest

    request = db.session.get(BuyerRequest, attachment.owner_id)
    if request is None:
        return False
    if request.status == ReviewStatus.PUBLISHED and not attachment.pending:
        return True
    return (_signed_in(user) and user.id == request.buyer_id) or MODERATOR.allows(user)


def read_quote_file(attachment, user) -> bool:
    from marketplace.sourcing.models import Quote

    quote = db.session.get(Quote, attachment.owner_id)
    if quote is None or not _signed_in(user):
        return False
    if quote.request.buyer_id == user.id:
        return True
    member = user.org_member
    return member is not None and member.organization_id == quote.organization_id


def read_message_file(attachment, user) -> bool:
    from core.errors import Forbidden
    from marketplace.sourcing.inquiries import side_of
    from marketplace.sourcing.models import InquiryMessage

    message = db.session.get(InquiryMessage, attachment.owner_id)
    if message is None:
        return False
    if MODERATOR.allows(user):
        return True
    if not _signed_in(user):
        return False
    try:
        side_of(message.inquiry, user)
    except Forbidden:
        return False
    return True


attachments.register_owner(RFQ, read_request_file)
attachments.register_owner(QUOTE, read_quote_file)
attachments.register_owner(MESSAGE, read_message_file)
