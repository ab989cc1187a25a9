"""Bad input gets a clear message in the user's language and changes nothing; never a 500."""

import re

import pytest
from sqlalchemy import func, select

from core.accounts.models import User
from core.organizations.models import Organization
from tests.conftest import csrf_from, login, submit

HOSTILE = [
    "",
    " " * 50,
    "x" * 5000,
    "<script>alert(1)</script>",
    "'; DROP TABLE users; --",
    "\x00\x01\x02",
    "名字\u202e\x7f",
]
SQL_LIKE = ("'; DROP TABLE users; --", "' OR 1=1 --")
FREE_TEXT = {"full_name", "company_name", "name_zh", "name_en", "address_zh", "contact_phone"}

BUYER_FIELDS = ["full_name", "email", "password", "confirm", "company_name", "country", "preferred_language"]
EXHIBITOR_FIELDS = [
    "full_name",
    "email",
    "password",
    "name_zh",
    "name_en",
    "uscc",
    "district",
    "industry",
    "address_zh",
    "website",
    "contact_phone",
    "preferred_language",
]

GOOD_BUYER = {
    "full_name": "Anna",
    "email": "anna@example.com",
    "password": "a-long-password-1",
    "confirm": "a-long-password-1",
    "company_name": "",
    "country": "",
    "preferred_language": "en",
}
GOOD_EXHIBITOR = {
    "full_name": "Li",
    "email": "li@example.cn",
    "password": "a-long-password-1",
    "confirm": "a-long-password-1",
    "preferred_language": "en",
    "name_zh": "测试公司",
    "name_en": "",
    "uscc": "91350100M000100Y43",
    "district": "330203",
    "industry": "machinery",
    "address_zh": "",
    "website": "",
    "contact_phone": "",
}


def _counts(app):
    with app.app_context():
        from core.extensions import db

        return (
            db.session.scalar(select(func.count()).select_from(User)),
            db.session.scalar(select(func.count()).select_from(Organization)),
        )


def _assert_stored_verbatim(app, response, value):
    """Text that looks like SQL is just text: stored as typed, and the tables are intact."""
    assert response.status_code == 302
    with app.app_context():
        from core.extensions import db

        user = db.session.scalar(select(User))
        org = db.session.scalar(select(Organization))
        stored = [user.full_name, user.company_name]
        if org is not None:
            stored += [org.name_zh, org.name_en, org.address_zh, org.contact_phone]
        assert value in stored


def _safe_post(client, url, data):
    page = client.get(url)
    token = csrf_from(page.get_data(as_text=True))
    encoded = {k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for k, v in data.items()}
    return client.post(url, data={"csrf_token": token, **encoded})


@pytest.mark.parametrize("field", BUYER_FIELDS)
@pytest.mark.parametrize("value", HOSTILE)
def test_buyer_signup_refuses_bad_values(client, app, field, value):
    data = dict(GOOD_BUYER, **{field: value})
    if field == "password":
        data["confirm"] = value
    response = _safe_post(client, "/en/account/signup/buyer", data)
    body = response.get_data(as_text=True)
    if field in ("company_name", "country") and value.strip() == "":
        assert response.status_code == 302  # optional fields may be left empty
        return
    if value in SQL_LIKE and field in FREE_TEXT:
        _assert_stored_verbatim(app, response, value)
        return
    if field == "password" and 10 <= len(value) <= 128 and len(set(value)) >= 4:
        assert response.status_code == 302  # any characters make a valid password; it is only hashed
        assert _counts(app) == (1, 0)
        return
    assert response.status_code == 200, body[:500]
    assert 'class="error-summary"' in body
    assert "<script>alert(1)</script>" not in body
    assert _counts(app) == (0, 0)


@pytest.mark.parametrize("field", EXHIBITOR_FIELDS)
@pytest.mark.parametrize("value", ["", "x" * 5000, "<b>bold</b>", "' OR 1=1 --", "\x00"])
def test_exhibitor_signup_refuses_bad_values(client, app, field, value):
    data = dict(GOOD_EXHIBITOR, **{field: value})
    response = _safe_post(client, "/en/account/signup/exhibitor", data)
    optional = field in ("name_en", "address_zh", "website", "contact_phone")
    if optional and value == "":
        assert response.status_code == 302
        return
    if value in SQL_LIKE and field in FREE_TEXT:
        _assert_stored_verbatim(app, response, value)
        return
    if field == "name_zh" and value == "":
        data["name_en"] = ""
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'class="error-summary"' in body
    assert "<b>bold</b>" not in body
    assert _counts(app) == (0, 0)


def test_error_summary_links_to_each_field_and_fields_are_marked(client):
    response = _safe_post(client, "/en/account/signup/buyer", dict(GOOD_BUYER, email="not-an-email", confirm="x"))
    body = response.get_data(as_text=True)
    assert 'href="#email"' in body and 'href="#confirm"' in body
    # Each message says which field it belongs to.
    assert re.search(r'href="#email"><span class="error-field">Email address</span>: ', body)
    zh = _safe_post(client, "/zh/account/signup/buyer", dict(GOOD_BUYER, email="not-an-email")).get_data(as_text=True)
    assert re.search(r'href="#email"><span class="error-field">电子邮[件箱][^<]*</span>: ', zh), zh[:200]
    assert 'aria-invalid="true"' in body and 'aria-describedby="email-error"' in body


def test_error_messages_are_in_the_page_language(client):
    response = _safe_post(client, "/zh/account/signup/buyer", dict(GOOD_BUYER, email=""))
    assert "此项为必填项" in response.get_data(as_text=True)


def test_form_without_csrf_token_changes_nothing(client, app):
    response = client.post("/en/account/signup/buyer", data=GOOD_BUYER)
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert _counts(app) == (0, 0)


def test_double_submit_creates_one_account(client, app):
    page = client.get("/en/account/signup/buyer")
    token = csrf_from(page.get_data(as_text=True))
    first = client.post("/en/account/signup/buyer", data={"csrf_token": token, **GOOD_BUYER})
    client.get("/en/account/")  # the browser follows the redirect, then the user presses back and submits again
    second = client.post("/en/account/signup/buyer", data={"csrf_token": token, **GOOD_BUYER})
    assert first.status_code == 302
    assert second.status_code in (200, 302)
    assert _counts(app)[0] == 1


def test_login_with_huge_or_hostile_input_never_errors(client, make_user):
    make_user(email="buyer@example.com")
    for value in HOSTILE:
        response = _safe_post(client, "/en/account/login", {"email": value, "password": value})
        assert response.status_code == 200


def test_invalid_utf8_in_a_form_never_errors(client, app):
    page = client.get("/en/account/signup/buyer")
    token = csrf_from(page.get_data(as_text=True))
    body = f"csrf_token={token}&full_name=%ED%A0%80%FF&email=%FF%FE@x&password=%C3%28".encode()
    response = client.post("/en/account/signup/buyer", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert _counts(app) == (0, 0)


def test_unknown_language_prefix_is_not_found(client):
    assert client.get("/fr/").status_code == 404
    assert client.get("/<script>/").status_code == 404


def test_profile_rejects_markup_in_name(client, make_user, app):
    make_user(email="buyer@example.com", full_name="Anna")
    login(client, "buyer@example.com")
    response = submit(
        client,
        "/en/account/profile",
        {"action": "profile", "full_name": "<img src=x onerror=1>", "preferred_language": "en"},
    )
    assert response.status_code == 200
    with app.app_context():
        from core.accounts.models import user_by_email

        assert user_by_email("buyer@example.com").full_name == "Anna"


def test_page_number_garbage_is_handled(client, make_user):
    make_user(email="mod@example.com", account_type="staff", roles=["moderator"])
    login(client, "mod@example.com")
    for page in ("-1", "abc", "99999999999999999999", "1e9"):
        assert client.get(f"/en/staff/organizations/?page={page}").status_code == 200
        assert client.get(f"/en/exhibitors/?page={page}").status_code == 200


@pytest.mark.parametrize("value", ["", "x" * 5000, "not-an-email", "<script>@x.com", "a@b"])
def test_forgot_password_refuses_bad_email_and_sends_nothing(client, mailbox, value):
    response = _safe_post(client, "/en/account/password/forgot", {"email": value})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.get_data(as_text=True)
    assert mailbox.messages == []


@pytest.mark.parametrize(
    ("password", "confirm"),
    [
        ("", ""),
        ("short", "short"),
        ("x" * 200, "x" * 200),
        ("a-long-password-1", "different-password-2"),
        ("aaaaaaaaaaaa", "aaaaaaaaaaaa"),
    ],
)
def test_reset_form_refuses_bad_passwords(client, app, make_user, mailbox, password, confirm):
    user = make_user(email="buyer@example.com")
    submit(client, "/en/account/password/forgot", {"email": "buyer@example.com"})
    link = mailbox.link_in(mailbox.last_to("buyer@example.com")).removeprefix(app.config["BASE_URL"])
    response = submit(client, link, {"password": password, "confirm": confirm})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.get_data(as_text=True)
    with app.app_context():
        from core.accounts.models import user_by_email

        assert user_by_email("buyer@example.com").password_hash == user.password_hash


@pytest.mark.parametrize(
    ("email", "role"),
    [("", "editor"), ("x" * 300 + "@x.com", "editor"), ("colleague@example.com", "admin"), ("<b>@x.com", "owner")],
)
def test_invite_form_refuses_bad_input(client, make_exhibitor, mailbox, email, role):
    owner = make_exhibitor(role="owner")
    login(client, owner.email)
    response = _safe_post(client, "/en/account/organization", {"email": email, "role": role})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.get_data(as_text=True)
    assert mailbox.messages == []


def test_inviting_an_existing_member_says_so(client, make_exhibitor, mailbox):
    owner = make_exhibitor(role="owner")
    login(client, owner.email)
    response = _safe_post(client, "/en/account/organization", {"email": owner.email, "role": "editor"})
    assert "already a member" in response.get_data(as_text=True)
    assert mailbox.messages == []


@pytest.mark.parametrize("decision", ["", "approve", "<x>"])
def test_staff_decision_with_bad_values_changes_nothing(client, app, make_user, make_org, decision):
    org = make_org(status="pending")
    mod = make_user(account_type="staff", roles=["moderator"])
    login(client, mod.email)
    page = client.get("/en/staff/organizations/")
    response = client.post(
        f"/en/staff/organizations/{org.id}/decide",
        data={"csrf_token": csrf_from(page.get_data(as_text=True)), "decision": decision, "reason": "x" * 600},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Please choose a decision" in response.get_data(as_text=True)
    with app.app_context():
        from core.extensions import db

        assert db.session.get(Organization, org.id).status == "pending"


def test_deciding_an_unknown_organization_is_not_found(client, make_user):
    mod = make_user(account_type="staff", roles=["moderator"])
    login(client, mod.email)
    page = client.get("/en/staff/organizations/")
    response = client.post(
        "/en/staff/organizations/999999/decide",
        data={"csrf_token": csrf_from(page.get_data(as_text=True)), "decision": "verified"},
    )
    assert response.status_code == 404


# ---------------------------------------------------------------- numbers and ids (core.inputs)
BEYOND_64_BITS = "99999999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        f"/en/products/{BEYOND_64_BITS}/",
        f"/en/products/{BEYOND_64_BITS}-valve/",
        f"/en/products/{2**63}-valve/",
        "/en/products/" + "9" * 5000 + "/",
        f"/sitemaps/products-en-{BEYOND_64_BITS}.xml",
        f"/sitemaps/products-en-{2**63 - 1}.xml",
        "/sitemaps/products-en-50001.xml",
    ],
)
def test_ids_beyond_what_the_database_holds_are_no_page(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("value", [BEYOND_64_BITS, "\u00b2", "-1", "1e3", "9" * 5000])
def test_ids_in_query_strings_are_ignored_when_they_cannot_be_ids(client, value):
    for url in (f"/en/exhibitors/?hall={value}", f"/en/exhibitors/?page={value}", f"/en/categories/?page={value}"):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("ids", [[BEYOND_64_BITS], ["\u00b2"], ["-1", "x" * 5000]])
def test_bulk_actions_with_ids_that_cannot_be_ids_change_nothing(client, app, make_user, make_exhibitor, ids):
    owner = make_exhibitor()
    login(client, owner.email)
    page = client.get("/en/account/catalog/").get_data(as_text=True)
    response = client.post(
        "/en/account/catalog/bulk", data={"csrf_token": csrf_from(page), "action": "archive", "ids": ids}
    )
    assert response.status_code in (302, 303, 200)
    mod = make_user(account_type="staff", roles=["moderator"])
    staff = app.test_client()
    login(staff, mod.email)
    page = staff.get("/en/staff/expo/products/").get_data(as_text=True)
    response = staff.post(
        "/en/staff/expo/products/bulk", data={"csrf_token": csrf_from(page), "decision": "approve", "ids": ids}
    )
    assert response.status_code < 500
    page = staff.get("/en/staff/organizations/").get_data(as_text=True)
    response = staff.post(
        "/en/staff/organizations/bulk", data={"csrf_token": csrf_from(page), "decision": "verified", "ids": ids}
    )
    assert response.status_code < 500


def test_two_sign_ups_with_one_email_at_once_give_one_account_and_a_message(client, app, monkeypatch):
    """Both pass the "is this email taken?" check before either commits (forced: the check
    misses); the database refuses the second and its visitor reads why (core.db.unique_error)."""
    from core.accounts import services

    first = app.test_client()
    page = first.get("/en/account/signup/buyer").get_data(as_text=True)
    assert first.post("/en/account/signup/buyer", data={"csrf_token": csrf_from(page), **GOOD_BUYER}).status_code == 302
    monkeypatch.setattr(services, "user_by_email", lambda email: None)
    page = client.get("/en/account/signup/buyer").get_data(as_text=True)
    second = client.post("/en/account/signup/buyer", data={"csrf_token": csrf_from(page), **GOOD_BUYER})
    assert second.status_code == 200
    assert "An account with this email address already exists." in second.get_data(as_text=True)
    assert _counts(app)[0] == 1


def test_a_body_over_the_limit_gets_the_413_page_signed_in_or_not(client, app, make_exhibitor, monkeypatch):
    """The error page used to build the sign-out form, which read the too-large body again: a
    bare 500 without security headers for signed-in users."""
    owner = make_exhibitor(lang="zh")
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)
    big = {"title_en": "x" * 10_000, "csrf_token": "x"}
    anonymous = client.post("/zh/account/login", data=big)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    login(client, owner.email, lang="zh")
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)
    signed_in = client.post("/zh/account/catalog/new", data=big)
    for response in (anonymous, signed_in):
        assert response.status_code == 413
        assert "Content-Security-Policy" in response.headers
        assert "过大" in response.get_data(as_text=True)


def test_the_import_takes_what_its_page_promises_and_no_more(client, app, make_exhibitor, monkeypatch):
    """core.security.accepts_body: the import's own limit (sheet + ZIP), not MAX_CONTENT_LENGTH."""
    import io

    owner = make_exhibitor()
    login(client, owner.email)
    page = client.get("/en/account/catalog/import").get_data(as_text=True)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)

    def upload():
        data = {"csrf_token": csrf_from(page), "file": (io.BytesIO(b"x" * 10_000), "catalog.txt")}
        return client.post("/en/account/catalog/import", data=data, content_type="multipart/form-data")

    assert upload().status_code in (200, 302)  # refused for its type, read in full
    view = app.view_functions["catalog_manage.import_upload"]
    monkeypatch.setattr(view, "max_body_bytes", 8192)
    assert upload().status_code == 413


def test_a_page_number_past_the_last_page_is_no_page(client, app, make_user, make_org, make_product, make_booth):
    """It used to answer "Page 99 of 2" with nothing on it; page 1 of nothing stays the empty state."""
    org = make_org()
    booth = make_booth(org=org)
    make_product(org.id)
    mod = make_user(account_type="staff", roles=["moderator"])
    urls = [
        "/en/categories/industrial-valves/?page={n}",
        f"/en/exhibitors/{booth.slug}/?page={{n}}",
        "/en/exhibitors/?page={n}",
    ]
    for url in urls:
        assert client.get(url.format(n=1)).status_code == 200, url
        assert client.get(url.format(n=99)).status_code == 404, url
    assert client.get("/en/categories/centrifugal-pumps/?page=1").status_code == 200  # empty, but page 1
    login(client, mod.email)
    assert client.get("/en/staff/organizations/?page=1").status_code == 200
    assert client.get("/en/staff/organizations/?page=99").status_code == 404


@pytest.mark.parametrize("url", ["/en/categories/%00/", "/en/exhibitors/?district=%00", "/zh/search?q=a%00b"])
def test_a_nul_character_in_the_address_is_a_clear_400(client, url):
    """PostgreSQL refuses NUL in text: a query with one was a 500 there."""
    response = client.get(url)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "NUL" in text
