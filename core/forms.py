"""Shared form pieces: validators for plain text, safe redirects, and error mapping."""

from __future__ import annotations

from urllib.parse import urlsplit

from wtforms import TextAreaField
from wtforms.validators import ValidationError

from core.text import TextProblem, plain_text


class PlainText:
    """A name or short line, checked and normalized by ``core.text.plain_text`` (control and
    text-direction characters, nothing visible, markup characters)."""

    def __init__(self, allow_markup_chars: bool = False, multiline: bool = False):
        self.allow_markup_chars, self.multiline = allow_markup_chars, multiline

    def __call__(self, form, field):
        if not field.data:
            return
        multiline = self.multiline or isinstance(field, TextAreaField)
        try:
            field.data = plain_text(field.data, multiline=multiline, markup=self.allow_markup_chars)
        except TextProblem as problem:
            raise ValidationError(str(problem.message)) from None


def strip(value):
    return value.strip() if isinstance(value, str) else value


def is_safe_next(target: str | None) -> bool:
    """Only same-site relative paths are followed after sign-in (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def apply_domain_error(form, error) -> None:
    """Show a service's DomainError on the field it names (or at the top of the form)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error.message)] if isinstance(field.errors, list) else [str(error.message)]
    else:
        form.form_errors.append(str(error.message))


def show_errors(form, errors) -> None:
    """A service's ``(field, message)`` errors on the form: each at its field, or above the
    form when the form has no such field (the error summary lists both)."""
    for name, message in errors:
        target = getattr(form, name, None)
        if target is not None:
            target.errors = [*target.errors, str(message)]
        else:
            form.form_errors.append(str(message))
