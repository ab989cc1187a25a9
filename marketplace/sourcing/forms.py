"""Buyer request form. Field rules live in services.clean_request; the form renders the fields,
carries the CSRF token and shows those rules' messages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length

from core.attachments import AttachmentsField
from marketplace.sourcing.files import MESSAGE, QUOTE, RFQ
from marketplace.sourcing.services import DETAILS_LIMIT


class RequestForm(FlaskForm):
    title = StringField(
        _l("What do you want to buy?"),
        validators=[Length(max=200)],
        description=_l("A product name a supplier would search for, such as “stainless steel ball valve DN50”."),
    )
    language = SelectField(_l("Language you write in"), validate_choice=False)
    category = SelectField(_l("Category"), validate_choice=False)  # choices set by the view
    quantity = StringField(_l("Quantity"), validators=[Length(max=20)])
    unit = SelectField(_l("Unit"), validate_choice=False)
    target_price = StringField(
        _l("Target unit price (optional)"),
        validators=[Length(max=20)],
        description=_l("Suppliers see it; leave it empty to ask for their best price."),
    )
    currency = SelectField(_l("Currency"), validate_choice=False)
    trade_term = SelectField(_l("Trade term"), validate_choice=False)
    country = SelectField(_l("Destination country or region"), validate_choice=False)
    certifications = StringField(
        _l("Certifications required"), validators=[Length(max=300)], description=_l("Such as CE, ISO 9001, FDA.")
    )
    deadline = StringField(
        _l("Quotes wanted by"),
        validators=[Length(max=40)],
        description=_l("A date, such as 2027-03-31."),
        render_kw={"type": "date"},
    )
    details = TextAreaField(
        _l("Details"),
        validators=[Length(max=DETAILS_LIMIT)],
        description=_l("Specifications, packing, delivery: what a supplier needs to quote. Plain text."),
    )
    files = AttachmentsField(_l("Attach files (optional)"), kind=RFQ)

    def raw(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name not in ("csrf_token", "files")}


class QuoteForm(FlaskForm):
    unit_price = StringField(_l("Unit price"), validators=[Length(max=20)])
    currency = SelectField(_l("Currency"), validate_choice=False)
    trade_term = SelectField(_l("Trade term"), validate_choice=False)
    moq = StringField(_l("Minimum order quantity"), validators=[Length(max=20)])
    lead_time_days = StringField(_l("Lead time in days"), validators=[Length(max=10)])
    valid_until = StringField(
        _l("Price valid until"),
        validators=[Length(max=40)],
        description=_l("A date, such as 2027-03-31."),
        render_kw={"type": "date"},
    )
    message = TextAreaField(
        _l("Message to the buyer"),
        validators=[Length(max=3000)],
        description=_l("What the price includes, samples, payment terms. Plain text."),
    )
    files = AttachmentsField(_l("Attach files (optional)"), kind=QUOTE)

    def raw(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name not in ("csrf_token", "files")}


class DeclineForm(FlaskForm):
    reason = StringField(_l("Reason (the supplier sees it)"), validators=[Length(max=300)])


class InquiryForm(FlaskForm):
    quantity = StringField(_l("Quantity you want (optional)"), validators=[Length(max=20)])
    body = TextAreaField(
        _l("Your message"),
        validators=[Length(max=5000)],
        description=_l("What you need, your market, questions on price, samples or delivery. At most two links."),
    )
    files = AttachmentsField(_l("Attach files (optional)"), kind=MESSAGE)


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your reply"), validators=[Length(max=5000)])
    files = AttachmentsField(_l("Attach files (optional)"), kind=MESSAGE)
