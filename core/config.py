"""Configuration from environment variables.

``TRADEWINDOW_ENV`` picks the situation (development, test, production). Every concern has
an embedded default (SQLite, in-process jobs, mail written to files, embedded search) and
switches to its real service when its variable is set; the README lists every variable.
The environment is read when the app is created, never at import time.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)
DEFAULT_SECRET_KEY = "test-only-not-secret"  # noqa: S105 - the test environment's; refused anywhere else
ENVIRONMENTS = ("development", "test", "production")


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _bool(name: str, default: bool = False) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def build_config(env_name: str | None = None) -> dict:
    env_name = env_name or _env("TRADEWINDOW_ENV", "development")
    if env_name not in ENVIRONMENTS:
        raise RuntimeError(f"TRADEWINDOW_ENV must be one of {ENVIRONMENTS}, not {env_name!r}")
    production = env_name == "production"
    instance = Path(_env("INSTANCE_PATH", str(BASE_DIR / "instance")))
    return {
        "ENV_NAME": env_name,
        "TESTING": env_name == "test",
        # A template that uses a variable or attribute its page lacks fails instead of printing
        # nothing: in tests, where that is a bug to see (production stays lenient).
        "TEMPLATES_STRICT": env_name == "test",
        "INSTANCE_PATH": instance,
        "SECRET_KEY": _secret_key(env_name, instance),
        "BASE_URL": _env("BASE_URL", "http://127.0.0.1:5000"),
        # database
        "SQLALCHEMY_DATABASE_URI": _env("DATABASE_URL") or f"sqlite:///{instance / 'tradewindow.db'}",
        # No pre-ping: it costs a round trip on every request. Connections are recycled instead,
        # and a connection broken by a database restart fails one request, not the pool.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": _bool("DB_POOL_PRE_PING"), "pool_recycle": 1800},
        # services; unset means the embedded default
        "REDIS_URL": _env("REDIS_URL"),
        "ELASTICSEARCH_URL": _env("ELASTICSEARCH_URL"),
        "ELASTICSEARCH_PLAIN_JSON": _bool("ELASTICSEARCH_PLAIN_JSON"),
        "ELASTICSEARCH_INDEX_PREFIX": _env("ELASTICSEARCH_INDEX_PREFIX", "tradewindow"),
        # The embedded index (when ELASTICSEARCH_URL is unset), and how stale its suggestions
        # and typo vocabulary may be, in seconds.
        "SEARCH_INDEX_PATH": _env("SEARCH_INDEX_PATH", str(instance / "search")),
        "SEARCH_REFRESH_SECONDS": float(_env("SEARCH_REFRESH_SECONDS", "30")),
        "STRIPE_SECRET_KEY": _env("STRIPE_SECRET_KEY"),
        "STRIPE_WEBHOOK_SECRET": _env("STRIPE_WEBHOOK_SECRET"),
        "STRIPE_API_BASE": _env("STRIPE_API_BASE"),  # only to point at a Stripe-API test server
        # Payments (marketplace.membership): a failed renewal keeps the paid tier this many days;
        # USD prices are offered beside CNY (for foreign-owned exhibitors) when on; who to ask
        # for a tier when online payment is off (no STRIPE_SECRET_KEY).
        "BILLING_GRACE_DAYS": int(_env("BILLING_GRACE_DAYS", "7")),
        "BILLING_USD": _bool("BILLING_USD"),
        "BILLING_CONTACT": _env(
            "BILLING_CONTACT", "商务局外贸处 / Foreign Trade Division: +86 574 8918 0000, expo@commerce.example.gov.cn"
        ),
        # mail
        "MAIL_SERVER": _env("MAIL_SERVER"),
        "MAIL_PORT": int(_env("MAIL_PORT", "25")),
        "MAIL_USERNAME": _env("MAIL_USERNAME"),
        "MAIL_PASSWORD": _env("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS"),
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL"),
        "MAIL_DEFAULT_SENDER": _env("MAIL_DEFAULT_SENDER", "TradeWindow <noreply@tradewindow.local>"),
        "MAIL_DIR": Path(_env("MAIL_DIR", str(instance / "mail"))),
        # Rendered public pages shared by the worker processes of a host (core.cache.SharedStore),
        # in megabytes under <instance>/cache; 0 keeps them per process only.
        "SHARED_CACHE_MB": int(_env("SHARED_CACHE_MB", "0" if env_name == "test" else "256")),
        # uploads
        "UPLOAD_DIR": Path(_env("UPLOAD_DIR", str(instance / "uploads"))),
        "MAX_CONTENT_LENGTH": int(_env("MAX_UPLOAD_MB", "50")) * 1024 * 1024,
        # One attached document or picture (core.attachments), in megabytes.
        "ATTACHMENT_MAX_MB": int(_env("ATTACHMENT_MAX_MB", "10")),
        # What images being decoded may hold at once in one process (core.media.MemoryBudget).
        "IMAGE_MEMORY_MB": int(_env("IMAGE_MEMORY_MB", "512")),
        # The CJK TrueType font (a .ttc collection's first face) the credit report PDF embeds a
        # subset of: Debian's fonts-wqy-microhei (scripts/ensure-debian-packages.sh run).
        "CREDIT_REPORT_FONT": _env("CREDIT_REPORT_FONT", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
        # languages
        "LANGUAGES": ("zh", "en"),
        "BABEL_DEFAULT_LOCALE": "zh",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "BABEL_TRANSLATION_DIRECTORIES": str(BASE_DIR / "i18n" / "translations"),
        # security
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", env_name != "test"),
        # core.limits says whom each counts: sign-in per email and address, and per email alone.
        "RATELIMIT_LOGIN": _env("RATELIMIT_LOGIN", "10 per minute;50 per hour"),
        "RATELIMIT_LOGIN_ACCOUNT": _env("RATELIMIT_LOGIN_ACCOUNT", "100 per hour"),
        "RATELIMIT_SIGNUP": _env("RATELIMIT_SIGNUP", "5 per minute;30 per hour"),
        "RATELIMIT_FORMS": _env("RATELIMIT_FORMS", "5 per minute;50 per hour"),
        # The public JSON API (search, suggestions) per address.
        "RATELIMIT_API": _env("RATELIMIT_API", "600 per minute"),
        "RATELIMIT_CREDIT_API": _env("RATELIMIT_CREDIT_API", "60 per minute;1000 per day"),  # per address
        "RATELIMIT_IMAGES": _env("RATELIMIT_IMAGES", "60 per minute"),  # per account
        "RATELIMIT_IMPORTS": _env("RATELIMIT_IMPORTS", "20 per hour"),  # per organization
        # Credit report PDFs per address: each issues a numbered report and costs about a second.
        "RATELIMIT_CREDIT_REPORTS": _env("RATELIMIT_CREDIT_REPORTS", "30 per hour"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Redis down: count in each process (every route with its own limits) instead of failing
        # the request, and say so in the log and on /healthz; back to Redis once it answers.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # Reverse proxies in front of the app whose X-Forwarded-* headers are believed (ProxyFix).
        "TRUSTED_PROXIES": int(_env("TRUSTED_PROXIES", "0")),
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "FORCE_HTTPS": production and _bool("FORCE_HTTPS", True),
        "TOKEN_MAX_AGE_VERIFY": 3 * 24 * 3600,
        "TOKEN_MAX_AGE_RESET": 2 * 3600,
        "TOKEN_MAX_AGE_INVITE": 14 * 24 * 3600,
        # jobs: RQ when REDIS_URL is set, unless JOBS_INPROCESS forces the embedded runner
        "JOB_MAX_RETRIES": int(_env("JOB_MAX_RETRIES", "3")),
        # seconds before the 1st, 2nd, 3rd ... retry on RQ
        "JOB_RETRY_INTERVALS": [int(x) for x in (_env("JOB_RETRY_INTERVALS", "5,30,120") or "0").split(",")],
        "JOBS_INPROCESS": _bool("JOBS_INPROCESS"),
    }


def _secret_key(env_name: str, instance: Path) -> str:
    """``SECRET_KEY`` when set; in tests the committed test key; in production nothing (the app
    refuses to start); otherwise (``make run``) the instance's own key, made on first start."""
    key = _env("SECRET_KEY")
    if key:
        return key
    if env_name == "test":
        return DEFAULT_SECRET_KEY
    if env_name == "production":
        return ""
    return instance_secret(instance / "secret_key")


def instance_secret(path: Path) -> str:
    """The random key kept in ``path`` (readable by its owner only), written on first use.

    Written to a private temporary file and linked into place, so that two processes starting
    at once (the web server and a worker) end up with the same key and never read half a file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(48) + "\n")
                out.flush()
                os.fsync(out.fileno())
            try:
                os.link(temporary, path)
                log.warning("No SECRET_KEY set: generated one in %s (keep it; set SECRET_KEY in production)", path)
            except FileExistsError:
                pass  # another process made it first: use theirs
        finally:
            temporary.unlink(missing_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)  # a key others can read is no secret
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < 32:
        raise RuntimeError(f"{path} holds no usable secret key (under 32 characters): delete it to get a new one")
    return key


def check_production(config: dict) -> None:
    """Refuse to sign anything outside tests with the key anyone can read in this repository,
    and to run in production without a long random key of its own."""
    key = config.get("SECRET_KEY") or ""
    if config.get("ENV_NAME") != "test" and key == DEFAULT_SECRET_KEY:
        raise RuntimeError("SECRET_KEY is the test suite's key, which is public: set a random one of your own.")
    if config.get("ENV_NAME") != "production":
        return
    if len(key) < 32:
        raise RuntimeError(
            "SECRET_KEY must be set to a random value of at least 32 characters in production "
            "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
