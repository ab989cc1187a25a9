"""Shared fixtures: one app on real services, a clean database per test, a real SMTP server.

`make test` starts PostgreSQL, Redis, the search and Stripe test servers, exports their
addresses as TEST_* variables and runs the suite twice: with ``TEST_DATABASE=sqlite`` (the
embedded default every newcomer runs) and with ``TEST_DATABASE=postgresql``. Without
``TEST_DATABASE`` the suite uses PostgreSQL when TEST_DATABASE_URL is set, else SQLite, and
skips what needs a missing service; under CI=true a missing service is a failure.
Tests marked ``postgres`` exercise PostgreSQL-only code and are left out of the SQLite run;
browser tests (``e2e``) run on PostgreSQL only.
"""

from __future__ import annotations

import os
import re
import socket
import threading
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

import demo
import govportal
import marketplace
from core import cache, create_app
from core.extensions import db as _db, limiter

CI = os.environ.get("CI", "").lower() == "true"
DATABASE = os.environ.get("TEST_DATABASE", "")
if DATABASE not in ("", "sqlite", "postgresql"):
    raise RuntimeError(f"TEST_DATABASE must be sqlite or postgresql, not {DATABASE!r}")


def on_sqlite() -> bool:
    return DATABASE == "sqlite" or (not DATABASE and not os.environ.get("TEST_DATABASE_URL"))


def pytest_collection_modifyitems(config, items):
    """Browser tests run last (in their order): `make test` runs the SQLite run beside this one,
    and Chromium wants both cores, which the other has once it ends. On SQLite, tests of
    PostgreSQL-only code are deselected (not skipped: nothing is missing)."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)  # a stable sort
    if not on_sqlite():
        return
    kept = [item for item in items if item.get_closest_marker("postgres") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


def require_service(variable: str, what: str) -> str | None:
    value = os.environ.get(variable)
    if value:
        return value
    if CI:
        pytest.fail(f"{what} is required under CI=true but {variable} is not set", pytrace=False)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- mail: a real SMTP server
class Mailbox:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def clear(self):
        with self.lock:
            self.messages.clear()

    def to(self, address: str):
        return [m for m in self.messages if m["To"] == address]

    def last_to(self, address: str):
        found = self.to(address)
        assert found, f"no mail to {address}; got {[m['To'] for m in self.messages]}"
        return found[-1]

    @staticmethod
    def text_of(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    def link_in(self, message, pattern: str = r"https?://\S+") -> str:
        match = re.search(pattern, self.text_of(message))
        assert match, f"no link in mail: {self.text_of(message)}"
        return match.group(0)


@pytest.fixture(scope="session")
def smtp_server():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, box
    controller.stop()


@pytest.fixture()
def mailbox(smtp_server):
    box = smtp_server[1]
    box.clear()
    return box


# ---------------------------------------------------------------- the app
@pytest.fixture(scope="session")
def live_port():
    return free_port()


@pytest.fixture(scope="session")
def app(smtp_server, live_port, tmp_path_factory):
    database_url = None if DATABASE == "sqlite" else require_service("TEST_DATABASE_URL", "PostgreSQL")
    instance = tmp_path_factory.mktemp("instance")
    if not database_url:
        database_url = f"sqlite:///{instance / 'test.db'}"
    redis_url = require_service("TEST_REDIS_URL", "Redis")
    controller = smtp_server[0]
    config = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": instance,
        "MAIL_DIR": instance / "mail",
        "UPLOAD_DIR": instance / "uploads",
        "MAIL_SERVER": controller.hostname,
        "MAIL_PORT": controller.port,
        "BASE_URL": f"http://127.0.0.1:{live_port}",
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        # Rate limits are on, with limits high enough for the suite; the tests of the limits
        # lower them for themselves. Counters live in the real Redis when there is one.
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_LOGIN": "10000 per minute",
        "RATELIMIT_SIGNUP": "10000 per minute",
        "RATELIMIT_FORMS": "10000 per minute",
        "RATELIMIT_LOGIN_ACCOUNT": "10000 per minute",
        "RATELIMIT_IMAGES": "10000 per minute",
        "RATELIMIT_IMPORTS": "10000 per minute",
        "RATELIMIT_CREDIT_API": "10000 per minute",
        "RATELIMIT_CREDIT_REPORTS": "10000 per minute",
        # Jobs run in-process unless a test points them at Redis.
        "REDIS_URL": None,
        "TEST_REDIS_URL": redis_url,
        "ELASTICSEARCH_URL": None,
        "SEARCH_INDEX_PATH": instance / "search",
        "SEARCH_REFRESH_SECONDS": 0,
    }
    app = create_app(faces=[marketplace, govportal], config=config, env="test")
    demo.init_app(app)  # as wsgi.py does
    with app.app_context():
        _reset_schema()
    return app


def _reset_schema():
    """Build the schema from the migrations, as production does (never create_all)."""
    from flask_migrate import upgrade

    if _db.engine.dialect.name == "postgresql":
        with _db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    upgrade()


# Reference data the migrations insert (and production relies on) survives between tests.
PRESERVED_TABLES = {"member_tiers", "member_tier_prices"}


# A table with more rows than this is emptied with TRUNCATE, else with DELETE (see _truncate_all).
DELETE_AT_MOST = 1000


def _truncate_all():
    """Empty every table but the reference data, and restart their ids at 1.

    On PostgreSQL a TRUNCATE of all the tables took ~0.1 s after every test, even of empty ones
    (and TRUNCATE ... CASCADE of only the used ones still takes in every table that refers to
    ``users``): so one query finds the tables with rows (counted up to DELETE_AT_MOST) and the
    tables' id sequences that moved, the rows go with DELETE, children first, and the moved
    sequences restart (~0.02 s). TRUNCATE stays for big tables (a demo load), where it is faster.
    """
    tables = [t.name for t in reversed(_db.metadata.sorted_tables) if t.name not in PRESERVED_TABLES]
    if _db.engine.dialect.name != "postgresql":
        for t in tables:
            _db.session.execute(text(f'DELETE FROM "{t}"'))
        _db.session.commit()
        return
    rows = dict(
        _db.session.execute(
            text(
                " UNION ALL ".join(
                    f"SELECT '{t}', (SELECT count(*) FROM (SELECT 1 FROM \"{t}\" LIMIT {DELETE_AT_MOST + 1}) r)"
                    for t in tables
                )
            )
        ).all()
    )
    moved = dict(
        _db.session.execute(
            text(
                "SELECT s.relname, t.relname FROM pg_sequences ps"
                " JOIN pg_class s ON s.relname = ps.sequencename AND s.relnamespace = ps.schemaname::regnamespace"
                " JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid"
                " AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')"
                " JOIN pg_class t ON t.oid = d.refobjid"
                " WHERE ps.schemaname = current_schema() AND ps.last_value IS NOT NULL AND t.relname = ANY(:tables)"
            ),
            {"tables": tables},
        ).all()
    )
    used = [t for t in tables if rows[t] or t in moved.values()]
    if not used:
        _db.session.rollback()
        return
    if max(rows.values()) <= DELETE_AT_MOST:
        try:
            for t in used:  # children before parents (reversed sorted_tables)
                if rows[t]:
                    _db.session.execute(text(f'DELETE FROM "{t}"'))
            for sequence in moved:
                _db.session.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART'))
            _db.session.commit()
            return
        except IntegrityError:  # rows that refer to each other the other way round: TRUNCATE them
            _db.session.rollback()
    _db.session.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in used) + " RESTART IDENTITY CASCADE"))
    _db.session.commit()


@pytest.fixture()
def clean_app(app):
    """The app, with a clean database and fresh rate-limit counters after the test.

    Tests hold no app context while the client makes requests (a held context would be
    shared by every request, and with it ``g``): read the database inside
    ``with app.app_context():`` blocks.
    """
    yield app
    clean(app)


def clean(app):
    """Empty the database, the rate-limit counters, the search index and the cache."""
    with app.app_context():
        _db.session.rollback()
        _truncate_all()
        limiter.reset()
        from core import search

        search.backend(app).clear()
    cache.clear()  # what was cached of the rows just deleted


@pytest.fixture()
def db(clean_app):
    return _db


@pytest.fixture()
def client(clean_app):
    return clean_app.test_client()


def make_other_app(app, env="test", **config):
    """A second app (production settings, a broken database ...) beside the suite's app.

    Flask-Limiter keeps one storage and one on/off switch for all apps, so the second app
    gets the same rate-limit settings as the first: otherwise it would change them for it.
    """
    settings = {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "INSTANCE_PATH": app.config["INSTANCE_PATH"],
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": app.config["RATELIMIT_STORAGE_URI"],
    }
    settings.update(config)
    return create_app(faces=[marketplace, govportal], env=env, config=settings)


@pytest.fixture()
def categories(clean_app):
    """The category tree: reference data that product forms, imports and pages resolve against."""
    from marketplace.catalog.tree import load_categories

    with clean_app.app_context():
        load_categories()
        _db.session.commit()


# ---------------------------------------------------------------- helpers
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1) or match.group(2)


def submit(client, url: str, data: dict, form_url: str | None = None, follow_redirects: bool = False):
    """Open the form page like a browser, take its CSRF token, and post ``data``."""
    page = client.get(form_url or url)
    assert page.status_code == 200, f"GET {form_url or url} gave {page.status_code}"
    payload = {"csrf_token": csrf_from(page.get_data(as_text=True)), **data}
    return client.post(url, data=payload, follow_redirects=follow_redirects)


def post_with_token(client, url: str, data: dict | None = None, token_page: str = "/en/", **kw):
    page = client.get(token_page)
    return client.post(url, data={"csrf_token": csrf_from(page.get_data(as_text=True)), **(data or {})}, **kw)


PASSWORD = "correct-horse-battery"


def _detach(obj):
    _db.session.refresh(obj)
    _db.session.expunge(obj)
    return obj


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing():
    """Argon2id with its least time and 1 MiB of memory instead of the library's defaults (what
    production uses, slow on purpose): each sign-in checked a password for ~0.13 s, 17 % of the
    SQLite run. The same algorithm, hash format and code paths; only the cost differs (a hash
    made by another cost still verifies, and is then rehashed, as in production)."""
    from argon2 import PasswordHasher

    from core.accounts import services

    default = services._hasher
    services._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    services._hasher = default


_HASHES: dict[str, str] = {}


def _password_hash(hash_password) -> str:
    """PASSWORD hashed once for the whole run: every user the factory makes shares it."""
    if PASSWORD not in _HASHES:
        _HASHES[PASSWORD] = hash_password(PASSWORD)
    return _HASHES[PASSWORD]


@pytest.fixture()
def make_user(clean_app):
    from core.accounts.models import StaffRole, User
    from core.accounts.services import hash_password
    from core.db import utcnow

    counter = {"n": 0}
    hashed = _password_hash(hash_password)

    def factory(email=None, account_type="buyer", verified=True, lang="en", roles=(), **extra):
        counter["n"] += 1
        user = User(
            email=email or f"user{counter['n']}@example.com",
            full_name=extra.pop("full_name", f"User {counter['n']}"),
            password_hash=hashed,
            account_type=account_type,
            preferred_language=lang,
            email_verified_at=utcnow() if verified else None,
            **extra,
        )
        with clean_app.app_context():
            for role in roles:
                user.staff_roles.append(StaffRole(role=role))
            _db.session.add(user)
            _db.session.commit()
            return _detach(user)

    return factory


@pytest.fixture()
def make_org(clean_app):
    return org_factory(clean_app)


def org_factory(app):
    """make_org's factory, for the app's database as it is (a fixture's shared data)."""
    import random

    from core.organizations import uscc
    from core.organizations.models import Organization

    rng = random.Random(7)

    def factory(status="verified", **fields):
        with app.app_context():
            org = Organization(
                uscc=fields.pop("uscc", None) or uscc.generate(rng),
                name_zh=fields.pop("name_zh", "测试贸易有限公司"),
                name_en=fields.pop("name_en", "Test Trading Co., Ltd."),
                status=status,
                **fields,
            )
            _db.session.add(org)
            _db.session.commit()
            return _detach(org)

    return factory


@pytest.fixture()
def make_exhibitor(make_user, make_org, clean_app):
    from core.organizations.models import OrganizationMember

    def factory(role="owner", org=None, **user_fields):
        org = org or make_org()
        user = make_user(account_type="exhibitor", **user_fields)
        with clean_app.app_context():
            _db.session.add(OrganizationMember(user_id=user.id, organization_id=org.id, role=role))
            _db.session.commit()
        user.organization_id = org.id
        return user

    return factory


@pytest.fixture()
def moderator(app, make_user):
    """A test client signed in as a moderator."""
    user = make_user(account_type="staff", roles=["moderator"])
    staff = app.test_client()
    login(staff, user.email)
    return staff


@pytest.fixture()
def make_product(clean_app, make_org):
    """``make_product(organization_id=None, status="published", category="industrial-valves",
    image=False, **fields)``: a product (detached) of that organization, or of a new verified one;
    ``image``: with one (public) image record, as review requires before submitting."""
    from core.db import utcnow
    from core.text import slugify
    from marketplace.catalog.models import Category, Product, ProductImage
    from marketplace.catalog.tree import load_categories

    counter = {"n": 0}

    def factory(organization_id=None, status="published", category="industrial-valves", image=False, **fields):
        organization_id = organization_id or make_org().id
        counter["n"] += 1
        n = counter["n"]
        with clean_app.app_context():
            if _db.session.scalar(select(Category.id).limit(1)) is None:
                load_categories()
            category_id = _db.session.scalar(select(Category.id).where(Category.slug == category))
            product = Product(
                organization_id=organization_id,
                category_id=category_id,
                sku=fields.pop("sku", f"SKU-{n}"),
                title_en=(title := fields.pop("title_en", f"Product {n}")),
                slug=fields.pop("slug", slugify(title)),
                status=status,
                published_at=fields.pop("published_at", utcnow() if status == "published" else None),
                **fields,
            )
            _db.session.add(product)
            if image:
                product.images.append(ProductImage(key=f"products/sku-{n}.jpg", position=0, width=64, height=48))
            _db.session.commit()
            return _detach(product)

    return factory


@pytest.fixture()
def make_booth(clean_app, make_org):
    """``make_booth(org=None, **profile_fields)``: a published booth profile (detached) of a verified
    organization, as the exhibitor's first visit to its booth makes it."""
    from core.organizations.models import Organization
    from marketplace.expo.services import ensure_profile

    def factory(org=None, **fields):
        org = org or make_org()
        with clean_app.app_context():
            profile = ensure_profile(_db.session.get(Organization, org.id))
            for name, value in fields.items():
                setattr(profile, name, value)
            _db.session.commit()
            return _detach(profile)

    return factory


# ---------------------------------------------------------------- the portal's units and staff
@pytest.fixture()
def units(clean_app):
    """The bureau's units a test's staff act within: {name: id} of the foreign trade division and
    the Beilun and Yinzhou district bureaus."""
    from core.units import Unit, UnitKind

    with clean_app.app_context():
        made = {
            "trade": Unit(
                slug="foreign-trade",
                kind=UnitKind.DEPARTMENT,
                name_zh="对外贸易处",
                name_en="Foreign Trade Division",
                position=1,
            ),
            "beilun": Unit(
                slug="beilun",
                kind=UnitKind.DISTRICT,
                name_zh="北仑区商务局",
                name_en="Beilun District Bureau of Commerce",
                district="330206",
                position=1,
            ),
            "yinzhou": Unit(
                slug="yinzhou",
                kind=UnitKind.DISTRICT,
                name_zh="鄞州区商务局",
                name_en="Yinzhou District Bureau of Commerce",
                district="330212",
                position=2,
            ),
        }
        _db.session.add_all(made.values())
        _db.session.commit()
        return {name: unit.id for name, unit in made.items()}


@pytest.fixture()
def staff(make_user, units):
    """Portal staff (detached users) by name: editors and reviewers of the division and of Beilun,
    a Yinzhou reviewer, a city-level reviewer (no unit) and one who both writes and reviews."""

    def person(name, roles, unit):
        return make_user(email=f"{name}@bureau.gov.cn", account_type="staff", roles=roles, unit_id=units.get(unit))

    return {
        "editor": person("editor", ["editor"], "trade"),
        "reviewer": person("reviewer", ["reviewer"], "trade"),
        "beilun_editor": person("beilun-editor", ["editor"], "beilun"),
        "beilun_reviewer": person("beilun-reviewer", ["reviewer"], "beilun"),
        "yinzhou_reviewer": person("yinzhou-reviewer", ["reviewer"], "yinzhou"),
        "city_reviewer": person("city-reviewer", ["reviewer"], None),
        "writer_reviewer": person("writer-reviewer", ["editor", "reviewer"], "trade"),
    }


class QueryCount:
    def __init__(self):
        self.statements: list[str] = []

    @property
    def n(self) -> int:
        return len(self.statements)


@pytest.fixture()
def count_queries(clean_app, monkeypatch):
    """``with count_queries() as counted: ...`` then ``counted.n``: the SQL statements run, through
    the ORM and Core and through core.reads' driver path (which bypasses SQLAlchemy's events)."""
    from contextlib import contextmanager

    from sqlalchemy import event

    from core import reads

    @contextmanager
    def counting():
        counted = QueryCount()
        with clean_app.app_context():
            engine = _db.engine

        def on_execute(conn, cursor, statement, *args):
            counted.statements.append(statement)

        driver_execute = reads._execute

        def counted_driver_execute(engine, compiled, params):
            counted.statements.append(compiled.sql)
            return driver_execute(engine, compiled, params)

        event.listen(engine, "before_cursor_execute", on_execute)
        monkeypatch.setattr(reads, "_execute", counted_driver_execute)
        try:
            yield counted
        finally:
            event.remove(engine, "before_cursor_execute", on_execute)
            monkeypatch.setattr(reads, "_execute", driver_execute)

    return counting


def login(client, email: str, password: str = PASSWORD, lang: str = "en"):
    response = submit(client, f"/{lang}/account/login", {"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


# ---------------------------------------------------------------- browser tests
@pytest.fixture(scope="session")
def live_server(app, live_port):
    """The suite's app served over HTTP on loopback for Chromium (BASE_URL points here)."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", live_port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app.config["BASE_URL"]
    server.shutdown()


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser (see shared/services.md)."""
    if not os.path.exists(CHROMIUM):
        if CI:
            pytest.fail("Chromium is required under CI=true (apt-get install chromium)", pytrace=False)
        pytest.skip("Chromium is not installed")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture()
def make_credit(clean_app):
    """A credit record (govportal.credit) with ``facts``: dicts of a fact's fields as a form
    sends them. Returns the enterprise, detached."""
    from govportal.credit import services

    def factory(
        uscc=None, name_zh="宁波海曙精密阀门有限公司", name_en="Ningbo Haishu Precision Valve", facts=(), **fields
    ):
        import random

        from core.db import commit
        from core.organizations import uscc as uscc_rules

        with clean_app.test_request_context():
            enterprise = services.save_enterprise(
                {
                    "uscc": uscc or uscc_rules.generate(random.Random()),
                    "name_zh": name_zh,
                    "name_en": name_en,
                    **fields,
                },
                None,
            )
            for fact in facts:
                services.add_fact(enterprise, fact, None)
            commit()  # and index it, as a request would
            return _detach(enterprise)

    return factory


# ---------------------------------------------------------------- Stripe
@pytest.fixture(scope="session")
def stripe_server():
    """The Stripe-API test server and the recorded Checkout/Portal boundary (tests/stripe_test.py)."""
    from tests.stripe_test import Boundary, Stripe

    base = require_service("TEST_STRIPE_API_BASE", "the Stripe-API test server (localstripe)")
    if not base:
        pytest.skip("no Stripe-API test server (TEST_STRIPE_API_BASE)")
    return Stripe(base, Boundary())


@pytest.fixture()
def stripe_on(clean_app, stripe_server):
    """Online payment on, against the test server, for one test; its state cleared before."""
    from marketplace.membership.models import TierPrice
    from tests.stripe_test import SECRET_KEY, WEBHOOK_SECRET

    stripe_server.reset()
    saved = {
        k: clean_app.config.get(k)
        for k in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE", "STRIPE_HTTP_CLIENT")
    }
    clean_app.config.update(
        STRIPE_SECRET_KEY=SECRET_KEY,
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_API_BASE=stripe_server.base,
        STRIPE_HTTP_CLIENT=stripe_server.boundary,
    )
    with clean_app.app_context():
        stripe_server.ensure_prices(_db.session.scalars(select(TierPrice)).all())
    yield stripe_server
    clean_app.config.update(saved)
