"""The membership forms: choosing a price to pay through Checkout, and the staff grant form."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional


class CheckoutForm(FlaskForm):
    """One price's "Upgrade" button. ``attempt`` is drawn when the page is shown
    (``CheckoutForm.shown()``): a double submit sends the same one, so Stripe (idempotency key)
    opens one Checkout Session. A post without one is refused: a default here would draw a
    fresh attempt for it, and each such post would open a session of its own."""

    price = HiddenField()
    attempt = HiddenField()

    @classmethod
    def shown(cls) -> CheckoutForm:
        return cls(attempt=secrets.token_hex(16))


class GrantForm(FlaskForm):
    uscc = StringField(_l("Unified social credit code"), description=_l("18 characters, as on the business licence."))
    tier = SelectField(_l("Tier"), choices=[], validate_choice=False)
    starts_on = DateField(_l("First day"), validators=[Optional()], description=_l("Empty: today."))
    ends_on = DateField(_l("Last day"), validators=[Optional()])
    reason = TextAreaField(
        _l("Reason"), description=_l("For example: sponsored under the international-market fund, 2027 round.")
    )
