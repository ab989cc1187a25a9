"""Languages: locale negotiation, the /<lang>/ URL prefix and multilingual content helpers.

Every public page lives under ``/<lang>/``. ``init_app`` pops ``lang`` from the URL into
``g.lang`` and puts it back into every ``url_for`` that needs it, so views and templates
never pass the language by hand. English is the source language of the code; the Chinese
catalog lives in ``i18n/translations/zh``.
"""

from __future__ import annotations

from flask import abort, current_app, g, has_request_context, request
from flask_babel import get_locale
from markupsafe import Markup, escape

from i18n.content import Localizable, LocalizedText, Multilingual, localized

__all__ = [
    "Localizable",
    "LocalizedText",
    "Multilingual",
    "alternate_urls",
    "best_language",
    "current_lang",
    "init_app",
    "localized",
]

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
HREFLANG = {"zh": "zh-Hans", "en": "en"}


def languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def best_language() -> str:
    """The language for a request without a /<lang>/ prefix: profile, then Accept-Language."""
    from flask_login import current_user

    langs = languages()
    pref = getattr(current_user, "preferred_language", None) if current_user else None
    if pref in langs:
        return pref
    return request.accept_languages.best_match(langs) or current_app.config["BABEL_DEFAULT_LOCALE"]


def _lang_from_path() -> str | None:
    """The /<lang>/ prefix of a URL that matched no route (for its 404 page)."""
    first = request.path.lstrip("/").split("/", 1)[0]
    return first if first in languages() else None


def current_lang() -> str:
    lang = getattr(g, "lang", None)
    if lang:
        return lang
    if has_request_context() and (lang := _lang_from_path()):
        return lang
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]).split("_")[0]


def _locale_selector() -> str:
    lang = getattr(g, "lang", None)
    if lang:
        return lang
    try:
        return _lang_from_path() or best_language()
    except RuntimeError:  # outside a request
        return current_app.config["BABEL_DEFAULT_LOCALE"]


def url_for_language(lang: str) -> str:
    """This page's URL in another language (same endpoint, arguments and query string)."""
    from flask import url_for

    endpoint = request.endpoint
    if not endpoint or not current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        return url_for("core.home", lang=lang)
    query = request.query_string.decode("utf-8", "replace")
    # Every page with a language lives under /<lang>/: swapping that prefix gives what
    # url_for would build, without building it (a page computes this for every language).
    path, current = request.path, getattr(g, "lang", None)
    if current and path.startswith(f"/{current}/") and path.isascii() and "%" not in path:
        url = f"{request.script_root}/{lang}/{path[len(current) + 2 :]}"
    else:
        args = dict(request.view_args or {})
        args["lang"] = lang
        url = url_for(endpoint, **args)
    return f"{url}?{query}" if query else url


def page_languages() -> dict[str, str]:
    """{lang: this page's path in lang}, computed once per request (canonical, hreflang, switch)."""
    paths = g.get("_tw_page_languages")
    if paths is None:
        paths = g._tw_page_languages = {lang: url_for_language(lang) for lang in languages()}
    return paths


def alternate_urls(external: bool = True) -> list[tuple[str, str]]:
    """(hreflang, absolute url) for every language of the current page."""
    base = current_app.config["BASE_URL"].rstrip("/") if external else ""
    return [(HREFLANG[lang], base + path) for lang, path in page_languages().items()]


def head_alternates() -> Markup:
    """This page's canonical link and its hreflang alternates (x-default: the first language),
    with no query string but the page number.

    Built here rather than in base.html: every page has them, and a loop of template
    expressions cost several times more.
    """
    # Of the query string only the page number names a different page: tracking or stray
    # parameters would otherwise make every variant a page of its own for search engines.
    page = request.args.get("page", "")
    query = f"?page={page}" if page.isdigit() and page.lstrip("0") not in ("", "1") else ""
    pages = {code: path.split("?", 1)[0] + query for code, path in page_languages().items()}
    base = current_app.config["BASE_URL"].rstrip("/")
    canonical = pages.get(current_lang()) or next(iter(pages.values()))
    links = [f'<link rel="canonical" href="{escape(base + canonical)}">']
    links += [
        f'<link rel="alternate" hreflang="{HREFLANG[code]}" href="{escape(base + path)}">'
        for code, path in pages.items()
    ]
    links.append(f'<link rel="alternate" hreflang="x-default" href="{escape(base + next(iter(pages.values())))}">')
    return Markup("\n  ".join(links))  # noqa: S704 - every value above is escaped


def language_switch() -> Markup:
    """The language bar's items: this page in each language, the current one marked."""
    lang, pages = current_lang(), page_languages()
    items = []
    for code in languages():
        tag, name = HREFLANG[code], LANGUAGE_NAMES[code]
        if code == lang:
            items.append(f'<li><span aria-current="true" lang="{tag}">{name}</span></li>')
        else:
            items.append(f'<li><a href="{escape(pages[code])}" hreflang="{tag}" lang="{tag}">{name}</a></li>')
    return Markup("\n".join(items))  # noqa: S704 - constants and escaped URLs


def init_app(app, babel) -> None:
    babel.init_app(app, locale_selector=_locale_selector)

    @app.url_value_preprocessor
    def _pop_lang(endpoint, values):
        if values and "lang" in values:
            lang = values.pop("lang")
            if lang not in app.config["LANGUAGES"]:
                abort(404)
            g.lang = lang

    @app.url_defaults
    def _add_lang(endpoint, values):
        if "lang" in values or not app.url_map.is_endpoint_expecting(endpoint, "lang"):
            return
        values["lang"] = current_lang()

    # Globals, not a context processor: macros imported without context can use them, and a
    # page render does not rebuild this dict.
    app.jinja_env.globals.update(
        current_lang=current_lang,
        url_for_language=url_for_language,
        page_languages=page_languages,
        alternate_urls=alternate_urls,
        head_alternates=head_alternates,
        language_switch=language_switch,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        HREFLANG=HREFLANG,
        languages=languages,
    )
    app.jinja_env.filters["localized"] = lambda obj, field: localized(obj, field, current_lang())
