"""Template globals and filters shared by every page: navigation, formatting, forms.

Pages call gettext, number and money formatting dozens of times each, so those helpers
look up the request's translations and locale once per request (``g``) instead of per call.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from decimal import Decimal
from functools import lru_cache

from flask import current_app, g, request
from flask_babel import format_date, format_datetime, format_percent, format_timedelta, get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.ext import Extension
from jinja2.lexer import Token
from markupsafe import Markup

from core import cache
from core.organizations import standing
from core.pagination import page_href
from core.registry import get_registry


def _translations():
    translations = g.get("_tw_translations")
    if translations is None:
        translations = g._tw_translations = get_translations()
    return translations


def _locale():
    locale = g.get("_tw_locale")
    if locale is None:
        locale = g._tw_locale = get_locale()
    return locale


def forget_language_cache() -> None:
    """Call after the request's language changes (mail rendered in another language)."""
    g.pop("_tw_translations", None)
    g.pop("_tw_locale", None)
    g.pop("_tw_fragment_state", None)


@lru_cache(maxsize=64)
def _patterns(locale_name: str):
    from babel import Locale

    locale = Locale.parse(locale_name)
    return locale, locale.decimal_formats.get(None), locale.currency_formats["standard"]


@lru_cache(maxsize=64)
def _simple_grouping(locale_name: str) -> bool:
    """Whether the locale writes whole numbers as 1,234,567 (en and zh do)."""
    locale, pattern, _currency = _patterns(locale_name)
    symbols = locale.number_symbols.get("latn", locale.number_symbols)
    return pattern.pattern.split(";")[0] == "#,##0.###" and symbols.get("group") == ","


def locale_name() -> str:
    """The request's locale, as Babel names it (``zh``, ``en``)."""
    return str(_locale())


def translations():
    """The request's translations (``ugettext``), looked up once per request."""
    return _translations()


def format_number(value, locale_name: str | None = None) -> str:
    if value is None:
        return ""
    locale_name = locale_name or str(_locale())
    if type(value) is int and _simple_grouping(locale_name):
        return f"{value:,}"  # what Babel's pattern gives, without its general machinery
    locale, pattern, _currency = _patterns(locale_name)
    return pattern.apply(value, locale)


@lru_cache(maxsize=256)
def _simple_money_prefix(locale_name: str, currency: str) -> str | None:
    """The currency symbol when the locale writes money as symbol + 1,234.56 (en and zh do)."""
    from babel.numbers import get_currency_precision, get_currency_symbol

    locale, _decimal, pattern = _patterns(locale_name)
    symbols = locale.number_symbols.get("latn", locale.number_symbols)
    simple = (
        pattern.pattern.split(";")[0] == "\xa4#,##0.00"
        and symbols.get("group") == ","
        and symbols.get("decimal") == "."
        and get_currency_precision(currency) == 2
    )
    return get_currency_symbol(currency, locale) if simple else None


def format_money(amount, currency: str = "CNY", locale_name: str | None = None) -> str:
    if amount is None:
        return ""
    locale_name = locale_name or str(_locale())
    value = Decimal(amount)
    prefix = _simple_money_prefix(locale_name, currency)
    if prefix is not None and value >= 0:
        return f"{prefix}{value:,.2f}"
    locale, _decimal, pattern = _patterns(locale_name)
    return pattern.apply(value, locale, currency=currency, currency_digits=True)


FRAGMENTS = cache.region("layout_fragments", max_entries=512)
FIXED_URLS = cache.region("fixed_urls", max_entries=512)  # static files and pages without arguments
CONSTANT_TEXTS = cache.region("constant_texts", max_entries=16)


def layout_fragment(template: str):
    """The rendered header or footer, reused across requests while nothing in it can differ.

    For signed-out visitors these depend only on the language and the page's endpoint (the
    current-page marker), so each combination is rendered once per process. Signed-in users
    see their name and a sign-out form with a CSRF token: rendered for every request.
    """
    from flask import render_template

    state = g.get("_tw_fragment_state")  # a page asks for two fragments: work this out once
    if state is None:
        state = g._tw_fragment_state = (current_user.is_authenticated, str(_locale()), request.endpoint)
    if state[0]:
        return Markup(render_template(template))  # noqa: S704 - an autoescaped template
    return FRAGMENTS.get_or_set(
        (template, state[1], state[2], request.script_root),
        lambda: Markup(render_template(template)),  # noqa: S704 - an autoescaped template
    )


# Whole pages as signed-out visitors see them. A booth page is about 25 KB: 2,500 pages are about
# 60 MB a worker at most; the host's shared store holds more (SHARED_CACHE_MB).
PAGES = cache.region("shared_pages", max_entries=2_500, shared=True)


def render_shared(template: str, content: Hashable, context: Callable[[], dict]) -> str:
    """A public page that every signed-out visitor sees alike, rendered once per content.

    ``content`` is everything the page shows that its address does not say: the frozen read
    models the view loaded and the (id, version) pairs of its cards. The HTML is kept under
    it, the template and the full address (path, query string, script root), so a page
    whose data changed is a new key and renders anew, in every process, with no
    invalidation to forget. ``context()`` builds the template's arguments (cards, JSON-LD),
    called only when the page is rendered. The region is shared: a page one worker rendered
    is served by the others too (``core.cache.SharedStore``).

    Signed-in users (their name and a sign-out form are in the header), a visitor with a
    message waiting (a flash) and a developer whose templates reload (``flask run --debug``)
    get a fresh render. A render that put a CSRF token or the
    request's CSP nonce into the page is not kept: those belong to one visitor.
    """
    from flask import render_template, session

    if current_user.is_authenticated or session.get("_flashes") or current_app.jinja_env.auto_reload:
        return render_template(template, **context())
    key = (template, current_app.config["BASE_URL"], request.script_root, request.full_path, content)
    html = PAGES.get(key)
    if html is None:
        html = render_template(template, **context())
        nonce = getattr(request, "csp_nonce", None)
        if current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") not in g and not (nonce and nonce in html):
            PAGES.set(key, html)
    return html


def fixed_url(endpoint: str) -> str:
    """``url_for(endpoint)`` of a page without arguments (but the language), built once per
    language and script root: home sections and breadcrumbs link the same few pages."""
    from flask import url_for

    from i18n import current_lang

    return FIXED_URLS.get_or_set((endpoint, current_lang(), request.script_root), lambda: url_for(endpoint))


def static_url(filename: str) -> str:
    """``url_for("static", filename=...)``, built once per file and script root: every page
    links the same stylesheet and icon."""
    from flask import url_for

    return FIXED_URLS.get_or_set((request.script_root, filename), lambda: url_for("static", filename=filename))


class SharedMacro:
    """A macro of a shared macros file, callable from any template without an import.

    ``{% from "macros.html" import pagination %}`` cost 15-20 µs on every render (Jinja
    compares the two templates' globals each time), and a listing page renders a page
    and up to 24 cards that each imported their macros. The file's module is built once
    and kept by Jinja; here we only look the macro up in it.
    """

    __slots__ = ("name", "template")

    def __init__(self, template: str, name: str):
        self.template, self.name = template, name

    def __call__(self, *args, **kwargs):
        module = current_app.jinja_env.get_template(self.template).module
        return getattr(module, self.name)(*args, **kwargs)


def share_macros(app, template: str, names: tuple[str, ...]) -> None:
    """Make ``names`` from the macros file ``template`` template globals (see SharedMacro)."""
    for name in names:
        if name in app.jinja_env.globals:
            raise RuntimeError(f"template global {name!r} exists already")
        app.jinja_env.globals[name] = SharedMacro(template, name)


def init_app(app) -> None:
    @app.context_processor
    def _globals():
        from core.accounts.forms import EmptyForm

        return {
            "nav_links": get_registry(current_app).nav_links,
            "account_links": _account_links,
            # formdata=None: the sign-out button never reads the request (an error page for a
            # body over the size limit would read it again and fail).
            "logout_form": EmptyForm(formdata=None) if current_user.is_authenticated else None,
            "site_name": "TradeWindow",
            "page_section": _section(),
            "_tw_text": _language_table(),  # the page's constants: a plain dict lookup each
        }

    from core.organizations.choices import DISTRICTS, INDUSTRIES

    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    # The same gettext, minus a layer: Jinja's newstyle wrappers go through two context calls
    # and a name lookup per string, and a page translates dozens of strings.
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext)
    app.jinja_env.globals["_tw_text"] = _ConstantTable()
    app.jinja_env.add_extension(ConstantTranslations)
    app.jinja_env.globals.update(
        layout_fragment=layout_fragment,
        static_url=static_url,
        fixed_url=fixed_url,
        page_href=page_href,
        format_date=format_date,
        format_datetime=format_datetime,
        format_timedelta=format_timedelta,
        format_percent=format_percent,
        DISTRICTS=DISTRICTS,
        INDUSTRIES=INDUSTRIES,
        CREDIT_STANDINGS=standing.STANDINGS,
        credit_record_url=standing.record_url,
    )
    share_macros(
        app,
        "macros.html",
        ("error_summary", "field", "pagination", "empty_state", "post_button", "filter_select", "credit_badge"),
    )
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["money"] = format_money
    if app.config.get("TEMPLATES_STRICT"):
        from jinja2 import StrictUndefined

        app.jinja_env.undefined = StrictUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


class ConstantTranslations(Extension):
    """``{{ _("Some text") }}`` without variables becomes ``_tw_text["Some text"]``.

    A page translates a dozen or two fixed strings, and each call went through Jinja's call
    machinery (about 3 µs). The lookup gives the same Markup from a per-language table for
    a tenth of that. Calls with variables, ``ngettext`` and ``_`` used as anything but a
    call of one string literal are left alone. Message extraction reads the template
    source, so it still sees ``_("Some text")``.
    """

    _CALLS = frozenset({"_", "gettext"})

    def filter_stream(self, stream):
        window: list[Token] = []  # a possible  _ ( "text" )  being read
        previous = None
        for token in stream:
            window.append(token)
            kinds = [t.type for t in window]
            if kinds == ["name"] and not (token.value in self._CALLS and (previous is None or previous.type != "dot")):
                pass
            elif kinds in (["name"], ["name", "lparen"], ["name", "lparen", "string"]):
                continue
            elif kinds == ["name", "lparen", "string", "rparen"]:
                line = window[0].lineno
                yield Token(line, "name", "_tw_text")
                yield Token(line, "lbracket", "[")
                yield window[2]
                yield Token(line, "rbracket", "]")
                previous, window = token, []
                continue
            yield from window
            previous, window = token, []
        yield from window


class _LanguageTable(dict):
    """One language's translated constants: text -> the Markup ``_(text)`` gives."""

    __slots__ = ("translations",)

    def __init__(self, translations):
        super().__init__()
        self.translations = translations

    def __missing__(self, text: str) -> Markup:
        found = self[text] = Markup(self.translations.ugettext(text)) % {}  # noqa: S704 - like _()
        return found


def _language_table() -> _LanguageTable:
    translations = _translations()
    table = CONSTANT_TEXTS.get(id(translations))
    if table is None or table.translations is not translations:
        table = CONSTANT_TEXTS.set(id(translations), _LanguageTable(translations))
    return table


class _ConstantTable:
    """``_tw_text[text]`` where no page context gave the request's table (macros, cards)."""

    __slots__ = ()

    def __getitem__(self, text: str) -> Markup:
        return _language_table()[text]


@pass_eval_context
def _template_gettext(eval_ctx, string: str, **variables):
    rv = _translations().ugettext(string)
    if eval_ctx.autoescape:
        rv = Markup(rv)  # noqa: S704 - the catalog's own text; variables are escaped by %
    return rv % variables  # newstyle gettext: always formatted ("%%" is a percent sign)


@pass_eval_context
def _template_ngettext(eval_ctx, singular: str, plural: str, count: int, /, **variables):
    # As Jinja's own newstyle ngettext: ``num`` is the count unless the call gives it (the
    # count formatted, say "10,000+").
    variables.setdefault("num", count)
    rv = _translations().ungettext(singular, plural, count)
    if eval_ctx.autoescape:
        rv = Markup(rv)  # noqa: S704 - the catalog's own text; variables are escaped by %
    return rv % variables


def _account_links():
    """The faces' menu entries this user may open (the same policies guard the pages)."""
    return [link for link in get_registry(current_app).account_links if link.policy.allows(current_user)]


# The signed-in areas of the URL scheme (/<lang>/account/..., /<lang>/staff/...): pages there
# say noindex, and robots.txt keeps crawlers out, whichever face serves them.
PRIVATE_AREAS = ("account", "staff")


def _section() -> str:
    """ "account" on the signed-in areas' pages, "public" elsewhere."""
    parts = request.path.split("/", 3)
    return "account" if len(parts) > 2 and parts[2] in PRIVATE_AREAS else "public"
