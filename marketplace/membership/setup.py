"""Mounting membership: its pages, the webhook, its jobs and the ``flask billing`` commands."""

from __future__ import annotations

from datetime import time

import click
from flask.cli import AppGroup
from flask_babel import lazy_gettext as _l

from core import access, schedule
from core.registry import AccountLink, NavLink

cli = AppGroup("billing", help="Member tiers paid through Stripe.")


@cli.command("stripe-setup")
def stripe_setup() -> None:
    """Create in the Stripe account the product and price of each tier price we sell (under
    our ids, member_tier_prices.stripe_price), unless it is there already."""
    from sqlalchemy import select

    from core.extensions import db
    from marketplace.membership import stripe_api
    from marketplace.membership.models import TierPrice

    if not stripe_api.enabled():
        raise click.ClickException("STRIPE_SECRET_KEY is not set: online payment is off.")
    for price in db.session.scalars(select(TierPrice).order_by(TierPrice.id)):
        created = stripe_api.ensure_price(
            price.stripe_price,
            tier_name=f"TradeWindow {price.tier.name_en} / {price.tier.name_zh}",
            tier_code=price.tier_code,
            amount=price.amount,
            currency=price.currency,
            interval=price.interval,
        )
        click.echo(f"{price.stripe_price}: {'created' if created else 'already there'}")


@cli.command("reconcile")
def reconcile_command() -> None:
    """Compare every subscription with Stripe now, fix and print drift."""
    from marketplace.membership import billing

    click.echo(billing.reconcile())


def init_app(app, site) -> None:
    from marketplace.membership import billing as _billing, manage, views  # noqa: F401 - billing registers its jobs

    for bp in (views.bp, views.account_bp, views.webhook_bp, manage.bp):
        app.register_blueprint(bp)
    app.cli.add_command(cli)
    schedule.periodic("billing.daily", daily_at=time(1, 30))
    schedule.periodic("billing.retry_events")
    site.nav_links.append(NavLink("membership.index", _l("Membership"), "expo"))
    site.account_links.extend(
        [
            AccountLink("billing.index", _l("Membership and billing"), access.EXHIBITOR),
            AccountLink("membership_manage.index", _l("Granted tiers"), access.staff("admin")),
        ]
    )
