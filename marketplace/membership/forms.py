"""The membership forms: choosing a price to pay through Checkout, and the staff grant form."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField


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


DAY = {"type": "date"}


class GrantForm(FlaskForm):
    """The staff grant form. It renders the fields and carries the CSRF token; the rules of each
    field (and their messages, in the user's language) are ``grants.clean_grant``'s. Days are
    text fields so that a wrong one (2026-02-30) reaches those rules instead of WTForms' own."""

    uscc = StringField(
        _l("Unified social credit code"),
        description=_l("18 characters, as on the business licence."),
        render_kw={"maxlength": 40, "autocomplete": "off", "spellcheck": "false"},
    )
    tier = SelectField(_l("Tier"), choices=[], validate_choice=False)
    starts_on = StringField(_l("First day"), description=_l("Empty: today."), render_kw=DAY)
    ends_on = StringField(_l("Last day"), render_kw=DAY)
    reason = TextAreaField(
        _l("Reason"),
        description=_l("For example: sponsored under the international-market fund, 2027 round."),
        render_kw={"rows": 3, "maxlength": 500},
    )

    def raw(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}
