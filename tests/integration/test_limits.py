"""Rate limits count the right people (core.limits): an office behind one address is not one
visitor, one account is not guessed at from many addresses, and a 429 says the real wait and
keeps what was typed."""

import re

import pytest

from tests.conftest import PASSWORD, csrf_from, make_other_app, submit


def _sign_in(client, email, password="wrong-pass-1", lang="en", address="10.0.0.1"):
    page = client.get(f"/{lang}/account/login", environ_base={"REMOTE_ADDR": address}).get_data(as_text=True)
    return client.post(
        f"/{lang}/account/login",
        data={"csrf_token": csrf_from(page), "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_colleagues_behind_one_address_do_not_lock_each_other_out(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN", "3 per minute")
    make_user(email="a@office.cn")
    make_user(email="b@office.cn")
    first, second = app.test_client(), app.test_client()
    statuses = [_sign_in(first, "a@office.cn").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert _sign_in(second, "b@office.cn", PASSWORD).status_code == 302  # same address, another account


def test_one_account_is_not_guessed_at_from_many_addresses(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN_ACCOUNT", "4 per hour")
    make_user(email="target@example.com")
    statuses = [_sign_in(app.test_client(), "TARGET@example.com ", address=f"10.0.1.{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


@pytest.mark.parametrize(
    ("lang", "words", "units"), [("en", "Please wait", ("second", "1 minute")), ("zh", "请等待", ("秒", "1分钟"))]
)
def test_the_429_page_says_the_real_wait_and_keeps_what_was_typed(
    client, app, make_user, monkeypatch, lang, words, units
):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN", "1 per minute")
    make_user(email="buyer@example.com")
    _sign_in(client, "buyer@example.com", lang=lang)
    response = _sign_in(client, "buyer@example.com", password="my-secret-guess", lang=lang)
    text = response.get_data(as_text=True)
    assert response.status_code == 429
    assert words in text and any(unit in text for unit in units) and "a few minutes" not in text
    assert 0 < int(response.headers["Retry-After"]) <= 61
    assert 'name="email" value="buyer@example.com"' in text  # kept, to send again
    assert "my-secret-guess" not in text and 'name="password"' not in text  # never a password


def test_the_wait_of_an_hourly_limit_is_told_in_minutes(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_SIGNUP", "1 per hour")
    submit(client, "/en/account/signup/buyer", {"email": "bad"})
    response = submit(client, "/en/account/signup/buyer", {"email": "bad", "full_name": "Li Lei"})
    text = response.get_data(as_text=True)
    assert response.status_code == 429 and re.search(r"Please wait (1 hour|\d\d minutes)", text), text[-2000:]
    assert 'name="full_name" value="Li Lei"' in text


def test_signed_in_forms_count_per_account(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_FORMS", "1 per minute")
    from tests.conftest import login, post_with_token

    first, second = app.test_client(), app.test_client()
    login(first, make_user(email="a@office.cn", verified=False).email)
    login(second, make_user(email="b@office.cn", verified=False).email)
    assert post_with_token(first, "/en/account/verify/resend", token_page="/en/account/").status_code == 302
    assert post_with_token(first, "/en/account/verify/resend", token_page="/en/account/").status_code == 429
    assert post_with_token(second, "/en/account/verify/resend", token_page="/en/account/").status_code == 302


def test_imports_count_per_organization(app, make_exhibitor, make_org, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_IMPORTS", "1 per hour")
    from tests.conftest import login, post_with_token

    org = make_org()
    colleague_a, colleague_b = make_exhibitor(org=org), make_exhibitor(org=org, role="editor")
    outsider = make_exhibitor()
    clients = {}
    for name, user in (("a", colleague_a), ("b", colleague_b), ("other", outsider)):
        clients[name] = app.test_client()
        login(clients[name], user.email)
    url = "/en/account/catalog/import"
    assert post_with_token(clients["a"], url, {}, token_page=url).status_code != 429
    assert post_with_token(clients["b"], url, {}, token_page=url).status_code == 429  # the same organization
    assert post_with_token(clients["other"], url, {}, token_page=url).status_code != 429


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_SIGNUP", "1 per minute")
    proxied = make_other_app(app, TRUSTED_PROXIES=1, RATELIMIT_SIGNUP="1 per minute")

    def sign_up(target, forwarded_for):
        client = target.test_client()
        headers = {"X-Forwarded-For": forwarded_for}
        page = client.get("/en/account/signup/buyer", headers=headers).get_data(as_text=True)
        data = {"csrf_token": csrf_from(page), "email": "bad"}
        return client.post("/en/account/signup/buyer", data=data, headers=headers).status_code

    # One proxy trusted: two clients behind it are two addresses.
    assert [sign_up(proxied, "203.0.113.7"), sign_up(proxied, "198.51.100.9")] == [200, 200]
    assert sign_up(proxied, "203.0.113.7") == 429
    # No proxy trusted (the default): a forged header does not escape the limit.
    assert [sign_up(app, "192.0.2.1"), sign_up(app, "192.0.2.2")] == [200, 429]
