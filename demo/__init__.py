"""Demo and benchmark data, outside the request path: ``flask demo load``.

``load_demo()`` fills a database with the bilingual demo that ``make run`` shows a newcomer:
organizations and an account for every role (``accounts``), then the expo with its category
tree, exhibitions, halls, 40 exhibitors and 400 products with images (``expo``), and 64
buyer requests in both languages (``sourcing``), the government portal's units, district
staff and published items with their files (``portal``), and enterprise credit records: one
for each demo exhibitor and 6,000 generated enterprises (``credit``). It is idempotent.
``--products N``, ``--requests N`` and ``--publications N`` add N generated products, buyer
requests or published portal items for the benchmark (``bulk``); ``--enterprises N`` makes the
generated credit records N (the benchmark's 100,000).

Nothing in core or the faces imports this package (import-linter checks it); the composition
root (``wsgi.py``) adds its command to the app.
"""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from demo.accounts import DEMO_PASSWORD

demo_cli = AppGroup("demo", help="Demo data.")


def load_demo(if_empty: bool = False, enterprises: int | None = None) -> dict | None:
    """The whole demo, committed; None when ``if_empty`` and the database has users already.
    ``enterprises``: the generated credit records it holds (default ``DEMO_ENTERPRISES``)."""
    from core.accounts.models import User
    from core.db import commit
    from core.extensions import db
    from demo.accounts import load_accounts
    from demo.credit import DEMO_ENTERPRISES, generate_enterprises, load_credit
    from demo.expo import load_expo
    from demo.portal import load_portal
    from demo.sourcing import load_leads, load_requests

    if if_empty and db.session.scalar(select(func.count()).select_from(User)):
        return None
    accounts = load_accounts()
    load_expo()
    load_requests()
    load_leads()
    accounts += load_portal()
    load_synonyms()
    load_credit()
    commit()
    generate_enterprises(DEMO_ENTERPRISES if enterprises is None else enterprises)
    commit()
    return {"password": DEMO_PASSWORD, "accounts": accounts}


# What buyers call the same thing (staff keep this list at /<lang>/staff/synonyms/).
DEMO_SYNONYMS = (
    "水泵 = 泵 = pump = 8413",
    "阀门 = 阀 = valve = 8481",
    "LED = 发光二极管 = 灯",
    "箱包 = 行李箱 = luggage = suitcase",
    "T恤 = tee = t-shirt",
)


def load_synonyms() -> None:
    from core.extensions import db
    from core.search import Synonym, split_synonyms, synonyms_changed

    known = {s.terms for s in db.session.scalars(select(Synonym))}
    for line in DEMO_SYNONYMS:
        terms = " = ".join(split_synonyms(line))
        if terms not in known:
            db.session.add(Synonym(terms=terms, note="demo"))
    synonyms_changed()


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
@click.option(
    "--products",
    type=click.IntRange(min=0),
    default=0,
    help="Also generate this many published products (bulk data for benchmarks; each run adds more).",
)
@click.option(
    "--requests",
    type=click.IntRange(min=0),
    default=0,
    help="Also generate this many published buyer requests (bulk data for benchmarks; each run adds more).",
)
@click.option(
    "--publications",
    type=click.IntRange(min=0),
    default=0,
    help="Also generate this many published portal items, 40 % policies (bulk data for benchmarks; each run adds"
    " more).",
)
@click.option(
    "--enterprises",
    type=click.IntRange(min=0),
    default=6000,
    show_default=True,
    help="How many generated enterprises the credit records hold (adds those missing; bulk data for benchmarks).",
)
def demo_load(if_empty, products, requests, publications, enterprises):
    """Fill the database with bilingual demo content (safe to run again)."""
    from core.cli import request_context
    from demo.bulk import generate_products, generate_publications, generate_requests
    from demo.credit import generate_enterprises

    with request_context():
        logins = load_demo(if_empty=if_empty, enterprises=0)
        if logins is not None:
            _bulk("enterprises", enterprises, generate_enterprises)
            _bulk("products", products, generate_products)
            _bulk("requests", requests, generate_requests)
            _bulk("publications", publications, generate_publications)
    if logins is None:
        click.echo("Database already has data; demo not loaded.")
        return
    print_logins(logins)


def _bulk(kind: str, count: int, generate) -> None:
    """``generate(count)``, with a progress line every few seconds (on stderr)."""
    if not count:
        return
    started = last = time.monotonic()

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done < total and now - last < 3:
            return
        last = now
        rate = done / max(now - started, 1e-9)
        click.echo(f"{kind}: {done:,}/{total:,} ({rate:,.0f}/s)", err=True)

    added = generate(count, progress=progress)
    # bench/run.py reads this line for the generator's speed.
    click.echo(f"{added:,} {kind} added in {time.monotonic() - started:.1f} s", err=True)


def print_logins(logins: dict) -> None:
    click.echo(f"\nDemo logins (password for all: {logins['password']})")
    for role, email in logins["accounts"]:
        click.echo(f"  {role:<22} {email}")
    click.echo("")


def init_app(app) -> None:
    app.cli.add_command(demo_cli)
