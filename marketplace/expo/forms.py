"""Forms of the exhibitor's booth pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, Length, NumberRange, Optional

from core.forms import PlainText, strip

STAFF_SIZES = ["1-10", "11-50", "51-200", "201-500", "501-1000", "1000+"]


def _text(label, limit, area=False):
    field = TextAreaField if area else StringField
    return field(
        label,
        filters=[strip],
        validators=[Optional(), Length(max=limit, message=_l("At most %(n)s characters.", n=limit)), PlainText()],
    )


class ProfileForm(FlaskForm):
    about_zh = _text(_l("About the company in Chinese"), 3000, area=True)
    about_en = _text(_l("About the company in English"), 3000, area=True)
    main_products_zh = _text(_l("Main products in Chinese"), 500)
    main_products_en = _text(_l("Main products in English"), 500)
    main_markets_zh = _text(_l("Main markets in Chinese"), 300)
    main_markets_en = _text(_l("Main markets in English"), 300)
    year_founded = IntegerField(
        _l("Year founded"),
        validators=[Optional(), NumberRange(min=1800, max=2100, message=_l("Enter a year like 1998."))],
    )
    staff_size = SelectField(
        _l("Staff size"),
        choices=[SelectChoice("", "—")] + [SelectChoice(s, s) for s in STAFF_SIZES],
        validators=[Optional()],
    )
    certifications = _text(_l("Certifications"), 300)
    # Choices: the top-level categories (the view sets them); it places the booth in a hall.
    main_category = SelectField(
        _l("Main product category"),
        description=_l("Your booth stands in this category's hall of the year-round expo."),
        validate_choice=False,
    )
    public_email = EmailField(
        _l("Public email address"),
        filters=[strip],
        validators=[
            Optional(),
            Length(max=254),
            Email(message=_l("Enter an email address like name@example.com."), check_deliverability=False),
        ],
    )
    public_phone = _text(_l("Public phone"), 40)
    logo = FileField(_l("Logo (JPEG, PNG or WebP)"))
    banner = FileField(_l("Banner (JPEG, PNG or WebP, wide)"))
    photo = FileField(_l("Add a photo to the gallery"))

    TEXT_FIELDS = (
        "about_zh", "about_en", "main_products_zh", "main_products_en", "main_markets_zh", "main_markets_en",
        "year_founded", "staff_size", "certifications", "public_email", "public_phone",
    )  # fmt: skip

    def values(self) -> dict:
        """The profile's text fields as entered (empty ones as None)."""
        return {name: getattr(self, name).data if getattr(self, name).data != "" else None for name in self.TEXT_FIELDS}
