"""Sign-up, email verification, sign-in, remember-me, password reset, profile."""

import re

import pytest
from sqlalchemy import func, select

from core.accounts.models import User
from core.organizations.models import Organization
from tests.conftest import PASSWORD, csrf_from, login, submit

BUYER = {
    "full_name": "Anna Schmidt",
    "email": "Anna@Example.com",
    "password": "a-long-password-1",
    "confirm": "a-long-password-1",
    "company_name": "Schmidt Import GmbH",
    "country": "de",
    "preferred_language": "en",
}


def _user(app, email):
    with app.app_context():
        from core.extensions import db

        return db.session.scalar(select(User).where(User.email == email))


def test_buyer_signs_up_receives_mail_and_verifies(client, app, mailbox):
    response = submit(client, "/en/account/signup/buyer", BUYER)
    assert response.status_code == 302
    user = _user(app, "anna@example.com")
    assert user is not None and user.country == "DE" and user.email_verified_at is None
    mail = mailbox.last_to("anna@example.com")
    assert mail["Subject"] == "Confirm your email address for TradeWindow"
    assert mail.get_body(preferencelist=("html",)) is not None
    link = mailbox.link_in(mail)
    assert link.startswith(app.config["BASE_URL"] + "/en/account/verify/")
    page = client.get(link.removeprefix(app.config["BASE_URL"]), follow_redirects=True)
    assert page.status_code == 200
    assert "your email address is confirmed" in page.get_data(as_text=True)
    assert _user(app, "anna@example.com").email_verified_at is not None


def test_signup_mail_is_in_the_chosen_language(client, mailbox):
    data = dict(BUYER, email="li@example.com", preferred_language="zh")
    submit(client, "/en/account/signup/buyer", data)
    mail = mailbox.last_to("li@example.com")
    assert mail["Subject"] == "确认您在商务之窗的电子邮箱地址"
    assert "/zh/account/verify/" in mailbox.link_in(mail)


def test_duplicate_email_is_refused_with_a_message(client, app, make_user):
    make_user(email="anna@example.com")
    response = submit(client, "/en/account/signup/buyer", BUYER)
    assert response.status_code == 200
    assert "already exists" in response.get_data(as_text=True)
    with app.app_context():
        from core.extensions import db

        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_exhibitor_signup_registers_a_pending_organization(client, app, mailbox):
    data = {
        "full_name": "王海燕",
        "email": "wang@example.cn",
        "password": "a-long-password-1",
        "confirm": "a-long-password-1",
        "preferred_language": "zh",
        "name_zh": "宁波测试机械有限公司",
        "name_en": "",
        "uscc": "91350100m000100y43",
        "district": "330203",
        "industry": "machinery",
    }
    response = submit(client, "/zh/account/signup/exhibitor", data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        from core.extensions import db

        org = db.session.scalar(select(Organization))
        assert org.uscc == "91350100M000100Y43"
        assert org.status == "pending"
        assert org.members[0].role == "owner"
        assert org.members[0].user.email == "wang@example.cn"
    assert mailbox.to("wang@example.cn")


def test_duplicate_uscc_is_refused_with_a_message_that_says_so(client, app, make_org):
    make_org(uscc="91350100M000100Y43")
    data = {
        "full_name": "Li",
        "email": "li@example.cn",
        "password": "a-long-password-1",
        "confirm": "a-long-password-1",
        "preferred_language": "en",
        "name_zh": "另一家公司",
        "uscc": "91350100M000100Y43",
        "district": "330203",
        "industry": "machinery",
    }
    response = submit(client, "/en/account/signup/exhibitor", data)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "already registered" in body
    assert _user(app, "li@example.cn") is None  # nothing half-created

    response = submit(client, "/zh/account/signup/exhibitor", data)
    assert "已经注册" in response.get_data(as_text=True)


def test_invalid_uscc_gets_the_reason_in_both_languages(client):
    data = {
        "full_name": "Li",
        "email": "li@example.cn",
        "password": "a-long-password-1",
        "confirm": "a-long-password-1",
        "preferred_language": "en",
        "name_zh": "公司",
        "uscc": "91350100M000100Y44",
        "district": "330203",
        "industry": "machinery",
    }
    en = submit(client, "/en/account/signup/exhibitor", data).get_data(as_text=True)
    assert "The last character is 4, but the first 17 characters call for 3" in en  # the typo is named
    zh = submit(client, "/zh/account/signup/exhibitor", data).get_data(as_text=True)
    assert "校验码应为 3" in zh


def test_sign_in_and_out(client, make_user):
    user = make_user(email="buyer@example.com")
    login(client, user.email)
    page = client.get("/en/account/")
    assert page.status_code == 200 and user.full_name in page.get_data(as_text=True)
    submit(client, "/en/account/logout", {}, form_url="/en/account/")
    assert client.get("/en/account/").status_code == 302


def test_wrong_password_says_so_without_telling_which(client, make_user):
    make_user(email="buyer@example.com")
    wrong = submit(client, "/en/account/login", {"email": "buyer@example.com", "password": "nope-nope-nope"})
    unknown = submit(client, "/en/account/login", {"email": "nobody@example.com", "password": "nope-nope-nope"})
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "The email address or password is not correct." in response.get_data(as_text=True)


def test_remember_me_sets_a_persistent_httponly_cookie(client, make_user):
    make_user(email="buyer@example.com")
    response = submit(
        client, "/en/account/login", {"email": "buyer@example.com", "password": PASSWORD, "remember": "y"}
    )
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0] and "Expires=" in remember[0]
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie


def test_next_parameter_only_follows_local_paths(client, make_user):
    make_user(email="buyer@example.com")
    page = client.get("/en/account/login?next=https://evil.example/")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    response = client.post(
        "/en/account/login?next=https://evil.example/",
        data={"csrf_token": token, "email": "buyer@example.com", "password": PASSWORD},
    )
    assert response.status_code == 302 and "evil.example" not in response.headers["Location"]


def test_password_reset_link_works_once(client, app, make_user, mailbox):
    make_user(email="buyer@example.com", lang="en")
    response = submit(client, "/en/account/password/forgot", {"email": "buyer@example.com"})
    assert "If an account exists" in response.get_data(as_text=True)
    link = mailbox.link_in(mailbox.last_to("buyer@example.com")).removeprefix(app.config["BASE_URL"])
    new = {"password": "brand-new-password-9", "confirm": "brand-new-password-9"}
    assert submit(client, link, new).status_code == 302
    login(client, "buyer@example.com", "brand-new-password-9")
    submit(client, "/en/account/logout", {}, form_url="/en/account/")
    again = client.get(link)
    assert again.status_code == 400
    assert "invalid or has expired" in again.get_data(as_text=True)


def test_password_reset_for_unknown_email_sends_nothing_and_says_the_same(client, mailbox):
    response = submit(client, "/en/account/password/forgot", {"email": "ghost@example.com"})
    assert "If an account exists" in response.get_data(as_text=True)
    assert mailbox.messages == []


def test_expired_and_forged_links_are_refused(client, app, make_user):
    user = make_user(email="buyer@example.com")
    with app.test_request_context():
        from itsdangerous import URLSafeTimedSerializer

        from core.accounts.tokens import fingerprint

        signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="tradewindow.reset")
        # A token signed three hours ago is past the two-hour limit.
        import time
        from unittest import mock

        with mock.patch("itsdangerous.timed.time.time", return_value=time.time() - 3 * 3600):
            old = signer.dumps({"uid": user.id, "ph": fingerprint(user.password_hash)})
    assert client.get(f"/en/account/password/reset/{old}").status_code == 400
    assert client.get("/en/account/password/reset/not-a-token").status_code == 400
    assert client.get("/en/account/verify/forged.token.value").status_code == 400


def test_profile_changes_the_preferred_language(client, app, make_user):
    make_user(email="buyer@example.com", lang="en")
    login(client, "buyer@example.com")
    response = submit(
        client,
        "/en/account/profile",
        {"action": "profile", "full_name": "Anna S.", "preferred_language": "zh", "country": "", "company_name": ""},
    )
    assert response.status_code == 302 and response.headers["Location"].startswith("/zh/")
    assert _user(app, "buyer@example.com").preferred_language == "zh"


def test_change_password_needs_the_current_one(client, make_user):
    make_user(email="buyer@example.com")
    login(client, "buyer@example.com")
    response = submit(
        client,
        "/en/account/profile",
        {
            "action": "password",
            "pw-current_password": "wrong-password",
            "pw-password": "another-long-pw-1",
            "pw-confirm": "another-long-pw-1",
        },
    )
    assert "Your current password is not correct." in response.get_data(as_text=True)


def test_unverified_user_can_ask_for_a_new_link(client, make_user, mailbox):
    make_user(email="new@example.com", verified=False)
    login(client, "new@example.com")
    page = client.get("/en/account/")
    assert "Please confirm your email address" in page.get_data(as_text=True)
    submit(client, "/en/account/verify/resend", {}, form_url="/en/account/")
    assert mailbox.to("new@example.com")


def test_signing_in_from_a_page_goes_back_to_it(client, make_user):
    """The header's "Sign in" link is the same on every page; the page it was followed from
    comes with the request (Referer) and goes into the form."""
    user = make_user(lang="en")
    came_from = "/zh/exhibitors/?district=330203"
    page = client.get("/zh/account/login", headers={"Referer": f"http://localhost{came_from}"}).get_data(as_text=True)
    kept = re.search(r'name="next" value="([^"]+)"', page)
    assert kept and kept.group(1).replace("&amp;", "&") == came_from
    response = client.post(
        "/zh/account/login",
        data={"csrf_token": csrf_from(page), "email": user.email, "password": PASSWORD, "next": came_from},
    )
    assert response.status_code == 302 and response.headers["Location"] == came_from


def test_signing_in_with_nowhere_to_go_back_to_stays_in_the_page_language(client, make_user):
    user = make_user(lang="en")  # prefers English, signs in on a Chinese page
    assert login(client, user.email, lang="zh").headers["Location"].endswith("/zh/account/")


@pytest.mark.parametrize(
    "referrer", ["https://elsewhere.example/zh/exhibitors/", "http://localhost/zh/account/login", "javascript:alert(1)"]
)
def test_a_referrer_elsewhere_or_on_the_sign_in_pages_is_not_followed(client, make_user, referrer):
    page = client.get("/zh/account/login", headers={"Referer": referrer}).get_data(as_text=True)
    assert 'name="next"' not in page


def test_an_invalid_confirmation_link_offers_a_new_one(client, make_user, mailbox):
    make_user(email="late@example.com", verified=False)
    page = client.get("/en/account/verify/not-a-valid-token")
    text = page.get_data(as_text=True)
    assert page.status_code == 400 and "Send me a new confirmation link" in text
    assert "/en/account/verify/again" in text and "new password link" not in text
    sent = submit(client, "/en/account/verify/again", {"email": "late@example.com"})
    assert "a new confirmation link is on its way" in sent.get_data(as_text=True)
    mail = mailbox.text_of(mailbox.last_to("late@example.com"))
    assert "/en/account/verify/" in mail or "/account/verify/" in mail
    # The answer is the same for an address no unconfirmed account uses, and nothing is sent.
    before = len(mailbox.to("nobody@example.com"))
    other = submit(client, "/en/account/verify/again", {"email": "nobody@example.com"})
    assert "a new confirmation link is on its way" in other.get_data(as_text=True)
    assert len(mailbox.to("nobody@example.com")) == before


def test_an_invalid_confirmation_link_signed_in_resends_in_one_step(client, make_user, mailbox):
    make_user(email="late@example.com", verified=False)
    login(client, "late@example.com")
    text = client.get("/zh/account/verify/not-a-valid-token").get_data(as_text=True)
    assert 'action="/zh/account/verify/resend"' in text
    client.post("/zh/account/verify/resend", data={"csrf_token": csrf_from(text)})
    assert mailbox.to("late@example.com")
