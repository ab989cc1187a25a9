"""The forms of credit records: staff edit enterprises and facts and decide objections; an
enterprise's owner files an objection. The rules of each field live in services
(``clean_enterprise``, ``clean_fact``, ``_reason``): a form renders the fields, carries the
CSRF token and shows those rules' messages at their fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from core.attachments import AttachmentsField
from govportal.credit.files import FILES
from govportal.credit.services import OBJECTION_DAYS

DAY_HINT = _l("A date, such as 2026-03-31.")
DAY = {"type": "date"}


class EnterpriseForm(FlaskForm):
    uscc = StringField(
        _l("Unified social credit code"),
        description=_l("18 characters, as on the business licence."),
        render_kw={"maxlength": 40, "autocomplete": "off", "spellcheck": "false"},
    )
    name_zh = StringField(_l("Name (Chinese)"), render_kw={"maxlength": 200})
    name_en = StringField(_l("Name (English)"), render_kw={"maxlength": 200})
    former_names = TextAreaField(_l("Former names"), description=_l("One a line, newest first."), render_kw={"rows": 3})
    legal_rep = StringField(_l("Legal representative"), render_kw={"maxlength": 100})
    registered_on = StringField(_l("Registered on"), description=DAY_HINT, render_kw=DAY)
    district = SelectField(_l("District"), validate_choice=False)
    industry = SelectField(_l("Industry"), validate_choice=False)
    address_zh = StringField(_l("Address (Chinese)"), render_kw={"maxlength": 300})
    address_en = StringField(_l("Address (English)"), render_kw={"maxlength": 300})

    def raw(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}


class FactForm(FlaskForm):
    grade = SelectField(_l("Grade"), validate_choice=False)  # label and choices set per kind
    title_zh = StringField(_l("Title (Chinese)"), render_kw={"maxlength": 300})
    title_en = StringField(_l("Title (English)"), render_kw={"maxlength": 300})
    reference = StringField(
        _l("Number"), description=_l("The decision, licence or filing number."), render_kw={"maxlength": 80}
    )
    authority_zh = StringField(_l("Authority (Chinese)"), render_kw={"maxlength": 200})
    authority_en = StringField(_l("Authority (English)"), render_kw={"maxlength": 200})
    decided_on = StringField(
        _l("Date of the decision"), description=_l("Decided, listed, issued or filed on."), render_kw=DAY
    )
    valid_until = StringField(_l("Valid until"), description=DAY_HINT, render_kw=DAY)
    year = StringField(_l("Year the report is for"), render_kw={"inputmode": "numeric", "maxlength": 4})
    detail_zh = TextAreaField(_l("Facts (Chinese)"), render_kw={"rows": 4})
    detail_en = TextAreaField(_l("Facts (English)"), render_kw={"rows": 4})
    outcome_zh = TextAreaField(_l("Penalty or outcome (Chinese)"), render_kw={"rows": 2})
    outcome_en = TextAreaField(_l("Penalty or outcome (English)"), render_kw={"rows": 2})
    as_of = StringField(
        _l("As of"), description=_l("The day the authority's data says this; today when empty."), render_kw=DAY
    )

    def raw(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name in FACT_FIELDS}


# What a kind of fact shows besides the fields every fact has.
COMMON = ("title_zh", "title_en", "reference", "authority_zh", "authority_en", "decided_on",
          "detail_zh", "detail_en", "outcome_zh", "outcome_en", "as_of")  # fmt: skip
FACT_FIELDS = ("grade", *COMMON, "valid_until", "year")
GRADE_LABELS = {"penalty": _l("Severity"), "inspection": _l("Result"), "registration": _l("Registration status")}


def fields_for(kind: str) -> tuple[str, ...]:
    extra = {"licence": ("valid_until",), "annual_report": ("year",)}.get(kind, ())
    return (*(("grade",) if kind in GRADE_LABELS else ()), *COMMON[:6], *extra, *COMMON[6:])


class CorrectionForm(FactForm):
    reason = TextAreaField(
        _l("Reason for the correction"),
        description=_l("Kept in the record's history. Required."),
        render_kw={"rows": 2},
    )


class EndForm(FlaskForm):
    ended_on = StringField(_l("Day it ended"), description=DAY_HINT, render_kw=DAY)
    reason = TextAreaField(
        _l("Reason"), description=_l("Such as the decision that approved the repair."), render_kw={"rows": 3}
    )


class DeleteForm(FlaskForm):
    reason = TextAreaField(
        _l("Why it was entered in error"), description=_l("Kept in the record's history."), render_kw={"rows": 3}
    )


OUTCOMES = {
    "correct": _l("Uphold it: correct the entry as below"),
    "take_out": _l("Uphold it: take the entry out of the record"),
    "reject": _l("Reject it: the entry stays as it is"),
}


class DecisionForm(FlaskForm):
    outcome = RadioField(
        _l("Decision"), choices=[SelectChoice(k, v) for k, v in OUTCOMES.items()], validate_choice=False
    )
    decision = TextAreaField(_l("Reasons (the enterprise reads them)"), render_kw={"rows": 4, "maxlength": 5000})


class ObjectionForm(FlaskForm):
    reason = TextAreaField(
        _l("What is wrong with this entry, and why"),
        description=_l(
            "Say what the record should say instead. The bureau decides within %(days)s days.",
            days=OBJECTION_DAYS,
        ),
        render_kw={"rows": 6, "maxlength": 5000},
    )
    files = AttachmentsField(_l("Evidence (optional)"), kind=FILES)
