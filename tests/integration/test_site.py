"""Languages, URLs, security headers, health, sitemap and robots."""

import re

import pytest

from tests.conftest import make_other_app

PUBLIC_PAGES = [
    "/{lang}/",
    "/{lang}/expo/",
    "/{lang}/exhibitors/",
    "/{lang}/gov/",
    "/{lang}/account/login",
    "/{lang}/account/signup",
    "/{lang}/account/signup/buyer",
    "/{lang}/account/signup/exhibitor",
    "/{lang}/account/password/forgot",
    "/{lang}/search",
]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("en-US,en;q=0.9", "/en/"), ("zh-CN,zh;q=0.9", "/zh/"), ("de-DE,de;q=0.9,en;q=0.5", "/en/"), ("", "/zh/")],
)
def test_root_redirects_by_accept_language(client, accept, expected):
    response = client.get("/", headers={"Accept-Language": accept} if accept else {})
    assert response.status_code == 302
    assert response.headers["Location"] == expected
    assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_canonical_hreflang_and_language(client, app, lang, path):
    url = path.format(lang=lang)
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    base = app.config["BASE_URL"]
    other = "en" if lang == "zh" else "zh"
    assert f'<html lang="{"zh-Hans" if lang == "zh" else "en"}">' in html
    assert f'<link rel="canonical" href="{base}{url}">' in html
    assert f'hreflang="zh-Hans" href="{base}{path.format(lang="zh")}"' in html
    assert f'hreflang="en" href="{base}{path.format(lang="en")}"' in html
    assert 'hreflang="x-default"' in html
    # the language switch leads to the same page in the other language
    assert f'href="{path.format(lang=other)}"' in html


def test_language_switch_keeps_the_query_string(client):
    html = client.get("/en/search?q=valves&type=product").get_data(as_text=True)
    assert 'href="/zh/search?q=valves&amp;type=product"' in html


def test_pages_are_translated(client):
    zh = client.get("/zh/").get_data(as_text=True)
    en = client.get("/en/").get_data(as_text=True)
    assert "商务之窗" in zh and "登录" in zh
    assert "TradeWindow" in en and "Sign in" in en


def test_every_catalog_entry_is_translated():
    from babel.messages.pofile import read_po

    with open("i18n/translations/zh/LC_MESSAGES/messages.po", "rb") as f:
        catalog = read_po(f)
    untranslated = [m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []


def test_catalog_covers_every_string_in_the_code(tmp_path):
    """Strings added to code or templates but not extracted into the catalog are caught here."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2"), ("**/templates/**.txt", "jinja2")]
    found = set()
    for folder in ("core", "marketplace", "govportal", "i18n", "search"):
        for _filename, _lineno, message, _comments, _context in extract_from_dir(
            folder, method_map=method_map, keywords=keywords
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    with open("i18n/translations/zh/LC_MESSAGES/messages.po", "rb") as f:
        known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(f)}
    missing = sorted(found - known)
    assert missing == [], f"run `make translations-update` and translate: {missing}"


def test_security_headers(client):
    response = client.get("/en/account/login")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert re.search(r"script-src 'self' 'nonce-[A-Za-z0-9_\-]+'", csp)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    html = response.get_data(as_text=True)
    assert "<script>" not in html and " style=" not in html  # nothing inline that the CSP would block


def test_security_headers_are_talismans_own_with_a_fresh_nonce_each_time(app, client):
    """core.security.CachedTalisman keeps Talisman's headers while computing them once."""
    from flask import request
    from flask_talisman import Talisman

    from core.security import CSP

    talisman = app.extensions["talisman"]
    seen = []
    for path in ("/en/account/login", "/zh/", "/en/account/login"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        nonce = re.search(r"'nonce-([A-Za-z0-9_\-]+)'", csp).group(1)
        with app.test_request_context(path):
            request.csp_nonce = nonce
            assert csp == Talisman._parse_policy(talisman, CSP)  # the uncached computation
        seen.append(nonce)
        assert response.headers["Permissions-Policy"] == "geolocation=(), microphone=(), camera=()"
    assert len(set(seen)) == 3


def test_no_page_uses_inline_styles_or_scripts(client):
    for lang in ("zh", "en"):
        for path in PUBLIC_PAGES:
            html = client.get(path.format(lang=lang)).get_data(as_text=True)
            assert " style=" not in html and "<script>" not in html and "onclick=" not in html, path


def test_production_sends_hsts_and_secure_cookies(app):
    prod = make_other_app(app, env="production", SECRET_KEY="p" * 48)
    assert prod.config["SESSION_COOKIE_SECURE"] and prod.config["REMEMBER_COOKIE_SECURE"]
    response = prod.test_client().get("/en/account/login", base_url="https://tradewindow.example")
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    insecure = prod.test_client().get("/en/account/login", base_url="http://tradewindow.example")
    assert insecure.status_code in (301, 302) and insecure.headers["Location"].startswith("https://")


def test_error_pages_in_both_languages(client):
    en = client.get("/en/no-such-page")
    zh = client.get("/zh/no-such-page")
    assert en.status_code == zh.status_code == 404
    assert "Page not found" in en.get_data(as_text=True)
    assert "页面不存在" in zh.get_data(as_text=True) or "未找到" in zh.get_data(as_text=True)


def test_sitemap_index_lists_a_file_per_source_and_language(client, app):
    xml = client.get("/sitemap.xml")
    assert xml.status_code == 200 and xml.mimetype == "application/xml"
    body = xml.get_data(as_text=True)
    base = app.config["BASE_URL"]
    assert "<sitemapindex" in body
    for lang in ("zh", "en"):
        assert f"<loc>{base}/sitemaps/core-{lang}-1.xml</loc>" in body
        assert f"<loc>{base}/sitemaps/gov-{lang}-1.xml</loc>" in body


def test_sitemap_files_list_pages_with_alternates(client, app):
    base = app.config["BASE_URL"]
    zh = client.get("/sitemaps/core-zh-1.xml").get_data(as_text=True)
    assert f"<loc>{base}/zh/</loc>" in zh and f"<loc>{base}/en/</loc>" not in zh
    assert f'hreflang="en" href="{base}/en/"' in zh and 'hreflang="zh-Hans"' in zh
    gov = client.get("/sitemaps/gov-en-1.xml").get_data(as_text=True)
    assert f"<loc>{base}/en/gov/</loc>" in gov
    assert "/account/" not in zh + gov
    assert client.get("/sitemaps/nothing-en-1.xml").status_code == 404
    assert client.get("/sitemaps/core-en-2.xml").status_code == 404


def test_robots_names_the_sitemap_and_hides_private_areas(client, app):
    body = client.get("/robots.txt").get_data(as_text=True)
    assert f"Sitemap: {app.config['BASE_URL']}/sitemap.xml" in body
    assert "Disallow: /en/account/" in body and "Disallow: /zh/staff/" in body


def test_signed_in_pages_are_not_indexed(client, make_user):
    from tests.conftest import login

    make_user(email="buyer@example.com")
    login(client, "buyer@example.com")
    assert '<meta name="robots" content="noindex, nofollow">' in client.get("/en/account/").get_data(as_text=True)


def test_static_assets_are_served_locally(client):
    html = client.get("/en/").get_data(as_text=True)
    for href in re.findall(r'(?:href|src)="([^"]+\.(?:css|js|svg))"', html):
        assert href.startswith("/static/"), href
        assert client.get(href).status_code == 200
    assert "//cdn" not in html and "googleapis" not in html


def test_healthz_names_every_service(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body["checks"]) == {"database", "search", "queue", "mail", "rate_limits"}
    assert body["checks"]["rate_limits"]["ok"] is True
    assert body["checks"]["database"]["ok"] is True
    assert body["version"]


def test_healthz_is_503_when_the_database_is_down(app):
    broken = make_other_app(app, SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"]["ok"] is False


def test_healthz_reports_elasticsearch(app):
    from tests.conftest import require_service

    url = require_service("TEST_ELASTICSEARCH_URL", "The Elasticsearch-API test server")
    if not url:
        pytest.skip("no Elasticsearch-API server")
    up = make_other_app(app, ELASTICSEARCH_URL=url, ELASTICSEARCH_PLAIN_JSON=True)
    body = up.test_client().get("/healthz").get_json()
    assert body["checks"]["search"] == {
        "backend": "elasticsearch",
        "ok": True,
        "outbox": {"waiting": 0, "oldest_seconds": 0.0},
    }
    down = make_other_app(app, ELASTICSEARCH_URL="http://127.0.0.1:1")
    response = down.test_client().get("/healthz")
    assert response.status_code == 200  # the site still serves pages without search
    assert response.get_json()["checks"]["search"]["ok"] is False
    assert response.get_json()["status"] == "degraded"


def test_dates_numbers_and_money_follow_the_page_language(app):
    from datetime import UTC, datetime

    template = "{{ format_date(d, 'long') }}|{{ n|number }}|{{ 1234.5|money('USD') }}|{{ 88|money }}"
    when = datetime(2026, 11, 23, 12, tzinfo=UTC)
    rendered = {}
    for lang in ("zh", "en"):
        with app.test_request_context(f"/{lang}/"):
            from flask import g, render_template_string

            g.lang = lang
            rendered[lang] = render_template_string(template, d=when, n=1234567.5)
    assert rendered["en"] == "November 23, 2026|1,234,567.5|$1,234.50|CN¥88.00"
    assert rendered["zh"] == "2026年11月23日|1,234,567.5|US$1,234.50|¥88.00"


def test_constant_strings_in_templates_translate_like_calls(app):
    """core.templating.ConstantTranslations turns _("text") into a table lookup, same output."""
    env = app.jinja_env
    source = (
        '{{ _("Search") }}|{{ gettext( "Search" ) }}|{{ _("Page %(page)s", page=2) }}|'
        '{% set label = _("Search") %}{{ label }}|{{ _("100%% sure") }}|{{ obj._("Search") }}|'
        '{{ _("<b>") }}|{{ ngettext("%(num)s day", "%(num)s days", 2) }}'
    )

    class Obj:
        def _(self, text):
            return "method:" + text

    assert "_tw_text" in env.compile(source, raw=True)
    for lang, search in (("zh", "搜索"), ("en", "Search")):
        with app.test_request_context(f"/{lang}/"):
            from flask_babel import gettext, ngettext

            app.preprocess_request()
            out = env.from_string(source).render(obj=Obj())
            parts = out.split("|")
            assert parts[:2] == [search, search] and parts[3] == search
            assert parts[2] == gettext("Page %(page)s", page=2)
            assert parts[4] == "100% sure" and parts[5] == "method:Search"
            assert parts[6] == "<b>"  # translations are trusted markup, as with the call
            assert parts[7] == ngettext("%(num)s day", "%(num)s days", 2) == ("2天" if lang == "zh" else "2 days")


def test_canonical_and_hreflang_links_keep_only_the_page_number(client, app):
    base = app.config["BASE_URL"]
    html = client.get("/en/categories/?utm_source=x&q=<b>").get_data(as_text=True)
    assert f'<link rel="canonical" href="{base}/en/categories/">' in html
    assert f'hreflang="zh-Hans" href="{base}/zh/categories/">' in html
    html = client.get("/en/categories/?page=2&utm_source=x").get_data(as_text=True)
    assert f'<link rel="canonical" href="{base}/en/categories/?page=2">' in html
    assert f'hreflang="x-default" href="{base}/zh/categories/?page=2">' in html
    html = client.get("/en/categories/?page=1").get_data(as_text=True)
    assert f'<link rel="canonical" href="{base}/en/categories/">' in html
    switch = html[html.index('class="lang-switch"') :]
    assert 'href="/zh/categories/?page=1"' in switch[: switch.index("</nav>")]  # the language bar keeps it all


def test_a_session_signed_with_a_committed_key_opens_nothing_on_a_fresh_install(app, make_user, monkeypatch, tmp_path):
    """A fresh clone's make run (development, no SECRET_KEY) signs with a key of its own: a
    cookie forged with a key from the repository is a signed-out visitor; one signed with the
    installation's key (which only its owner can read) is the admin, so the test can fail."""
    from types import SimpleNamespace

    from flask.sessions import SecureCookieSessionInterface

    from core.config import DEFAULT_SECRET_KEY

    admin = make_user(account_type="staff", roles=["admin"])
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    fresh = make_other_app(app, env="development", INSTANCE_PATH=tmp_path)

    def forged(key: str) -> str:
        signer = SecureCookieSessionInterface().get_signing_serializer(
            SimpleNamespace(secret_key=key, config=fresh.config)
        )
        return signer.dumps({"_user_id": str(admin.id), "_fresh": True})

    for key, opens in ((DEFAULT_SECRET_KEY, False), ("dev-not-secret-change-me", False), (fresh.secret_key, True)):
        client = fresh.test_client()
        client.set_cookie(fresh.config["SESSION_COOKIE_NAME"], forged(key), domain="localhost")
        response = client.get("/en/staff/")
        assert (response.status_code == 200) is opens, (key, response.status_code)
