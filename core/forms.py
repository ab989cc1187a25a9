"""Shared form pieces: validators for plain text, safe redirects, and error mapping."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PlainText:
    """Refuse control characters and markup in fields that are names or short lines."""

    def __init__(self, allow_markup_chars: bool = False):
        self.allow_markup_chars = allow_markup_chars

    def __call__(self, form, field):
        value = field.data or ""
        if _CONTROL.search(value) or any(unicodedata.category(c) == "Cs" for c in value):
            raise ValidationError(_l("This field contains characters that are not allowed."))
        if not self.allow_markup_chars and ("<" in value or ">" in value):
            raise ValidationError(_l("Please do not use < or > in this field."))


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
