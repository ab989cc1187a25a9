"""Jobs run after the commit (in-process or on RQ with real Redis); failures are kept for staff.
Rate limits answer with a clear message in the user's language."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.jobs import JobRun, enqueue, job
from tests.conftest import csrf_from, login, submit

CALLS: list = []


@job("tests.flaky")
def flaky(n_failures: int, key: str):
    """Fails the first ``n_failures`` times for ``key``, then succeeds."""
    CALLS.append(key)
    if CALLS.count(key) <= n_failures:
        raise RuntimeError(f"planned failure {CALLS.count(key)} for {key}")


@pytest.fixture()
def redis_app(app, monkeypatch):
    url = app.config["TEST_REDIS_URL"]
    if not url:
        pytest.skip("Redis not available")
    from redis import Redis

    Redis.from_url(url).flushdb()
    app.extensions.pop("tradewindow_redis", None)
    monkeypatch.setitem(app.config, "REDIS_URL", url)
    monkeypatch.setitem(app.config, "JOB_RETRY_INTERVALS", [0])
    yield app
    app.extensions.pop("tradewindow_redis", None)


def _run_worker(app):
    """A worker that runs jobs in this process, so that CALLS sees them (`flask jobs worker` forks)."""
    from rq import Queue, SimpleWorker

    from core.jobs import QUEUES, redis_connection

    with app.app_context():
        conn = redis_connection()
        worker = SimpleWorker([Queue(q, connection=conn) for q in QUEUES], connection=conn)
        worker.work(burst=True)


def _runs(app, name=None):
    with app.app_context():
        from core.extensions import db

        query = select(JobRun).order_by(JobRun.id)
        if name:
            query = query.where(JobRun.name == name)
        return list(db.session.scalars(query))


def test_in_process_job_retries_then_succeeds(app, clean_app):
    CALLS.clear()
    with app.test_request_context():
        from core.db import commit

        enqueue("tests.flaky", 2, "a")
        commit()
    [run] = _runs(app, "tests.flaky")
    assert run.status == "done" and run.attempts == 3


def test_in_process_job_that_keeps_failing_is_recorded_for_staff(app, clean_app, make_user, client):
    CALLS.clear()
    with app.test_request_context():
        from core.db import commit

        enqueue("tests.flaky", 99, "b", max_attempts=2)
        commit()
    [run] = _runs(app, "tests.flaky")
    assert run.status == "failed" and run.attempts == 2
    assert "planned failure 2 for b" in run.last_error
    admin = make_user(account_type="staff", roles=["admin"])
    login(client, admin.email)
    page = client.get("/en/staff/jobs/").get_data(as_text=True)
    assert "tests.flaky" in page and "planned failure 2" in page
    # Staff send it again; it fails again (the job still plans to fail) and stays visible.
    response = client.post(f"/en/staff/jobs/{run.id}/retry", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    assert _runs(app, "tests.flaky")[0].attempts == 2


def test_nothing_is_queued_when_the_transaction_rolls_back(app, clean_app, mailbox):
    with app.test_request_context():
        from core.extensions import db

        enqueue("tests.flaky", 0, "c")
        db.session.rollback()
        from core.jobs import dispatch

        dispatch()
    assert _runs(app) == []


def test_signup_mail_goes_through_rq_and_a_real_worker(redis_app, client, mailbox):
    submit(
        client,
        "/en/account/signup/buyer",
        {
            "full_name": "Rq",
            "email": "rq@example.com",
            "password": "a-long-password-1",
            "confirm": "a-long-password-1",
            "preferred_language": "en",
        },
    )
    [run] = _runs(redis_app, "mail.deliver")
    assert run.status == "queued"
    assert mailbox.to("rq@example.com") == []  # nothing sent before a worker picks it up
    # The worker of production: `flask jobs worker`, forking a child per job.
    result = redis_app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert mailbox.to("rq@example.com")
    assert _runs(redis_app, "mail.deliver")[0].status == "done"


def test_rq_retries_and_then_records_the_failure(redis_app, clean_app):
    CALLS.clear()
    with redis_app.test_request_context():
        from core.db import commit

        enqueue("tests.flaky", 1, "d")
        enqueue("tests.flaky", 99, "e", max_attempts=3)
        commit()
    for _ in range(4):  # each burst runs what is due; retries with interval 0 are due at once
        _run_worker(redis_app)
    done, failed = _runs(redis_app, "tests.flaky")
    assert (done.status, done.attempts) == ("done", 2)
    assert (failed.status, failed.attempts) == ("failed", 3)


def test_the_worker_command_needs_redis(app, clean_app):
    result = app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output


def test_a_job_outside_the_app_says_how_to_run_workers():
    from core.jobs import execute

    with pytest.raises(RuntimeError, match="flask jobs worker"):
        execute(1)


def test_redis_down_loses_no_job(app, clean_app, client, mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")
    app.extensions.pop("tradewindow_redis", None)
    response = submit(
        client,
        "/en/account/signup/buyer",
        {
            "full_name": "Down",
            "email": "down@example.com",
            "password": "a-long-password-1",
            "confirm": "a-long-password-1",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302  # the sign-up itself worked
    [run] = _runs(app, "mail.deliver")
    assert run.status == "queued"
    health = client.get("/healthz").get_json()
    assert health["checks"]["queue"]["ok"] is False and health["status"] == "degraded"
    # Redis is back (here: the in-process runner): `flask jobs requeue` sends what waited.
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    app.extensions.pop("tradewindow_redis", None)
    with app.test_request_context():
        from core.jobs import requeue_stale

        assert requeue_stale(timedelta(0)) == 1
    assert mailbox.to("down@example.com")


@pytest.mark.parametrize(("lang", "message"), [("en", "You have tried that too often"), ("zh", "尝试次数过多")])
def test_sign_in_is_rate_limited_with_a_clear_message(client, app, make_user, monkeypatch, lang, message):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN", "3 per minute")
    make_user(email="buyer@example.com")
    statuses = []
    for _ in range(4):
        response = submit(client, f"/{lang}/account/login", {"email": "buyer@example.com", "password": "wrong-pass-1"})
        statuses.append(response.status_code)
    assert statuses == [200, 200, 200, 429]
    assert message in response.get_data(as_text=True)


def test_sign_up_is_rate_limited(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_SIGNUP", "2 per minute")
    statuses = [submit(client, "/en/account/signup/buyer", {"email": "bad"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


# A process of its own: Flask-Limiter keeps one storage for every app of a process, and this
# test stops that storage's Redis.
REDIS_DOWN_SCRIPT = r"""
import json, os, re, shutil, socket, subprocess, sys, time
from pathlib import Path
sys.path.insert(0, os.getcwd())
database_url, instance, email, password = sys.argv[1:5]
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
redis = subprocess.Popen(
    [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
)
deadline = time.monotonic() + 10
while time.monotonic() < deadline:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        break
    except OSError:
        time.sleep(0.05)
import govportal, marketplace
from core import create_app
url = f"redis://127.0.0.1:{port}/0"
app = create_app(faces=[marketplace, govportal], env="test", config={
    "SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": Path(instance), "REDIS_URL": url,
    "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": url, "JOBS_INPROCESS": True,
})
def sign_in():
    client = app.test_client()
    page = client.get("/en/account/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/en/account/login", data={"csrf_token": token, "email": email, "password": password})
    return response.status_code
def health():
    response = app.test_client().get("/healthz")
    return response.status_code, response.get_json()["status"], response.get_json()["checks"]["rate_limits"]
result = {"up": [sign_in(), health()]}
redis.terminate()
redis.wait(10)
result["down"] = [sign_in(), sign_in(), health()]
print(json.dumps(result))
"""


def test_redis_stopped_mid_run_leaves_sign_in_working(app, make_user, tmp_path):
    """With REDIS_URL set and Redis stopped, sign-in answered 500 (the limiter's storage raised).
    Now the limiter counts per process, the log and /healthz say so, and every request works."""
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import PASSWORD

    user = make_user()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    done = subprocess.run(
        [sys.executable, "-c", REDIS_DOWN_SCRIPT, app.config["SQLALCHEMY_DATABASE_URI"], str(tmp_path), user.email,
         PASSWORD],
        capture_output=True, text=True, timeout=120, env=env, cwd=os.getcwd(), check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    signed_in, (code, status, limits) = result["up"]
    assert signed_in == 302 and (code, status, limits["ok"], limits["storage"]) == (200, "ok", True, "redis")
    first, second, (code, status, limits) = result["down"]
    assert (first, second) == (302, 302)
    assert (code, status, limits["ok"]) == (200, "degraded", False) and "per process" in limits["counting"]
    assert "falling back to in-memory storage" in done.stderr
