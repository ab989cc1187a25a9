"""Product form. Field rules live in services.clean_product (shared with the bulk import);
the form renders the fields, carries the CSRF token and shows those rules' messages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from marketplace.catalog.models import CURRENCIES

LONG = 20_000


class ProductForm(FlaskForm):
    title_zh = StringField(_l("Title in Chinese"), validators=[Length(max=200)])
    title_en = StringField(_l("Title in English"), validators=[Length(max=200)])
    sku = StringField(
        _l("Your item number (SKU)"),
        validators=[Length(max=64)],
        description=_l("Used to update the product by bulk import."),
    )
    category = SelectField(_l("Category"), validate_choice=False)
    description_zh = TextAreaField(
        _l("Description in Chinese"),
        validators=[Length(max=LONG)],
        description=_l("Paragraphs, bold, italics, lists and tables are kept."),
    )
    description_en = TextAreaField(_l("Description in English"), validators=[Length(max=LONG)])
    specs = TextAreaField(  # names may be bilingual: "材质 / Material: SS304"
        _l("Specifications"),
        validators=[Length(max=8000)],
        description=_l(
            "One per line or separated by semicolons: name: value. A name written in both languages, "
            "材质 / Material: SS304, shows each buyer theirs."
        ),
    )
    moq = StringField(_l("Minimum order quantity"), validators=[Length(max=20)])
    moq_unit = SelectField(_l("Order unit"), validate_choice=False)  # choices: catalog.terms, set by the view
    price_min = StringField(_l("Lowest price"), validators=[Length(max=20)])
    price_max = StringField(_l("Highest price"), validators=[Length(max=20)])
    currency = SelectField(_l("Currency"), choices=[SelectChoice(c, c) for c in CURRENCIES], validate_choice=False)
    price_negotiable = BooleanField(_l("Price negotiable"))
    fob_port = SelectField(_l("FOB port"), validate_choice=False)
    lead_time_days = StringField(_l("Lead time in days"), validators=[Length(max=10)])
    hs_code = StringField(_l("HS code"), validators=[Length(max=20)])
    certifications = StringField(_l("Certifications"), validators=[Length(max=300)])
    keywords_zh = StringField(_l("Keywords in Chinese"), validators=[Length(max=300)])
    keywords_en = StringField(_l("Keywords in English"), validators=[Length(max=300)])

    def raw(self) -> dict:
        data = {name: field.data for name, field in self._fields.items() if name != "csrf_token"}
        return data


class ImageForm(FlaskForm):
    image = FileField(_l("Image file"), description=_l("JPEG, PNG or WebP, at most 10 MB."))
    alt_zh = StringField(_l("Description of the image in Chinese"), validators=[Optional(), Length(max=200)])
    alt_en = StringField(_l("Description of the image in English"), validators=[Optional(), Length(max=200)])


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason (the exhibitor sees it)"), validators=[Length(max=500)])


class PositionForm(FlaskForm):
    position = IntegerField(validators=[Optional()])
