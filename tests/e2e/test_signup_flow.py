"""A buyer signs up, confirms the address from the real mail, signs out and in, switches language."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import HREFLANG, LANGS, LANGUAGE_NAMES, sign_in, t

pytestmark = pytest.mark.e2e

NAMES = {"zh": "王小明", "en": "Jane Buyer"}


def other_language(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


def fill_buyer_signup(page: Page, lang: str, name: str, email: str) -> None:
    """Fill the buyer sign-up form by its labels (the page is open)."""
    page.get_by_label(t(lang, "Your name"), exact=True).fill(name)
    page.get_by_label(t(lang, "Email address"), exact=True).fill(email)
    page.get_by_label(t(lang, "Password"), exact=True).fill(PASSWORD)
    page.get_by_label(t(lang, "Repeat the password"), exact=True).fill(PASSWORD)
    page.get_by_label(t(lang, "Company (optional)"), exact=True).fill("Acme Import GmbH")
    page.get_by_label(t(lang, "Country code (optional)"), exact=True).fill("de")
    language_select = page.get_by_label(t(lang, "Language for mail and pages"), exact=True)
    expect(language_select).to_have_value(lang)  # preset to the page's language
    language_select.select_option(lang)


@pytest.mark.parametrize("lang", LANGS)
def test_buyer_signs_up_confirms_signs_in_and_switches_language(page: Page, mailbox, live_server, lang):
    email = f"buyer-{lang}@example.com"
    name = NAMES[lang]
    account_nav = page.get_by_role("navigation", name=t(lang, "Your account"))

    # From the home page to the buyer sign-up form, by the visible links
    page.goto(f"/{lang}/")
    expect(page.locator("html")).to_have_attribute("lang", HREFLANG[lang])
    account_nav.get_by_role("link", name=t(lang, "Join free"), exact=True).click()
    expect(page).to_have_url(re.compile(rf"/{lang}/account/signup$"))
    page.get_by_role("link", name=t(lang, "Sign up as a buyer"), exact=True).click()
    expect(page).to_have_url(re.compile(rf"/{lang}/account/signup/buyer$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Sign up as a buyer"))

    # The form, by its labels
    fill_buyer_signup(page, lang, name, email)
    page.get_by_role("button", name=t(lang, "Create my account"), exact=True).click()

    # Signed in, with the welcome message
    expect(page).to_have_url(re.compile(rf"/{lang}/account/$"))
    welcome = t(lang, "Welcome! We sent a confirmation link to %(email)s.", email=email)
    expect(page.get_by_role("status").filter(has_text=welcome)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Welcome, %(name)s", name=name))

    # The confirmation mail reached the SMTP server, in the chosen language
    message = mailbox.last_to(email)
    assert message["Subject"] == t(lang, "Confirm your email address for TradeWindow")
    body = mailbox.text_of(message)
    assert t(lang, "Hello %(name)s,", name=name) in body
    assert t(lang, "Please confirm your email address by opening this link:") in body
    link = mailbox.link_in(message)
    assert link.startswith(f"{live_server}/{lang}/account/verify/"), link

    # Opening the link confirms the address
    page.goto(link)
    expect(page).to_have_url(re.compile(rf"/{lang}/account/$"))
    expect(
        page.get_by_role("status").filter(has_text=t(lang, "Thank you: your email address is confirmed."))
    ).to_be_visible()

    # Sign out ...
    account_nav.get_by_role("button", name=t(lang, "Sign out"), exact=True).click()
    expect(page).to_have_url(re.compile(rf"/{lang}/$"))
    expect(page.get_by_role("status").filter(has_text=t(lang, "You are signed out."))).to_be_visible()
    expect(account_nav.get_by_role("button", name=t(lang, "Sign out"), exact=True)).to_have_count(0)

    # ... and in again through the sign-in form, reached from the header link
    account_nav.get_by_role("link", name=t(lang, "Sign in"), exact=True).click()
    expect(page).to_have_url(re.compile(rf"/{lang}/account/login$"))
    page.get_by_label(t(lang, "Email address"), exact=True).fill(email)
    page.get_by_label(t(lang, "Password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t(lang, "Sign in"), exact=True).click()
    # ... which leads back to the page the link was followed from, in its language
    expect(page).to_have_url(re.compile(rf"/{lang}/$"))
    expect(page.get_by_role("status").filter(has_text=t(lang, "You are signed in."))).to_be_visible()
    account_nav.get_by_role("link", name=name, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/{lang}/account/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Welcome, %(name)s", name=name))

    # The language switch leads to the same page in the other language
    other = other_language(lang)
    path_before = urlsplit(page.url).path
    switch = page.get_by_role("navigation", name=t(lang, "Language"))
    switch.get_by_role("link", name=LANGUAGE_NAMES[other], exact=True).click()
    expect(page).to_have_url(re.compile(rf"/{other}/account/$"))
    assert urlsplit(page.url).path == path_before.replace(f"/{lang}/", f"/{other}/", 1)
    expect(page.locator("html")).to_have_attribute("lang", HREFLANG[other])
    expect(page.get_by_role("heading", level=1)).to_have_text(t(other, "Welcome, %(name)s", name=name))
    other_nav = page.get_by_role("navigation", name=t(other, "Your account"))
    expect(other_nav.get_by_role("button", name=t(other, "Sign out"), exact=True)).to_be_visible()
    # and the switch now offers the way back
    back = page.get_by_role("navigation", name=t(other, "Language"))
    expect(back.get_by_role("link", name=LANGUAGE_NAMES[lang], exact=True)).to_have_attribute("href", path_before)


@pytest.mark.parametrize("lang", LANGS)
def test_failed_signup_shows_error_summary_whose_links_focus_the_fields(page: Page, mailbox, lang):
    page.goto(f"/{lang}/account/signup/buyer")
    page.get_by_label(t(lang, "Your name"), exact=True).fill(NAMES[lang])
    page.get_by_label(t(lang, "Email address"), exact=True).fill("not-an-email")
    page.get_by_label(t(lang, "Password"), exact=True).fill(PASSWORD)
    page.get_by_label(t(lang, "Repeat the password"), exact=True).fill(PASSWORD + "-typo")
    page.get_by_role("button", name=t(lang, "Create my account"), exact=True).click()

    # Still on the form, nothing sent
    expect(page).to_have_url(re.compile(rf"/{lang}/account/signup/buyer$"))
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("heading")).to_have_text(t(lang, "Please correct the following"))
    assert mailbox.to("not-an-email") == []

    # At the top: right under the page heading, before the form
    assert page.evaluate(
        """() => {
            const summary = document.querySelector('.error-summary');
            const h1 = document.querySelector('main h1');
            const form = document.querySelector('main form[method=post]');
            return Boolean(h1.compareDocumentPosition(summary) & Node.DOCUMENT_POSITION_FOLLOWING)
                && Boolean(summary.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    ), "the error summary must sit between the page heading and the form"

    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    expect(links.nth(0)).to_have_attribute("href", "#email")
    expect(links.nth(1)).to_have_attribute("href", "#confirm")

    email_link = summary.get_by_role("link", name=t(lang, "Enter an email address like name@example.com."))
    confirm_link = summary.get_by_role("link", name=t(lang, "The two passwords are not the same."))

    confirm_link.click()
    expect(page.locator("#confirm")).to_be_focused()
    email_link.click()
    email = page.locator("#email")
    expect(email).to_be_focused()

    # The fields say what is wrong, and keep what was typed
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_value("not-an-email")
    expect(email).to_have_accessible_description(
        re.compile(re.escape(t(lang, "Enter an email address like name@example.com.")))
    )
    expect(page.locator("#confirm")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label(t(lang, "Your name"), exact=True)).to_have_value(NAMES[lang])


@pytest.mark.parametrize("lang", LANGS)
def test_sign_in_and_out_work_without_javascript(new_context, make_user, lang):
    user = make_user(email=f"nojs-{lang}@example.com", lang=lang)
    context = new_context(java_script_enabled=False)
    page = context.new_page()

    # A failed attempt first: the server-rendered error summary
    page.goto(f"/{lang}/account/login")
    page.get_by_label(t(lang, "Email address"), exact=True).fill(user.email)
    page.get_by_label(t(lang, "Password"), exact=True).fill("wrong-password-123")
    page.get_by_role("button", name=t(lang, "Sign in"), exact=True).click()
    expect(page.locator(".error-summary")).to_be_visible()

    sign_in(page, user.email, lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Welcome, %(name)s", name=user.full_name))

    account_nav = page.get_by_role("navigation", name=t(lang, "Your account"))
    account_nav.get_by_role("button", name=t(lang, "Sign out"), exact=True).click()
    expect(page.get_by_role("status").filter(has_text=t(lang, "You are signed out."))).to_be_visible()


@pytest.mark.parametrize("lang", LANGS)
def test_verification_mail_declares_its_language(page: Page, mailbox, lang):
    """Mail clients and screen readers learn the language of the mail from its headers and markup."""
    email = f"lang-{lang}@example.com"
    page.goto(f"/{lang}/account/signup/buyer")
    fill_buyer_signup(page, lang, NAMES[lang], email)
    page.get_by_role("button", name=t(lang, "Create my account"), exact=True).click()
    expect(page).to_have_url(re.compile(rf"/{lang}/account/$"))

    message = mailbox.last_to(email)
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'<html lang="{HREFLANG[lang]}">' in html
    assert message["Content-Language"] == lang, (
        f"the mail has no Content-Language header (got {message['Content-Language']!r}); headers: {message.keys()}"
    )
