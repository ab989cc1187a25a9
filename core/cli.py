"""Command-line tools: ``flask users ...``, ``flask jobs ...`` (``flask demo`` lives in the demo package)."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from core.access import STAFF_ROLES

users_cli = AppGroup("users", help="Manage accounts.")
jobs_cli = AppGroup("jobs", help="Background jobs.")
search_cli = AppGroup("search", help="The search index: rebuild, status, drain the outbox.")


def request_context():
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

    with request_context():
        if user_by_email(email) is None and not password:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        try:
            user = create(email, role, password or "", full_name=name)
        except DomainError as exc:
            raise click.ClickException(str(exc.message)) from None
        commit()
        click.echo(f"{user.email}: staff roles {', '.join(sorted(user.roles))}")


@jobs_cli.command("requeue")
@click.option("--minutes", default=10, show_default=True, help="Only rows queued longer than this.")
def jobs_requeue(minutes):
    """Send queued jobs again that never reached a worker (e.g. Redis was down)."""
    from core.jobs import requeue_stale

    with request_context():
        count = requeue_stale(timedelta(minutes=minutes))
    click.echo(f"{count} job(s) sent again.")


@jobs_cli.command("tick")
def jobs_tick():
    """Enqueue the periodic jobs that are due (run it from cron every minute)."""
    from core.schedule import tick

    with request_context():
        started = tick()
    click.echo(f"{len(started)} periodic job(s) started{': ' + ', '.join(started) if started else ''}.")


@jobs_cli.command("scheduler")
@click.option("--interval", default=60.0, show_default=True, help="Seconds between ticks.")
def jobs_scheduler(interval):
    """Tick every minute until stopped: the periodic jobs (digests, response rates) start on time."""
    from core.schedule import loop

    click.echo(f"scheduler: ticking every {interval:g} s")
    with request_context():
        loop(interval)


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


@search_cli.command("reindex")
@click.option("--type", "types", multiple=True, help="Only this document type (repeatable).")
@click.option("--if-empty", is_flag=True, help="Only when the index holds nothing and the database has documents.")
def search_reindex(types, if_empty):
    """Rebuild the index from the database; searches see the old index until the new one is
    complete, then what changed meanwhile is applied again."""
    import json

    from core import search

    if if_empty:
        state = search.status()
        if any(state["documents"].values()) or not any(state["database"].values()):
            click.echo("The search index is in use or there is nothing to index; not rebuilt.")
            return
    try:
        result = search.reindex(types or None, report=lambda line: click.echo(line, err=True))
    except KeyError as exc:
        raise click.BadParameter(f"unknown document type: {exc.args[0]}", param_hint="--type") from None
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


@search_cli.command("status")
def search_status():
    """Documents per type in the index and in the database, and the outbox's lag."""
    import json

    from core import search

    click.echo(json.dumps(search.status(), ensure_ascii=False, indent=2, default=str))


@search_cli.command("drain")
def search_drain():
    """Index what waits in the outbox (run it from cron every minute as a safety net)."""
    from core import search

    click.echo(f"{search.drain()} change(s) indexed")


def init_app(app) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(search_cli)
