"""Account forms. Labels and messages are lazy so they follow the page's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Email, EqualTo, Length, Optional

from core.forms import PlainText, strip
from core.organizations.choices import DISTRICTS, INDUSTRIES

LANGUAGE_CHOICES = [
    SelectChoice("zh", "中文", render_kw={"lang": "zh-Hans"}),
    SelectChoice("en", "English", render_kw={"lang": "en"}),
]
REQUIRED = _l("This field is required.")


def _email_field(label=None):
    return EmailField(
        label or _l("Email address"),
        filters=[strip],
        validators=[
            DataRequired(REQUIRED),
            Length(max=254, message=_l("An email address has at most 254 characters.")),
            Email(message=_l("Enter an email address like name@example.com."), check_deliverability=False),
        ],
        render_kw={"autocomplete": "email"},
    )


def _new_password():
    return PasswordField(
        _l("Password"),
        validators=[
            DataRequired(REQUIRED),
            Length(min=10, max=128, message=_l("A password has 10 to 128 characters.")),
        ],
        description=_l("At least 10 characters."),
        render_kw={"autocomplete": "new-password"},
    )


def _confirm(other="password"):
    return PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(REQUIRED), EqualTo(other, message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )


def _name():
    return StringField(
        _l("Your name"),
        filters=[strip],
        validators=[DataRequired(REQUIRED), Length(max=100, message=_l("At most 100 characters.")), PlainText()],
        render_kw={"autocomplete": "name"},
    )


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(REQUIRED), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class BuyerSignupForm(FlaskForm):
    full_name = _name()
    email = _email_field()
    password = _new_password()
    confirm = _confirm()
    company_name = StringField(
        _l("Company (optional)"),
        filters=[strip],
        validators=[Optional(), Length(max=200, message=_l("At most 200 characters.")), PlainText()],
        render_kw={"autocomplete": "organization"},
    )
    country = StringField(
        _l("Country code (optional)"),
        filters=[lambda v: v.strip().upper() if v else v],
        validators=[Optional(), Length(min=2, max=2, message=_l("Two letters, like DE or US.")), PlainText()],
        description=_l("Two letters, like DE or US."),
        render_kw={"autocomplete": "country"},
    )
    preferred_language = SelectField(_l("Language for mail and pages"), choices=LANGUAGE_CHOICES)


class ExhibitorSignupForm(FlaskForm):
    full_name = _name()
    email = _email_field(_l("Work email address"))
    password = _new_password()
    confirm = _confirm()
    preferred_language = SelectField(_l("Language for mail and pages"), choices=LANGUAGE_CHOICES)
    name_zh = StringField(
        _l("Organization name in Chinese"),
        filters=[strip],
        validators=[Optional(), Length(max=200, message=_l("At most 200 characters.")), PlainText()],
    )
    name_en = StringField(
        _l("Organization name in English"),
        filters=[strip],
        validators=[Optional(), Length(max=200, message=_l("At most 200 characters.")), PlainText()],
    )
    uscc = StringField(
        _l("Unified social credit code"),
        filters=[strip],
        validators=[DataRequired(REQUIRED), Length(max=40, message=_l("At most 40 characters."))],
        description=_l("18 characters, as on the business licence."),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    district = SelectField(_l("District"), validators=[DataRequired(REQUIRED)])
    industry = SelectField(_l("Industry"), validators=[DataRequired(REQUIRED)])
    address_zh = StringField(
        _l("Address (optional)"),
        filters=[strip],
        validators=[Optional(), Length(max=300, message=_l("At most 300 characters.")), PlainText()],
    )
    website = URLField(
        _l("Website (optional)"),
        filters=[strip],
        validators=[Optional(), Length(max=300), URL(message=_l("Enter a web address like https://example.com."))],
    )
    contact_phone = StringField(
        _l("Phone (optional)"),
        filters=[strip],
        validators=[Optional(), Length(max=40, message=_l("At most 40 characters.")), PlainText()],
        render_kw={"autocomplete": "tel"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.district.choices = [SelectChoice("", _l("Choose a district"))] + [
            SelectChoice(k, v) for k, v in DISTRICTS.items()
        ]
        self.industry.choices = [SelectChoice("", _l("Choose an industry"))] + [
            SelectChoice(k, v) for k, v in INDUSTRIES.items()
        ]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not self.name_zh.data and not self.name_en.data:
            self.name_zh.errors = [*self.name_zh.errors, _l("Give the organization's name in Chinese or in English.")]
            ok = False
        return ok


class EmailForm(FlaskForm):
    """One email address, for a link by mail: a forgotten password, a new confirmation link."""

    email = _email_field()


class ResetPasswordForm(FlaskForm):
    password = _new_password()
    confirm = _confirm()


class ProfileForm(FlaskForm):
    full_name = _name()
    company_name = StringField(
        _l("Company (optional)"),
        filters=[strip],
        validators=[Optional(), Length(max=200, message=_l("At most 200 characters.")), PlainText()],
    )
    country = StringField(
        _l("Country code (optional)"),
        filters=[lambda v: v.strip().upper() if v else v],
        validators=[Optional(), Length(min=2, max=2, message=_l("Two letters, like DE or US.")), PlainText()],
    )
    preferred_language = SelectField(_l("Language for mail and pages"), choices=LANGUAGE_CHOICES)


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(REQUIRED), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )
    password = _new_password()
    confirm = _confirm()


class InviteForm(FlaskForm):
    email = _email_field(_l("Colleague's email address"))
    role = SelectField(_l("Role"), choices=[SelectChoice("editor", _l("Editor")), SelectChoice("owner", _l("Owner"))])


class EmptyForm(FlaskForm):
    """Only the CSRF token: for buttons that POST."""
