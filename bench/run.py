#!/usr/bin/env python3
"""TradeWindow benchmark harness (``make bench``; stdlib only).

One run, start to finish:

1. starts throwaway PostgreSQL and Redis with ``scripts/services.py`` (in bench/out/services);
2. prepares the database: ``flask db upgrade`` and ``flask demo load`` (with ``--products
   $BENCH_PRODUCTS``, ``--requests $BENCH_REQUESTS``, ``--publications $BENCH_PUBLICATIONS`` and
   ``--enterprises $BENCH_ENTERPRISES`` where the command has those options);
3. serves the app (``wsgi:app``) and a hello-world Flask app (bench/hello.py) under the same
   gunicorn settings, each on its own loopback port;
4. measures every row of ROWS with wrk after a warm-up, failing loudly when a page answers errors,
   times the operations, and runs bench/search_bench.py for the search rows (the embedded index
   rebuilt by ``core.search.reindex()``, then searches and suggestions timed in-process);
5. prints a table, with each row's target and whether it is met, and writes bench/out/summary.json.

Everything it started is stopped in ``finally`` blocks, by PID.

Environment:
    BENCH_SECONDS   seconds wrk measures each URL (default 10; plus a 2 s warm-up)
    BENCH_PRODUCTS  products for ``flask demo load --products`` (default 1,000,000)
    BENCH_REQUESTS  buyer requests for ``flask demo load --requests`` (default 100,000)
    BENCH_PUBLICATIONS  portal items for ``flask demo load --publications`` (default 20,000;
                    about 40 % policies)
    BENCH_ENTERPRISES   generated credit records for ``flask demo load --enterprises`` (default
                    100,000)
    BENCH_ONLY      comma-separated row names: measure only these (and ``hello``, which the
                    ratios need); the data is loaded all the same. A Script runs when any of its
                    rows (or its own name) is named; the search rows need ``reindex_all`` named
                    too (the index they time holds the products only after it). E.g.
                    ``BENCH_ONLY=policy_page,policy_finder``.

Adding a row: append to ROWS. ``Page(name, path)`` measures one URL; ``Page(name, [paths])``
requests a random path of the list each time (wrk_report.lua reads them from a file); the
paths may also be a function of the Run (e.g. product URLs read from the database once the
demo data is loaded, see ``sample_paths``). ``Operation(name, argv)`` times a whole command,
run with the app's environment, and reports "seconds" instead of rps; with
``needs=("group", "command")`` it is skipped (and says so) until that flask command exists,
and ``prepare`` runs untimed before it (e.g. to write an input file). ``Script(name, argv,
rows)`` runs a command that measures by itself and prints its rows (``BENCH_ROW {json}`` lines:
bench/search_bench.py). A row's speed goal is checked here and printed, never in unit tests:
``Page(..., min_ratio=)`` (throughput), ``Page(..., max_p95_ms=)`` (latency: measured with one
connection per worker, so each request is served at once rather than queued) and, for the
search rows, the targets of bench/search_bench.py.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from search_bench import search_page_paths  # bench/search_bench.py (stdlib only at import)

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
SERVICES_DIR = OUT / "services"
INSTANCE_DIR = OUT / "instance"
LOG_DIR = OUT / "logs"
WRK_DIR = OUT / "wrk"
SEARCH_DIR = OUT / "search"  # the embedded search index (SEARCH_INDEX_PATH)
SEARCH_BENCH = BENCH / "search_bench.py"
SUMMARY = OUT / "summary.json"
WRK_SCRIPT = BENCH / "wrk_report.lua"
VENV_BIN = Path(sys.prefix) / "bin"  # the venv this script runs in (make bench: .venv)

SECONDS = int(os.environ.get("BENCH_SECONDS") or 10)


def _count_env(name: str, default: str) -> int:
    return int((os.environ.get(name) or default).replace(",", "").replace("_", ""))


PRODUCTS = _count_env("BENCH_PRODUCTS", "1000000")
REQUESTS = _count_env("BENCH_REQUESTS", "100000")
PUBLICATIONS = _count_env("BENCH_PUBLICATIONS", "20000")
ENTERPRISES = _count_env("BENCH_ENTERPRISES", "100000")
ONLY = {name.strip() for name in (os.environ.get("BENCH_ONLY") or "").split(",") if name.strip()}
WARMUP_SECONDS = 2
WRK_THREADS = 2
WRK_CONNECTIONS = 32
# wrk leaves requests slower than its timeout (2 s by default) out of the latency figures, so a
# slow page under 32 connections would show p50 = 0 ms; with 30 s its real latency shows.
WRK_TIMEOUT = "30s"
READY_TIMEOUT = 60  # s for a server to answer its first request
PRECHECK_SAMPLE = 20  # paths of a rotating row fetched once before the load

# The same settings for the app and the hello-world ceiling. No access log (it would cost
# throughput); errors go to bench/out/logs/<server>.log. gunicorn 23+ opens a control socket
# at one fixed path (~/.gunicorn/gunicorn.ctl) by default, which two servers would share.
# One sync worker per core, the same for the app and hello-world (BENCH_WORKERS overrides).
# gunicorn's usual starting point of 2 x cores + 1 was measured here and is slower for the app
# (at 1M products on 2 cores, product_page: 2 workers ~900 req/s, 3 ~650-800, 5 ~600, 8 ~500)
# and no faster for hello-world (~7,000-7,400 req/s at 2, 3, 5 or 8): extra workers and their
# PostgreSQL backends only take turns on the same cores and each other's CPU caches.
WORKERS = os.environ.get("BENCH_WORKERS") or str(os.cpu_count() or 1)
GUNICORN_SETTINGS = ["--workers", WORKERS, "--worker-class", "sync", "--error-logfile", "-", "--no-control-socket"]

# Variables the app reads that a developer's shell could leak into the run; the harness
# decides what the app is connected to.
APP_VARS_TO_CLEAR = (
    "DATABASE_URL",
    "REDIS_URL",
    "ELASTICSEARCH_URL",
    "STRIPE_SECRET_KEY",
    "STRIPE_API_BASE",
    "MAIL_SERVER",
    "MAIL_DIR",
    "UPLOAD_DIR",
    "JOBS_INPROCESS",
)


class BenchError(Exception):
    pass


# ---------------------------------------------------------------- rows


@dataclass(frozen=True)
class Run:
    """What a row may need: the app's environment and the servers' base URLs."""

    env: dict[str, str]
    servers: dict[str, str]  # server name -> "http://127.0.0.1:PORT"
    scratch: dict = field(default_factory=dict)  # what a row's prepare() hands to its command

    def flask(self, *args: str) -> list[str]:
        return [str(VENV_BIN / "flask"), *args]

    def python(self, *args: str | Path) -> list[str]:
        return [str(VENV_BIN / "python"), *map(str, args)]


Paths = str | Sequence[str] | Callable[[Run], str | Sequence[str]]


@dataclass(frozen=True)
class Page:
    """A URL (or a random one of several paths) measured with wrk on one of the servers."""

    name: str
    paths: Paths
    server: str = "app"
    min_ratio: float | None = None  # target: ratio_to_hello at least this
    # Target: p95 latency at most this many ms. Measured with one connection per gunicorn worker
    # (not WRK_CONNECTIONS): with 32 connections on 2 workers a request mostly waits in the queue,
    # so p95 would say how long the queue is rather than how fast the page is.
    max_p95_ms: float | None = None


@dataclass(frozen=True)
class Operation:
    """A whole command, timed once (cwd: the repository, env: the app's).

    ``needs``: a flask command path (e.g. ``("catalog", "import")``); while ``flask <needs> --help``
    fails the row is reported as skipped instead of failing the run, so a row can land before
    its feature. ``prepare(run)`` runs before the clock starts (e.g. to write an input file).
    """

    name: str
    argv: Sequence[str] | Callable[[Run], Sequence[str]]
    needs: Sequence[str] = ()
    prepare: Callable[[Run], None] | None = None


@dataclass(frozen=True)
class Script:
    """A command that measures by itself (cwd: the repository, env: the app's) and prints one
    ``BENCH_ROW {json}`` line per row; ``rows`` are the names it must report, each with its
    target and ``met``. ``needs``: as for Operation (every row is then reported skipped)."""

    name: str
    argv: Sequence[str] | Callable[[Run], Sequence[str]]
    rows: Sequence[str]
    needs: Sequence[str] = ()


# A script for the venv's python (this harness stays stdlib only): SQL from stdin, run against
# the app's DATABASE_URL, rows as JSON on stdout.
SQL_RUNNER = """
import json, os, sys
from sqlalchemy import create_engine, text
engine = create_engine(os.environ["DATABASE_URL"])
with engine.connect() as conn:
    rows = conn.execute(text(sys.stdin.read())).all()
print(json.dumps([list(r) for r in rows], default=str))
"""


def venv_python(run: Run, script: str, stdin: str, timeout: int) -> subprocess.CompletedProcess:
    """Run ``script`` with the venv's Python and the app's environment (this harness stays stdlib-only)."""
    return subprocess.run(
        [str(VENV_BIN / "python"), "-c", script],
        cwd=ROOT,
        env=run.env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def query(run: Run, sql: str) -> list[list]:
    """Rows of a SQL query on the app's database."""
    r = venv_python(run, SQL_RUNNER, sql, timeout=600)
    if r.returncode != 0:
        raise BenchError(f"query failed (exit {r.returncode}):\n    {sql.strip()}\n{r.stderr[-2000:]}")
    return json.loads(r.stdout)


def sample_paths(sql: str, template: str) -> Callable[[Run], list[str]]:
    """Paths for a rotating row: ``template.format(*row)`` for each row of ``sql`` (URL-quoted)."""

    def paths(run: Run) -> list[str]:
        rows = query(run, sql)
        if not rows:
            raise BenchError(f"no rows for the paths of {template!r}: is the demo data loaded?")
        return [template.format(*(urllib.parse.quote(str(v), safe="") for v in row)) for row in rows]

    return paths


# Random samples of 2,000 URLs, drawn once per run. ORDER BY random() scans the table (about
# 1 s for a million products), paid before the measurement, not during it.
PUBLIC_PRODUCTS = """
    SELECT p.id, p.slug FROM products p JOIN organizations o ON o.id = p.organization_id
    WHERE p.status = 'published' AND o.status = 'verified' AND p.slug <> ''
    ORDER BY random() LIMIT 2000
"""
PUBLIC_BOOTHS = """
    SELECT e.slug FROM exhibitor_profiles e JOIN organizations o ON o.id = e.organization_id
    WHERE o.status = 'verified' ORDER BY random() LIMIT 2000
"""
ALL_CATEGORIES = "SELECT slug FROM categories ORDER BY id"  # every level; page 1 only
# Buyer requests: 2,000 random open ones (the rule of marketplace.public.visibility, in SQL that
# both databases run), and the list as visitors page and filter it: both languages, pages 1-5,
# each top-level category (the list's category choices) and the four commonest destinations.
OPEN_REQUESTS = """
    SELECT id FROM buyer_requests
    WHERE status = 'published' AND closed_at IS NULL AND deadline >= CURRENT_DATE AND quotes_count < 10
    ORDER BY random() LIMIT 2000
"""
REQUEST_LIST_FILTERS = """
    SELECT 'page=' || n FROM (SELECT 2 AS n UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) AS pages
    UNION ALL SELECT 'category=' || slug FROM categories WHERE parent_id IS NULL
    UNION ALL SELECT * FROM (
        SELECT 'country=' || country FROM buyer_requests WHERE status = 'published'
        GROUP BY country ORDER BY count(*) DESC, country LIMIT 4
    ) AS countries
"""


def request_list_paths(run: Run) -> list[str]:
    """/zh/rfq/ and /en/rfq/, each unfiltered and with each of REQUEST_LIST_FILTERS."""
    filters = [row[0] for row in query(run, REQUEST_LIST_FILTERS)]
    return [f"/{lang}/rfq/{'?' + f if f else ''}" for lang in ("zh", "en") for f in ("", *filters)]


# The portal's policies (issue 13): 2,000 random published ones, and the finder as visitors use
# it, mostly filtered: by industry, unit, validity, district, words, a year of publication, and
# further pages. Every filter value is one demo.bulk.generate_publications uses (the demo's units,
# core.organizations.choices' codes), so each finds something.
PUBLISHED_POLICIES = """
    SELECT id FROM publications WHERE status = 'published' AND kind = 'policy' ORDER BY random() LIMIT 2000
"""
POLICY_FINDER_QUERIES = [
    {},
    {"page": 2},
    {"page": 5},
    {"industry": "machinery"},
    {"industry": "textiles", "page": 2},
    {"industry": "electronics", "validity": "in_force"},
    {"unit": "foreign-trade"},
    {"unit": "beilun"},
    {"unit": "foreign-investment", "page": 2},
    {"validity": "in_force", "district": "330206"},
    {"validity": "expired"},
    {"validity": "repealed", "unit": "office"},
    {"district": "330212", "industry": "auto_parts"},
    {"q": "外贸"},
    {"q": "跨境电商"},
    {"q": "外商投资", "validity": "in_force"},
    {"q": "海外仓", "page": 2},
    {"q": "甬商务规"},
    {"q": "实施细则", "industry": "chemicals"},
    {"from": "2025-01-01", "to": "2025-12-31"},
    {"from": "2026-01-01", "industry": "metals"},
    {"from": "2024-01-01", "to": "2024-06-30", "unit": "ecommerce"},
]
POLICY_FINDER_PATHS = [
    "/zh/gov/policies/" + ("?" + urllib.parse.urlencode(q) if q else "") for q in POLICY_FINDER_QUERIES
] + [
    "/en/gov/policies/?" + urllib.parse.urlencode(q)
    for q in ({"q": "foreign trade"}, {"industry": "machinery", "page": 2}, {"validity": "in_force"})
]

# Enterprise credit (issue 14): 2,000 random records, and the lookup with parts of 2,000 random
# Chinese names as people type them: the brand (字号, two characters: 华宇), the brand and the
# trade (华宇阀门), the place and the brand (慈溪市华宇), or the whole name without its suffix.
# The places and suffixes are those demo.credit's names are made of.
CREDIT_RECORDS = "SELECT uscc FROM credit_enterprises ORDER BY random() LIMIT 2000"
CREDIT_NAMES = "SELECT name_zh FROM credit_enterprises WHERE name_zh IS NOT NULL ORDER BY random() LIMIT 2000"
CREDIT_PLACES = (
    "宁波北仑",
    "宁波鄞州",
    "宁波海曙",
    "宁波江北",
    "宁波镇海",
    "宁波奉化",
    "余姚市",
    "慈溪市",
    "宁海县",
    "象山县",
    "宁波",
)
CREDIT_SUFFIXES = ("进出口有限公司", "股份有限公司", "有限公司")


def credit_name_part(name: str, rng: random.Random) -> str:
    place = next((p for p in CREDIT_PLACES if name.startswith(p)), "")
    body = name[len(place) :]
    body = next((body[: -len(s)] for s in CREDIT_SUFFIXES if body.endswith(s) and len(body) > len(s)), body)
    return rng.choice([body[:2], body[:4], place + body[:2] if place else body[:4], body])


def credit_lookup_paths(run: Run) -> list[str]:
    rng = random.Random(14)
    names = [row[0] for row in query(run, CREDIT_NAMES)]
    if not names:
        raise BenchError("no credit records: is the demo data loaded?")
    parts = dict.fromkeys(credit_name_part(name, rng) for name in names)
    return ["/zh/gov/credit/?" + urllib.parse.urlencode({"q": part}) for part in parts]


ROWS: list[Page | Operation | Script] = [
    Page("hello", "/", server="hello"),  # the ceiling: keep it first, ratio_to_hello needs it
    Page("home_page", "/zh/"),  # Chinese is the bureau's main language
    Page("product_page", sample_paths(PUBLIC_PRODUCTS, "/zh/products/{}-{}/")),
    Page("booth_page", sample_paths(PUBLIC_BOOTHS, "/zh/exhibitors/{}/")),
    Page("category_page", sample_paths(ALL_CATEGORIES, "/zh/categories/{}/")),
    # Buyer requests (issue 12): the list and a request's page, at BENCH_REQUESTS requests.
    Page("rfq_list", request_list_paths, min_ratio=0.15),
    Page("rfq_page", sample_paths(OPEN_REQUESTS, "/zh/rfq/{}/"), min_ratio=0.20),
    Operation(
        "import_10k",
        lambda run: run.flask("catalog", "import", str(IMPORT_FILE), "--organization", run.scratch["import_uscc"]),
        needs=("catalog", "import"),
        prepare=lambda run: write_import_file(run),
    ),
    # Search, embedded backend (bench/search_bench.py has the queries and the targets). The index
    # is rebuilt from the database in a process of its own, which reports its peak memory; then
    # a fresh process opens it and times searches and suggestions in-process.
    Script(
        "reindex_all",
        lambda run: run.python(SEARCH_BENCH, "reindex"),
        rows=("reindex_all",),
        needs=("search", "reindex"),
    ),
    Script(
        "search",
        lambda run: run.python(SEARCH_BENCH, "measure"),
        rows=("search_selective", "search_broad", "suggest"),
        needs=("search", "reindex"),
    ),
    # The results page: selective and broad words and a facet filter, at least 0.10 of hello-world.
    Page("search_page", search_page_paths("zh"), min_ratio=0.10),
    # The portal (issue 13), at BENCH_PUBLICATIONS items: a policy's page and the policies' finder.
    # After reindex_all: the finder searches the one index that also holds every product, as in
    # production (generate_publications indexes the items, so without reindex_all it runs on them
    # and the demo's few products only, which flatters it).
    Page("policy_page", sample_paths(PUBLISHED_POLICIES, "/zh/gov/policies/{}/"), min_ratio=0.20),
    Page("policy_finder", POLICY_FINDER_PATHS, min_ratio=0.10),
    # Enterprise credit (issue 14), at BENCH_ENTERPRISES generated records: the lookup by part of
    # a Chinese name (latency) and a record page (throughput).
    Page("credit_lookup", credit_lookup_paths, max_p95_ms=20),
    Page("credit_record", sample_paths(CREDIT_RECORDS, "/zh/gov/credit/{}/"), min_ratio=0.20),
    # Membership (issue 15): the tiers and prices a visitor compares (no target in the issue).
    Page("membership_page", "/zh/membership/"),
]

IMPORT_FILE = OUT / "import_10k.xlsx"
IMPORT_ROWS = 10_000
# Writes a 10,000-row workbook in the template's layout with the venv's openpyxl (this harness
# itself stays stdlib-only). Categories cycle through the leaf categories of the database.
IMPORT_WRITER = """
import json, sys
import openpyxl
from marketplace.catalog.imports import COLUMNS
args = json.loads(sys.stdin.read())
book = openpyxl.Workbook(write_only=True)
sheet = book.create_sheet("Products")
sheet.append([c.header for c in COLUMNS])
cats = args["categories"]
for n in range(args["rows"]):
    row = {"sku": f"IMP-{n:05d}", "title_zh": f"不锈钢球阀 {n}号", "title_en": f"Stainless steel ball valve {n}",
           "description_en": "<p>Two-piece ball valve for water, oil and gas.</p>", "category": cats[n % len(cats)],
           "moq": 100 + n % 50, "moq_unit": "pcs", "price_min": 10 + n % 7, "price_max": 20 + n % 7,
           "currency": "USD", "fob_port": "Ningbo", "lead_time_days": 15, "hs_code": "848180",
           "specs": "Material: 304; Size: DN50", "keywords_en": "ball valve"}
    sheet.append([row.get(c.key) for c in COLUMNS])
book.save(args["path"])
"""


def write_import_file(run: Run) -> None:
    """The 10,000-row workbook and the organization it is imported for (before the clock starts)."""
    leaves = query(
        run,
        "SELECT slug FROM categories c WHERE NOT EXISTS "
        "(SELECT 1 FROM categories k WHERE k.parent_id = c.id) ORDER BY id",
    )
    uscc = query(run, "SELECT uscc FROM organizations WHERE status = 'verified' ORDER BY id LIMIT 1")
    if not leaves or not uscc:
        raise BenchError("import_10k needs the demo data (categories and a verified organization)")
    run.scratch["import_uscc"] = uscc[0][0]
    payload = json.dumps({"path": str(IMPORT_FILE), "rows": IMPORT_ROWS, "categories": [r[0] for r in leaves]})
    r = venv_python(run, IMPORT_WRITER, payload, timeout=300)
    if r.returncode != 0:
        raise BenchError(f"could not write the import file:\n{r.stderr[-2000:]}")


def row_names(row: Page | Operation | Script) -> tuple[str, ...]:
    """The names BENCH_ONLY may use for a row: a Script's own and those of the rows it reports."""
    return tuple(dict.fromkeys((row.name, *row.rows))) if isinstance(row, Script) else (row.name,)


def selected_rows() -> list[Page | Operation | Script]:
    """ROWS, or with BENCH_ONLY the rows it names and hello (checked before anything starts)."""
    if not ONLY:
        return ROWS
    known = {name for row in ROWS for name in row_names(row)}
    unknown = sorted(ONLY - known)
    if unknown:
        raise BenchError(f"BENCH_ONLY names no row {', '.join(unknown)}; rows: {', '.join(sorted(known))}")
    return [row for row in ROWS if row.name == "hello" or ONLY & set(row_names(row))]


# ---------------------------------------------------------------- helpers


def say(msg: str) -> None:
    print(f"bench: {msg}", flush=True)


def tail(path: Path, lines: int = 40, start: int = 0) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(start)
            text = f.read().decode(errors="replace").splitlines()
    except OSError:
        return f"    (no log at {path})"
    return "\n".join("    " + line for line in text[-lines:])


def run_logged(argv: Sequence[str], env: dict[str, str], logfile: Path, timeout: float | None = None) -> None:
    """Run a command to completion, its output appended to logfile; raise with its tail if it fails."""
    argv = [str(a) for a in argv]
    start = logfile.stat().st_size if logfile.exists() else 0
    with open(logfile, "ab") as out:
        out.write(f"\n$ {shlex.join(argv)}\n".encode())
        out.flush()
        try:
            r = subprocess.run(
                argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            raise BenchError(f"`{shlex.join(argv)}` did not finish in {timeout} s; log {logfile}") from None
    if r.returncode != 0:
        raise BenchError(f"`{shlex.join(argv)}` exited {r.returncode}; log {logfile}:\n{tail(logfile, start=start)}")


def free_ports(n: int) -> list[int]:
    """n distinct free loopback ports (all held open while choosing, so they differ)."""
    socks = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, timeout: float = 10) -> tuple[int, bytes]:
    """(status, body) of a GET, without following redirects."""
    try:
        with _opener.open(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


# ---------------------------------------------------------------- services


def start_services() -> dict[str, str]:
    say("starting PostgreSQL and Redis (scripts/services.py)")
    r = subprocess.run(
        [sys.executable, "scripts/services.py", "start", str(SERVICES_DIR)],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if r.returncode != 0:
        raise BenchError(f"scripts/services.py start exited {r.returncode} (see its output above)")
    env = {}
    for line in (SERVICES_DIR / "env").read_text().splitlines():
        if line.startswith("export "):
            key, _, value = line.removeprefix("export ").partition("=")
            env[key] = shlex.split(value)[0] if value else ""
    if "TEST_DATABASE_URL" not in env:
        raise BenchError(f"PostgreSQL did not start (see {SERVICES_DIR}/postgres.log)")
    if "TEST_REDIS_URL" not in env:
        say("warning: Redis did not start (see the services output above)")
    return env


def stop_services() -> None:
    if SERVICES_DIR.exists():
        subprocess.run(
            [sys.executable, "scripts/services.py", "stop", str(SERVICES_DIR)],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            check=False,
        )


# ---------------------------------------------------------------- the app


def app_env(database_url: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in APP_VARS_TO_CLEAR}
    env.update(
        FLASK_APP="wsgi",
        DATABASE_URL=database_url,
        INSTANCE_PATH=str(INSTANCE_DIR),
        TRADEWINDOW_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(36),  # 48 characters
        FORCE_HTTPS="0",
        RATELIMIT_ENABLED="0",
        BASE_URL=f"http://127.0.0.1:{port}",
        SEARCH_INDEX_PATH=str(SEARCH_DIR),  # embedded: ELASTICSEARCH_URL is cleared above
    )
    return env


BULK_DONE = re.compile(r"([\d,]+) (products|requests|publications|enterprises) added in ([\d.]+) s")


def prepare_database(env: dict[str, str]) -> tuple[float, dict[str, int]]:
    """Migrate and load the demo data; (seconds the load took, {"products": n, "requests": n,
    "publications": n, "enterprises": n} the bulk generators added)."""
    flask = str(VENV_BIN / "flask")
    logfile = LOG_DIR / "prepare.log"
    t0 = time.monotonic()
    run_logged([flask, "db", "upgrade"], env, logfile)
    load = [flask, "demo", "load"]
    helptext = subprocess.run(
        [*load, "--help"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
    )
    bulk = {}
    for option, count, variable in (
        ("products", PRODUCTS, "BENCH_PRODUCTS"),
        ("requests", REQUESTS, "BENCH_REQUESTS"),
        ("publications", PUBLICATIONS, "BENCH_PUBLICATIONS"),
        ("enterprises", ENTERPRISES, "BENCH_ENTERPRISES"),
    ):
        if re.search(rf"--{option}\b(?!-)", helptext.stdout):
            load += [f"--{option}", str(count)]
            bulk[option] = count
        else:
            say(f"warning: `flask demo load` has no --{option} option yet: {variable}={count:,} is ignored")
    say(f"loading demo data: {shlex.join(load[1:])}")
    t1 = time.monotonic()
    log_start = logfile.stat().st_size
    run_logged(load, env, logfile)
    seconds = time.monotonic() - t1
    say(f"database ready (migrations {t1 - t0:.1f} s, demo load {seconds:.1f} s; log {logfile})")
    # The command's line per bulk kind: "1,000,000 products added in 52.3 s".
    for count, kind, bulk_seconds in BULK_DONE.findall(tail(logfile, lines=50, start=log_start)):
        count, bulk_seconds = int(count.replace(",", "")), float(bulk_seconds)
        say(f"bulk {kind}: {count:,} in {bulk_seconds:.1f} s ({count / max(bulk_seconds, 1e-9):,.0f} rows/s)")
    return seconds, {kind: bulk.get(kind, 0) for kind in ("products", "requests", "publications", "enterprises")}


def check_translations() -> None:
    if not list((ROOT / "i18n" / "translations").glob("*/LC_MESSAGES/messages.mo")):
        say("warning: no compiled translations (make translations-compile); /zh/ pages render untranslated")


# ---------------------------------------------------------------- servers


@dataclass
class Server:
    name: str
    url: str
    proc: subprocess.Popen
    log: Path


def start_server(name: str, target: str, port: int, env: dict[str, str], cwd: Path) -> Server:
    log = LOG_DIR / f"{name}.log"
    argv = [str(VENV_BIN / "gunicorn"), *GUNICORN_SETTINGS, "--bind", f"127.0.0.1:{port}", target]
    with open(log, "wb") as out:
        out.write(f"$ {shlex.join(argv)}\n".encode())
        out.flush()
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: master and workers stop together
        )
    return Server(name, f"http://127.0.0.1:{port}", proc, log)


def wait_ready(server: Server, path: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    last = "no answer yet"
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise BenchError(f"{server.name} server exited during startup; log {server.log}:\n{tail(server.log)}")
        try:
            status, _ = fetch(server.url + path, timeout=5)
            if status == 200:
                return
            last = f"HTTP {status}"
        except OSError as e:
            last = f"{type(e).__name__}: {e}"
        time.sleep(0.2)
    raise BenchError(f"{server.name} did not answer {path} within {READY_TIMEOUT} s ({last}); log {server.log}")


def stop_server(server: Server) -> None:
    """SIGTERM the whole process group, SIGKILL what is left after 10 s; reap the master."""
    pgid = server.proc.pid
    if server.proc.poll() is None:
        try:
            os.killpg(pgid, signal.SIGTERM)
            server.proc.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            say(f"{server.name} server ignored SIGTERM for 10 s; sending SIGKILL")
    try:  # workers left behind by a master that died first, or the master itself after the timeout
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    server.proc.wait()


# ---------------------------------------------------------------- wrk

WRK_RESULT = re.compile(r"^BENCH_RESULT (.*)$", re.MULTILINE)
WRK_RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
WRK_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")


def wrk(
    url: str, seconds: int, paths_file: Path | None, connections: int = WRK_CONNECTIONS
) -> tuple[str, float, dict[str, int]]:
    """Run wrk; (its output, requests/sec, the BENCH_RESULT numbers of wrk_report.lua)."""
    argv = [
        "wrk",
        f"-t{min(WRK_THREADS, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={WRK_TIMEOUT}",
        "--latency",
        "-s",
        str(WRK_SCRIPT),
        url,
    ]
    env = dict(os.environ)
    env.pop("BENCH_PATHS_FILE", None)
    if paths_file is not None:
        env["BENCH_PATHS_FILE"] = str(paths_file)
    r = subprocess.run(
        argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    output = r.stdout + r.stderr
    rps = WRK_RPS.search(r.stdout)
    result = WRK_RESULT.search(r.stdout)
    if r.returncode != 0 or not rps or not result:
        raise BenchError(f"`{shlex.join(argv)}` failed (exit {r.returncode}):\n{output}")
    numbers = {k: int(v) for k, v in (item.split("=") for item in result.group(1).split())}
    non_2xx = WRK_NON_2XX.search(r.stdout)
    numbers["status_errors"] = max(numbers["status_errors"], int(non_2xx.group(1)) if non_2xx else 0)
    return output, float(rps.group(1)), numbers


def check_wrk(name: str, server: Server, numbers: dict[str, int], log_start: int, phase: str) -> None:
    if numbers["requests"] == 0:
        raise BenchError(f"{name}: no request completed during the {phase}")
    if numbers["status_errors"]:
        raise BenchError(
            f"{name}: {numbers['status_errors']} of {numbers['requests']} responses were not 2xx/3xx"
            f" during the {phase}; {server.name} server log {server.log} since then:\n"
            f"{tail(server.log, lines=80, start=log_start)}"
        )
    sockets = {k: numbers[f"{k}_errors"] for k in ("connect", "read", "write", "timeout")}
    if any(sockets.values()):
        say(f"warning: {name}: socket errors during the {phase}: {sockets}")


def resolve_paths(row: Page, run: Run) -> list[str]:
    paths = row.paths(run) if callable(row.paths) else row.paths
    paths = [paths] if isinstance(paths, str) else list(paths)
    if not paths or not all(p.startswith("/") for p in paths):
        raise BenchError(f"{row.name}: paths must be a non-empty list of paths starting with '/'")
    return paths


def measure_page(row: Page, run: Run, servers: dict[str, Server]) -> dict:
    server = servers[row.server]
    paths = resolve_paths(row, run)
    for path in random.sample(paths, min(len(paths), PRECHECK_SAMPLE)):
        status, body = fetch(server.url + path)
        if status != 200:
            raise BenchError(
                f"{row.name}: GET {path} answered {status} before any load:\n"
                f"    {body[:300]!r}\n  {server.name} server log {server.log}:\n{tail(server.log)}"
            )
    paths_file = None
    url = server.url + paths[0]
    if len(paths) > 1:
        paths_file = WRK_DIR / f"{row.name}.paths"
        paths_file.write_text("".join(p + "\n" for p in paths))
        url = server.url + "/"  # wrk_report.lua picks the path of every request

    connections = int(WORKERS) if row.max_p95_ms is not None else WRK_CONNECTIONS
    log_start = server.log.stat().st_size
    _, _, numbers = wrk(url, WARMUP_SECONDS, paths_file, connections)
    check_wrk(row.name, server, numbers, log_start, "warm-up")

    log_start = server.log.stat().st_size
    output, rps, numbers = wrk(url, SECONDS, paths_file, connections)
    (WRK_DIR / f"{row.name}.txt").write_text(output)
    check_wrk(row.name, server, numbers, log_start, "measurement")
    if "Traceback" in tail(server.log, lines=10_000, start=log_start):
        say(f"warning: {row.name}: the {server.name} server logged a traceback; see {server.log}")
    result = {
        "name": row.name,
        "rps": round(rps, 1),
        "p50_ms": round(numbers["p50_us"] / 1000, 2),
        "p95_ms": round(numbers["p95_us"] / 1000, 2),
        "p99_ms": round(numbers["p99_us"] / 1000, 2),
    }
    if row.min_ratio is not None:
        result["target_ratio"] = row.min_ratio  # add_ratios() says whether it is met
    if row.max_p95_ms is not None:
        result["connections"] = connections
        result["target_ms"] = row.max_p95_ms
        result["met"] = result["p95_ms"] <= row.max_p95_ms
    return result


def command_exists(run: Run, path: Sequence[str]) -> bool:
    r = subprocess.run(
        run.flask(*path, "--help"), cwd=ROOT, env=run.env, stdin=subprocess.DEVNULL, capture_output=True, check=False
    )
    return r.returncode == 0


def time_operation(row: Operation, run: Run) -> dict:
    if row.needs and not command_exists(run, row.needs):
        return {"name": row.name, "skipped": f"`flask {' '.join(row.needs)}` does not exist yet"}
    if row.prepare is not None:
        row.prepare(run)
    argv = row.argv(run) if callable(row.argv) else row.argv
    t0 = time.perf_counter()
    run_logged(argv, run.env, LOG_DIR / f"operation-{row.name}.log")
    return {"name": row.name, "seconds": round(time.perf_counter() - t0, 3)}


BENCH_ROW = re.compile(r"^BENCH_ROW (.*)$", re.MULTILINE)


def run_script(row: Script, run: Run) -> list[dict]:
    """The rows a Script prints; its other output (per-query figures, warnings) is echoed and
    kept in bench/out/logs/script-NAME.log."""
    if row.needs and not command_exists(run, row.needs):
        return [{"name": name, "skipped": f"`flask {' '.join(row.needs)}` does not exist yet"} for name in row.rows]
    argv = row.argv(run) if callable(row.argv) else row.argv
    logfile = LOG_DIR / f"script-{row.name}.log"
    start = logfile.stat().st_size if logfile.exists() else 0
    run_logged(argv, run.env, logfile)
    with open(logfile, "rb") as f:
        f.seek(start)
        output = f.read().decode(errors="replace")
    for line in output.splitlines()[1:]:  # the first is the command
        if not line.startswith(("BENCH_ROW ", "  suggest: ")):  # a line per prefix: in the log only
            print(f"  {line}", flush=True)
    found = {r["name"]: r for r in map(json.loads, BENCH_ROW.findall(output))}
    missing = [name for name in row.rows if name not in found]
    if missing:
        raise BenchError(f"{row.name}: no {', '.join(missing)} row in its output; log {logfile}")
    return [found[name] for name in row.rows]


# ---------------------------------------------------------------- report


def add_ratios(results: list[dict]) -> None:
    hello = next((r for r in results if r["name"] == "hello"), None)
    if hello is None or not hello["rps"]:
        raise BenchError("no hello row measured: ratio_to_hello needs it")
    for r in results:
        if "rps" in r:
            r["ratio_to_hello"] = round(r["rps"] / hello["rps"], 3)
            if "target_ratio" in r:
                r["met"] = r["ratio_to_hello"] >= r["target_ratio"]


def target_text(r: dict) -> str:
    """A row's target and whether it is met ("" for a row without one)."""
    if "met" not in r:
        return ""
    if "target_ratio" in r:
        target = f">= {r['target_ratio']:g}"
    elif "target_ms" in r:
        target = f"p95 <= {r['target_ms']:g} ms"
    else:
        target = f"<= {r['target_seconds']:g} s"
    return f"{target}: {'met' if r['met'] else 'NOT MET'}"


def print_table(results: list[dict]) -> None:
    pages = [r for r in results if "rps" in r]
    timed = [r for r in results if "p95_ms" in r and "rps" not in r]  # in-process (search_bench.py)
    operations = [r for r in results if "seconds" in r]
    width = max(len(r["name"]) for r in results)
    print()
    print(f"{'name':<{width}}  {'rps':>9}  {'p50_ms':>8}  {'p95_ms':>8}  {'p99_ms':>8}  {'ratio_to_hello':>14}  target")
    for r in pages:
        print(
            f"{r['name']:<{width}}  {r['rps']:>9.1f}  {r['p50_ms']:>8.2f}  {r['p95_ms']:>8.2f}"
            f"  {r['p99_ms']:>8.2f}  {r['ratio_to_hello']:>14.3f}  {target_text(r)}"
        )
    if timed:
        print()
        head = f"{'in-process':<{width}}  {'calls':>9}  {'p50_ms':>8}  {'p95_ms':>8}  {'p99_ms':>8}"
        print(f"{head}  {'matches':>14}  target")
        for r in timed:
            matches = f"{r['min_total']:,}-{r['max_total']:,}"
            print(
                f"{r['name']:<{width}}  {r['calls']:>9}  {r['p50_ms']:>8.2f}  {r['p95_ms']:>8.2f}"
                f"  {r['p99_ms']:>8.2f}  {matches:>14}  {target_text(r)}"
            )
    if operations:
        print()
        print(f"{'operation':<{width}}  {'seconds':>9}  {'peak_mb':>8}  target")
        for r in operations:
            peak = f"{r['peak_mb']:>8,}" if "peak_mb" in r else " " * 8
            print(f"{r['name']:<{width}}  {r['seconds']:>9.3f}  {peak}  {target_text(r)}")
    for r in results:
        if "skipped" in r:
            print(f"\n{r['name']}: skipped ({r['skipped']})")
    targets = [r for r in results if "met" in r]
    if targets:
        missed = [r["name"] for r in targets if not r["met"]]
        print(
            f"\ntargets met: {len(targets) - len(missed)} of {len(targets)}"
            + (f" (not: {', '.join(missed)})" if missed else "")
        )
    print()


# ---------------------------------------------------------------- main


def check_tools() -> None:
    missing = [str(VENV_BIN / t) for t in ("flask", "gunicorn") if not (VENV_BIN / t).exists()]
    if subprocess.run(["which", "wrk"], capture_output=True, check=False).returncode != 0:
        missing.append("wrk (bash scripts/ensure-debian-packages.sh bench)")
    if missing:
        raise BenchError(f"missing: {', '.join(missing)}; run with the venv's python (make bench)")


def bench(rows: Sequence[Page | Operation | Script]) -> list[dict]:
    servers: dict[str, Server] = {}
    try:
        services = start_services()
        app_port, hello_port = free_ports(2)
        env = app_env(services["TEST_DATABASE_URL"], app_port)
        load_seconds, bulk = prepare_database(env)

        say(f"starting gunicorn: app on {app_port}, hello on {hello_port} ({' '.join(GUNICORN_SETTINGS)})")
        servers["app"] = start_server("app", "wsgi:app", app_port, env, cwd=ROOT)
        servers["hello"] = start_server("hello", "hello:app", hello_port, env, cwd=BENCH)
        wait_ready(servers["app"], "/zh/")
        wait_ready(servers["hello"], "/")
        run = Run(env=env, servers={name: s.url for name, s in servers.items()})

        # The data load is reported with the operations (it is the bulk generator's speed).
        results = [{"name": "demo_load", "seconds": round(load_seconds, 3), **bulk}]
        for row in rows:
            t0 = time.monotonic()
            if isinstance(row, Page):
                measured = [measure_page(row, run, servers)]
            elif isinstance(row, Script):
                measured = run_script(row, run)
            else:
                measured = [time_operation(row, run)]
            results.extend(measured)
            for r in measured:
                say(f"{r['name']}: {r} ({time.monotonic() - t0:.0f} s)")
        return results
    finally:
        for server in servers.values():
            stop_server(server)
        stop_services()


def main() -> int:
    # SIGTERM (e.g. a CI timeout) unwinds like Ctrl-C, so the finally blocks stop everything.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    t0 = time.monotonic()
    for d in (OUT, INSTANCE_DIR, LOG_DIR, WRK_DIR):
        d.mkdir(parents=True, exist_ok=True)
    # Rendered pages an earlier run left in the workers' shared store (SHARED_CACHE_MB): every
    # run starts with none.
    shutil.rmtree(INSTANCE_DIR / "cache", ignore_errors=True)
    shutil.rmtree(SEARCH_DIR, ignore_errors=True)  # an earlier run's index (of another database)
    SUMMARY.unlink(missing_ok=True)  # a failed run must not leave an old summary behind
    try:
        rows = selected_rows()
        check_tools()
        check_translations()
        say(f"{SECONDS} s per URL after a {WARMUP_SECONDS} s warm-up; wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS}")
        if ONLY:
            say(f"BENCH_ONLY: {', '.join(name for row in rows for name in row_names(row))}")
        results = bench(rows)
        add_ratios(results)
    except BenchError as e:
        print(f"\nbench: FAILED: {e}", file=sys.stderr, flush=True)
        return 1
    print_table(results)
    SUMMARY.write_text(json.dumps(results, indent=2) + "\n")
    say(f"wrote {SUMMARY.relative_to(ROOT)} in {time.monotonic() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
