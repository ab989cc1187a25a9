"""Browser tests: Chromium drives the suite's live server (tests/conftest.py).

Every test here gets a clean database afterwards (``clean_app``), and every page opens
relative URLs against the live server, so tests write ``page.goto("/en/")``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.support import Translations
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

LANGS = ("zh", "en")
HREFLANG = {"zh": "zh-Hans", "en": "en"}
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}

# The UI strings as the app shows them: read from the same compiled catalog the app uses.
_ZH = Translations.load(str(Path(__file__).resolve().parents[2] / "i18n" / "translations"), ["zh"])


def t(lang: str, msgid: str, **values) -> str:
    """``msgid`` as the app shows it in ``lang``."""
    text = msgid
    if lang == "zh":
        text = _ZH.gettext(msgid)
        assert text != msgid, f"no Chinese translation for {msgid!r}"
    return text % values if values else text


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    return {**browser_context_args, "base_url": live_server}


@pytest.fixture(autouse=True)
def _clean_database(clean_app):
    """Every browser test leaves an empty database behind (test_accessibility.py overrides this:
    its read-only page checks share their data, see SharedData there)."""
    return clean_app


def sign_in(page: Page, email: str, lang: str = "en", password: str = PASSWORD) -> None:
    """Sign in through the form, as a person would."""
    page.goto(f"/{lang}/account/login")
    page.get_by_label(t(lang, "Email address"), exact=True).fill(email)
    page.get_by_label(t(lang, "Password"), exact=True).fill(password)
    page.get_by_role("button", name=t(lang, "Sign in"), exact=True).click()
    expect(page.get_by_role("status").filter(has_text=t(lang, "You are signed in."))).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/{lang}/account/$"))
