"""The staff form of a publication, built from its kind's fields (kinds.py).

The form renders the fields and checks the CSRF token; ``services.clean`` reads what was sent
(one place that decides what is valid, for the form and for tests alike).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from core.attachments import AttachmentsField
from core.organizations.choices import DISTRICTS, INDUSTRIES
from govportal.publishing.kinds import EXTRA_LANGUAGES, Kind
from govportal.publishing.models import LINKS

LANGUAGE_NAMES = {"zh": _l("Chinese"), "en": _l("English")}
FILES_LABEL = {
    "documents": _l("Attachments (PDF, DOCX, XLSX …)"),
    "forms": _l("Forms to download"),
    "photos": _l("Photos"),
}


class _Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _detail_field(detail, label):
    kw = {"description": detail.hint} if detail.hint else {}
    if detail.type == "choice":
        choices = [SelectChoice("", "—"), *(SelectChoice(k, str(v)) for k, v in detail.choices.items())]
        return SelectField(label, choices=choices, validate_choice=False, **kw)
    if detail.type in ("plain", "lines", "html"):
        return TextAreaField(label, render_kw={"rows": 6 if detail.type == "html" else 4}, **kw)
    if detail.type == "date":
        return StringField(label, render_kw={"type": "date", "placeholder": "2026-03-31"}, **kw)
    if detail.type in ("days", "number"):
        return StringField(label, render_kw={"inputmode": "numeric"}, **kw)
    return StringField(label, **kw)


def publication_form(kind: Kind, amending: bool, **data):
    """A form class for ``kind`` (``amending``: a published item, so a change note is asked),
    instantiated with ``data`` for a GET."""

    class PublicationForm(FlaskForm):
        unit_id = SelectField(_l("Unit"), validate_choice=False)

    attrs = {}
    for lang in ("zh", "en"):
        name = LANGUAGE_NAMES[lang]
        attrs[f"title_{lang}"] = StringField(_l("Title (%(language)s)", language=name))
        attrs[f"summary_{lang}"] = TextAreaField(_l("Summary (%(language)s)", language=name), render_kw={"rows": 2})
        attrs[f"body_{lang}"] = TextAreaField(
            _l("Text (%(language)s)", language=name),
            description=_l("Paragraphs, lists, headings and tables are kept; anything else is removed."),
            render_kw={"rows": 12},
        )
    for lang in kind.languages:
        if lang in EXTRA_LANGUAGES:
            language = EXTRA_LANGUAGES[lang]
            attrs[f"title_{lang}"] = StringField(_l("Title (%(language)s)", language=language))
            attrs[f"summary_{lang}"] = TextAreaField(
                _l("Summary (%(language)s)", language=language), render_kw={"rows": 2}
            )
            attrs[f"body_{lang}"] = TextAreaField(_l("Text (%(language)s)", language=language), render_kw={"rows": 8})
    for detail in kind.details:
        if detail.bilingual:
            for lang in ("zh", "en"):
                label = _l("%(field)s (%(language)s)", field=detail.label, language=LANGUAGE_NAMES[lang])
                attrs[f"{detail.name}_{lang}"] = _detail_field(detail, label)
        else:
            attrs[detail.name] = _detail_field(detail, detail.label)
    if kind.name == "policy":
        for relation, (label, _other) in LINKS.items():
            attrs[relation] = StringField(
                label, description=_l("Document number or number of a published policy (optional).")
            )
    if kind.targeted:
        attrs["industries"] = _Checkboxes(
            _l("Industries it concerns (none: all)"),
            choices=[SelectChoice(k, str(v)) for k, v in INDUSTRIES.items()],
            validate_choice=False,
        )
        attrs["districts"] = _Checkboxes(
            _l("Districts it concerns (none: the whole city)"),
            choices=[SelectChoice(k, str(v)) for k, v in DISTRICTS.items()],
            validate_choice=False,
        )
    attrs["files"] = AttachmentsField(FILES_LABEL[kind.files], kind="publication")
    if amending:
        attrs["change_note_zh"] = TextAreaField(_l("Change note (Chinese)"), render_kw={"rows": 2})
        attrs["change_note_en"] = TextAreaField(_l("Change note (English)"), render_kw={"rows": 2})
        attrs["major_change"] = BooleanField(
            _l("Major change: show the note on the page and tell subscribers"),
        )
    else:
        attrs["scheduled_for"] = StringField(
            _l("Publish at (optional)"),
            description=_l("Beijing time. Empty: as soon as it is approved."),
            render_kw={"type": "datetime-local"},
        )
    form_class = type(f"{kind.name.title()}Form", (PublicationForm,), attrs)
    form = form_class(data=data) if data else form_class()
    # Marked as required (services.clean decides; this says so beside the label).
    required = ["unit_id", "title_zh", "title_en"]
    required += [] if kind.name == "announcement" else ["body_zh"]
    required += [f"{d.name}_zh" if d.bilingual else d.name for d in kind.details if d.required]
    required += ["change_note_zh"] if amending else []
    for name in required:
        form[name].flags.required = True
    return form


def layout(kind: Kind, amending: bool) -> list[tuple[object, list[str]]]:
    """The form's fieldsets: (legend, field names)."""
    sets = [(_l("Unit"), ["unit_id"])]
    sets.append((_l("Chinese text"), ["title_zh", "summary_zh", "body_zh"]))
    sets.append((_l("English text"), ["title_en", "summary_en", "body_en"]))
    for lang in kind.languages:
        if lang in EXTRA_LANGUAGES:
            sets.append((EXTRA_LANGUAGES[lang], [f"title_{lang}", f"summary_{lang}", f"body_{lang}"]))
    names = []
    for detail in kind.details:
        names.extend([f"{detail.name}_zh", f"{detail.name}_en"] if detail.bilingual else [detail.name])
    if kind.name == "policy":
        names.extend(LINKS)
    if names:
        sets.append((kind.one, names))
    if kind.targeted:
        sets.append((_l("Whom it concerns"), ["industries", "districts"]))
    sets.append((FILES_LABEL[kind.files], ["files"]))
    sets.append(
        (_l("Amendment"), ["change_note_zh", "change_note_en", "major_change"])
        if amending
        else (_l("Publishing"), ["scheduled_for"])
    )
    return sets


class DecisionForm(FlaskForm):
    decision = SelectField(
        _l("Decision"),
        choices=[SelectChoice("approve", _l("Approve")), SelectChoice("return", _l("Return with comments"))],
    )
    reason = TextAreaField(
        _l("Comments for the author (needed to return it)"), id="decision-reason", render_kw={"rows": 3}
    )


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Why it is withdrawn (shown on the page)"), id="withdraw-reason", render_kw={"rows": 3})


class UnpublishForm(FlaskForm):
    note = TextAreaField(_l("Explanation shown on the page"), id="unpublish-note", render_kw={"rows": 3})
    replacement = StringField(
        _l("Number of the item that replaces it (optional: the page then leads there)"), id="unpublish-replacement"
    )
