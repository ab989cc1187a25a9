"""Template globals and filters shared by every page: navigation, formatting, forms."""

from __future__ import annotations

from flask import current_app, request
from flask_babel import format_currency, format_date, format_datetime, format_decimal
from flask_login import current_user

from core.registry import get_registry


def init_app(app) -> None:
    @app.context_processor
    def _globals():
        from core.accounts.forms import EmptyForm

        return {
            "nav_links": get_registry(current_app).nav_links,
            "account_links": _account_links,
            "logout_form": EmptyForm() if current_user.is_authenticated else None,
            "site_name": "TradeWindow",
            "page_section": _section(),
        }

    from core.organizations.choices import DISTRICTS, INDUSTRIES

    app.jinja_env.globals.update(
        format_date=format_date, format_datetime=format_datetime, DISTRICTS=DISTRICTS, INDUSTRIES=INDUSTRIES
    )
    app.jinja_env.filters["number"] = lambda value: format_decimal(value)
    app.jinja_env.filters["money"] = lambda amount, currency="CNY": format_currency(amount, currency)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def _account_links():
    """The faces' menu entries this user may open (the same policies guard the pages)."""
    return [link for link in get_registry(current_app).account_links if link.policy.allows(current_user)]


def _section() -> str:
    endpoint = request.endpoint or ""
    if endpoint.startswith("govportal"):
        return "gov"
    if endpoint.startswith(("accounts", "staff")) or "_manage" in endpoint or endpoint.startswith("moderation"):
        return "account"
    return "expo"
