"""Command-line tools: ``flask users ...``, ``flask demo load``, ``flask jobs ...``."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from core.access import STAFF_ROLES

users_cli = AppGroup("users", help="Manage accounts.")
demo_cli = AppGroup("demo", help="Demo data.")
jobs_cli = AppGroup("jobs", help="Background jobs.")


def _request_context():
    """url_for and templates in commands: a request context on the public base URL."""
    return current_app.test_request_context("/", base_url=current_app.config["BASE_URL"])


@users_cli.command("create-staff")
@click.argument("email")
@click.option("--role", type=click.Choice(STAFF_ROLES), required=True)
@click.option("--name", default=None, help="Full name (default: the part before @).")
@click.option("--password", default=None, help="Password (prompted for when left out).")
def create_staff(email, role, name, password):
    """Create a staff account with ROLE, or add ROLE to an existing staff account."""
    from core.accounts.models import user_by_email
    from core.accounts.services import create_staff as create
    from core.db import commit
    from core.errors import DomainError

    with _request_context():
        if user_by_email(email) is None and not password:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        try:
            user = create(email, role, password or "", full_name=name)
        except DomainError as exc:
            raise click.ClickException(str(exc.message)) from None
        commit()
        click.echo(f"{user.email}: staff roles {', '.join(sorted(user.roles))}")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
@click.option(
    "--products",
    type=click.IntRange(min=0),
    default=0,
    help="Also generate this many published products (bulk data for benchmarks; each run adds more).",
)
def demo_load(if_empty, products):
    """Fill the database with bilingual demo content (safe to run again)."""
    from core.demo import load_demo

    with _request_context():
        logins = load_demo(if_empty=if_empty)
        if logins is not None and products:
            _bulk_products(products)
    if logins is None:
        click.echo("Database already has data; demo not loaded.")
        return
    print_logins(logins)


def _bulk_products(count: int) -> None:
    """Run the faces' bulk generators, with a progress line every few seconds (on stderr)."""
    import time

    from core.registry import get_registry

    generators = get_registry(current_app).demo_bulk_loaders
    if not generators:
        raise click.ClickException("No face provides bulk demo products.")
    started = last = time.monotonic()

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done < total and now - last < 3:
            return
        last = now
        rate = done / max(now - started, 1e-9)
        click.echo(f"products: {done:,}/{total:,} ({rate:,.0f}/s)", err=True)

    for generate in generators:
        generate(count, progress=progress)
    # bench/run.py reads this line for the generator's speed.
    click.echo(f"{count:,} products added in {time.monotonic() - started:.1f} s", err=True)


def print_logins(logins):
    click.echo(f"\nDemo logins (password for all: {logins['password']})")
    for role, email in logins["accounts"]:
        click.echo(f"  {role:<22} {email}")
    click.echo("")


@jobs_cli.command("requeue")
@click.option("--minutes", default=10, show_default=True, help="Only rows queued longer than this.")
def jobs_requeue(minutes):
    """Send queued jobs again that never reached a worker (e.g. Redis was down)."""
    from core.jobs import requeue_stale

    with _request_context():
        count = requeue_stale(timedelta(minutes=minutes))
    click.echo(f"{count} job(s) sent again.")


@jobs_cli.command("worker")
@click.argument("queues", nargs=-1)
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
def jobs_worker(queues, burst):
    """Run jobs from Redis (REDIS_URL) as an RQ worker; QUEUES default to mail and default."""
    from core.jobs import QUEUES, work

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: without it jobs run in the web process.")
    unknown = set(queues) - set(QUEUES)
    if unknown:
        raise click.ClickException(f"unknown queues {', '.join(sorted(unknown))}; known: {', '.join(QUEUES)}")
    work(current_app._get_current_object(), queues or QUEUES, burst=burst)


def init_app(app) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(jobs_cli)
