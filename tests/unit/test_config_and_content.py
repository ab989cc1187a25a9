"""Configuration rules and the multilingual content helper."""

from types import SimpleNamespace

import pytest

import govportal
import marketplace
from core import create_app
from core.config import DEFAULT_SECRET_KEY, build_config, check_production
from i18n.content import localized


def test_production_refuses_the_default_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    # Refused before any extension is set up.
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(faces=[marketplace, govportal], env="production")


def test_production_refuses_a_short_secret_key():
    with pytest.raises(RuntimeError):
        check_production({"ENV_NAME": "production", "SECRET_KEY": "short"})
    check_production({"ENV_NAME": "production", "SECRET_KEY": "x" * 40})
    check_production({"ENV_NAME": "test", "SECRET_KEY": DEFAULT_SECRET_KEY})


@pytest.mark.parametrize("env", ["development", "production"])
def test_the_committed_key_signs_nothing_outside_tests(env):
    with pytest.raises(RuntimeError, match="public"):
        check_production({"ENV_NAME": env, "SECRET_KEY": DEFAULT_SECRET_KEY})


def test_make_run_gets_a_secret_key_of_its_own_kept_in_the_instance(monkeypatch, tmp_path):
    """Without SECRET_KEY (a fresh clone's make run) the key is random, made once, kept in
    instance/secret_key readable by its owner only, and the same on every later start."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    first = build_config("development")["SECRET_KEY"]
    path = tmp_path / "instance" / "secret_key"
    assert first != DEFAULT_SECRET_KEY and len(first) >= 48 and path.read_text().strip() == first
    assert path.stat().st_mode & 0o777 == 0o600
    assert build_config("development")["SECRET_KEY"] == first
    path.chmod(0o644)
    assert build_config("development")["SECRET_KEY"] == first and path.stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "other"))
    assert build_config("development")["SECRET_KEY"] != first  # each installation its own
    path.write_text("short\n")
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    with pytest.raises(RuntimeError, match="delete it"):
        build_config("development")
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    assert build_config("development")["SECRET_KEY"] == "k" * 40
    assert build_config("production")["SECRET_KEY"] == "k" * 40
    monkeypatch.delenv("SECRET_KEY")
    assert build_config("production")["SECRET_KEY"] == ""  # refused by check_production


def test_processes_starting_at_once_share_one_key(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    from core.config import instance_secret

    path = tmp_path / "secret_key"
    with ProcessPoolExecutor(4) as pool:
        keys = set(pool.map(instance_secret, [path] * 8))
    assert keys == {path.read_text().strip()} and not list(tmp_path.glob(".*.tmp"))


def test_embedded_defaults_and_environment_switches(monkeypatch, tmp_path):
    for name in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "MAIL_SERVER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    config = build_config("development")
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'tradewindow.db'}"
    assert config["REDIS_URL"] is None and config["MAIL_SERVER"] is None
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("REDIS_URL", "redis://h:1/0")
    config = build_config("production")
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert config["REDIS_URL"] == "redis://h:1/0"
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]


def test_unknown_environment_name_is_refused():
    with pytest.raises(RuntimeError, match="TRADEWINDOW_ENV"):
        build_config("staging")


def test_localized_value_falls_back_to_the_original_language_and_says_so():
    obj = SimpleNamespace(name_zh="宁波华宇机械", name_en=None, original_language="zh")
    zh = localized(obj, "name", "zh")
    en = localized(obj, "name", "en")
    assert (zh.text, zh.is_fallback) == ("宁波华宇机械", False)
    assert (en.text, en.lang, en.is_fallback) == ("宁波华宇机械", "zh", True)


def test_localized_value_prefers_the_requested_language():
    obj = SimpleNamespace(name_zh="华宇", name_en="Huayu", original_language="zh")
    assert localized(obj, "name", "en").text == "Huayu"
    assert not localized(obj, "name", "en").is_fallback


def test_localized_value_escapes_markup_when_rendered():
    obj = SimpleNamespace(name_zh="<script>x</script>", name_en=None, original_language="zh")
    html = localized(obj, "name", "zh").__html__()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_plain_excerpt_reads_like_the_rich_text():
    from core.text import plain_excerpt, sanitize_html

    stored = sanitize_html(
        "<p>优质<strong>不锈钢</strong>阀门 &amp; <em>fittings</em></p>"
        "<ul><li>MOQ 500</li><li>Lead time: 20 days</li></ul>"
        '<p><a href="https://example.com/?a=1&amp;b=2" title="a>b">Catalogue</a> &lt;PDF&gt;</p>'
        "<script>alert(1)</script>"
    )
    assert plain_excerpt(stored) == "优质不锈钢阀门 & fittings MOQ 500 Lead time: 20 days Catalogue <PDF>"
    assert plain_excerpt(stored, 12) == "优质不锈钢阀门 & f…"  # 12 characters with the ellipsis
    assert plain_excerpt(None) == plain_excerpt("") == ""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_number_and_money_shortcuts_write_what_babel_writes(lang):
    """core.templating formats common numbers without Babel's general machinery: same text."""
    from decimal import Decimal

    from babel.numbers import format_currency, format_decimal
    from flask import Flask
    from flask_babel import Babel, force_locale

    from core.templating import format_money, format_number

    app = Flask(__name__)
    Babel(app)
    with app.test_request_context(), force_locale(lang):
        for value in (0, 7, 999, 1000, 12345, -4321, 10**9 + 1):
            assert format_number(value) == format_decimal(value, locale=lang)
        for amount in (Decimal("0"), Decimal("8.8"), Decimal("12345.5"), Decimal("1000000")):
            for currency in ("USD", "CNY", "EUR"):
                assert format_money(amount, currency) == format_currency(amount, currency, locale=lang)


# ---------------------------------------------------------------- core.text.plain_text
@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Gate valve  ", "Gate valve"),
        ("\u200bGate valve\u200b", "Gate valve"),  # invisible at the ends: dropped
        ("\u3000闸阀\u3000", "闸阀"),
        ("Cafe\u0301", "Caf\u00e9"),  # composed: what looks the same is stored the same
        ("", ""),
    ],
)
def test_plain_text_keeps_what_a_reader_sees(typed, kept):
    from core.text import plain_text

    assert plain_text(typed) == kept


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("\u200b\u200b\u200d", "no visible characters"),
        ("\u2060\ufeff", "no visible characters"),
        ("Valve\u202eexe.jpg", "text-direction"),
        ("Valve\u2066x\u2069", "text-direction"),
        ("Valve\x85", "control characters"),  # C1
        ("Valve\x00", "control characters"),
        ("two\nlines", "one line"),
        ("<b>x</b>", "< or >"),
    ],
)
def test_plain_text_refuses_what_is_invisible_or_ambiguous_and_says_why(typed, message):
    from core.text import TextProblem, plain_text

    with pytest.raises(TextProblem, match=message):
        plain_text(typed)


def test_an_identifier_is_one_thing_however_it_was_typed():
    from core.text import TextProblem, plain_text

    assert plain_text("\uff27\uff36\uff0d\uff11\uff10\uff10", identifier=True) == "GV-100"
    assert plain_text("GV-100\u200b", identifier=True) == "GV-100"  # at the end: dropped
    with pytest.raises(TextProblem, match="invisible character"):
        plain_text("GV\u200b-100", identifier=True)
    assert plain_text("a\nb", multiline=True) == "a\nb"
