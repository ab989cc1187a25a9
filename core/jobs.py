"""Background jobs: enqueue work that runs after the commit, on RQ or in-process.

``enqueue("mail.deliver", message_id)`` writes a ``JobRun`` row in the caller's transaction
(so a job exists exactly when the change that asked for it was committed). After the
commit, ``dispatch()`` hands it to RQ when ``REDIS_URL`` is set, or runs it in-process.
Jobs take ids, re-read their rows and commit once. A job that keeps failing ends ``failed``
after ``max_attempts`` and shows on the staff jobs page; ``flask jobs requeue`` sends rows
again that never reached a worker (Redis down at the time).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum

from flask import current_app, has_app_context
from sqlalchemy import JSON, String, Text, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import TimestampMixin, enum_column, utcnow
from core.extensions import db

log = logging.getLogger(__name__)

QUEUE_DEFAULT = "default"
QUEUE_MAIL = "mail"
QUEUES = (QUEUE_MAIL, QUEUE_DEFAULT)

_JOBS: dict[str, tuple[Callable, str]] = {}


class JobStatus(StrEnum):
    QUEUED = "queued"  # written, maybe not yet on a queue (flask jobs requeue sends it again)
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"  # failed its last attempt: shown to staff


class JobRun(TimestampMixin, db.Model):
    __tablename__ = "job_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    queue: Mapped[str] = mapped_column(String(32), default=QUEUE_DEFAULT)
    args: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus), default=JobStatus.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=3)
    last_error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None]


_LABELS: dict[str, object] = {}


def job(name: str, queue: str = QUEUE_DEFAULT, label=None):
    """Register a function as a job under a stable name; ``label`` is what staff read."""

    def decorate(func):
        _JOBS[name] = (func, queue)
        if label is not None:
            _LABELS[name] = label
        func.job_name = name
        return func

    return decorate


def job_label(name: str) -> str:
    """What staff call a job: "Product thumbnails", not ``catalog.thumbnails``."""
    return str(_LABELS.get(name, name))


def job_names() -> list[str]:
    return sorted(_JOBS)


def enqueue(name: str, *args, max_attempts: int | None = None) -> JobRun:
    if name not in _JOBS:
        raise KeyError(f"unknown job {name!r}")
    run = JobRun(
        name=name,
        queue=_JOBS[name][1],
        args=list(args),
        max_attempts=max_attempts or current_app.config["JOB_MAX_RETRIES"],
    )
    db.session.add(run)
    db.session.flush()
    db.session.info.setdefault("pending_jobs", []).append(run.id)
    return run


@event.listens_for(Session, "after_commit")
def _after_commit(session):
    pending = session.info.pop("pending_jobs", None)
    if pending:
        session.info.setdefault("committed_jobs", []).extend(pending)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session, previous_transaction):
    if not session.in_transaction():
        session.info.pop("pending_jobs", None)


def uses_rq(app=None) -> bool:
    app = app or current_app
    return bool(app.config.get("REDIS_URL")) and not app.config.get("JOBS_INPROCESS")


def redis_connection(app=None):
    from redis import Redis

    app = app or current_app
    ext = app.extensions.setdefault("tradewindow_redis", {})
    if "conn" not in ext:
        ext["conn"] = Redis.from_url(app.config["REDIS_URL"], socket_timeout=5, socket_connect_timeout=2)
    return ext["conn"]


def _send_to_rq(run_ids: list[int]) -> None:
    from rq import Queue, Retry

    conn = redis_connection()
    rows = db.session.execute(select(JobRun.id, JobRun.queue, JobRun.max_attempts).where(JobRun.id.in_(run_ids))).all()
    for run_id, queue, max_attempts in rows:
        intervals = current_app.config["JOB_RETRY_INTERVALS"]
        retry = Retry(max=max_attempts - 1, interval=intervals) if max_attempts > 1 else None
        Queue(queue, connection=conn).enqueue(
            "core.jobs.execute", run_id, retry=retry, job_id=f"tw-{run_id}-{utcnow().timestamp():.0f}"
        )


def dispatch() -> None:
    """Send the jobs of committed transactions on their way. Safe to call at any time."""
    if not db.session.registry.has():  # no session this request (the busy public pages): no jobs
        return
    ids = db.session.info.pop("committed_jobs", None)
    if not ids:
        return
    if uses_rq():
        try:
            _send_to_rq(ids)
        except Exception:  # Redis down: the rows stay queued for `flask jobs requeue`
            log.exception("could not reach the job queue; %d job(s) left queued", len(ids))
        return
    for run_id in ids:
        run_inprocess(run_id)


def run_inprocess(run_id: int) -> str:
    """Run a job here and now, retrying up to its limit. Returns its final status."""
    while True:
        try:
            return execute(run_id)
        except Exception:
            status = db.session.scalar(select(JobRun.status).where(JobRun.id == run_id))
            if status != JobStatus.QUEUED:
                return status or JobStatus.FAILED


def _request_context():
    """What a job runs in: the request's own when run in-process, else one on the public base URL
    (so a job's mail can build links)."""
    from contextlib import nullcontext

    from flask import has_request_context

    if has_request_context():
        return nullcontext()
    return current_app.test_request_context("/", base_url=current_app.config["BASE_URL"])


def execute(run_id: int) -> str:
    """Run one attempt of a job (what an RQ worker calls). Raises when the attempt failed."""
    if not has_app_context():
        raise RuntimeError("jobs run inside the app: start RQ workers with `flask jobs worker`")
    run = db.session.get(JobRun, run_id)
    if run is None or run.status in (JobStatus.DONE, JobStatus.FAILED):
        return run.status if run else "missing"
    func, _queue = _JOBS[run.name]
    run.status = JobStatus.RUNNING
    run.attempts += 1
    db.session.commit()
    try:
        with _request_context():
            func(*run.args)
        run = db.session.get(JobRun, run_id)
        run.status = JobStatus.DONE
        run.finished_at = utcnow()
        run.last_error = None
        db.session.commit()
        dispatch()
        return JobStatus.DONE
    except Exception as exc:
        db.session.rollback()
        run = db.session.get(JobRun, run_id)
        run.last_error = "".join(traceback.format_exception(exc))[-4000:]
        run.status = JobStatus.FAILED if run.attempts >= run.max_attempts else JobStatus.QUEUED
        if run.status == JobStatus.FAILED:
            run.finished_at = utcnow()
            log.error("job %s #%s failed for good: %s", run.name, run_id, exc)
        db.session.commit()
        raise


def work(app, queues=QUEUES, burst: bool = False) -> None:
    """Be an RQ worker for ``app`` (``flask jobs worker``) until stopped, or until the queues are
    empty with ``burst``.

    RQ's worker forks a child per job, which inherits the app and the app context pushed here,
    so ``execute`` finds the app without importing it. This process itself never opens a
    database connection that a child could share.
    """
    from rq import Queue, Worker

    conn = redis_connection(app)
    with app.app_context():
        db.engine.dispose(close=False)  # children must not inherit pooled connections in use here
        worker = Worker([Queue(name, connection=conn) for name in queues], connection=conn)
        worker.work(burst=burst, with_scheduler=True)


def retry_failed(run_id: int) -> JobRun | None:
    run = db.session.get(JobRun, run_id)
    if run is None or run.status != JobStatus.FAILED:
        return None
    run.status = JobStatus.QUEUED
    run.attempts = 0
    run.finished_at = None
    db.session.flush()
    db.session.info.setdefault("pending_jobs", []).append(run.id)
    return run


def requeue_stale(older_than: timedelta = timedelta(minutes=10)) -> int:
    """Queued rows that never reached a worker go out again (after an outage)."""
    cutoff = utcnow() - older_than
    ids = list(
        db.session.scalars(select(JobRun.id).where(JobRun.status == JobStatus.QUEUED, JobRun.updated_at < cutoff))
    )
    db.session.info.setdefault("committed_jobs", []).extend(ids)
    dispatch()
    return len(ids)


def queue_state() -> dict:
    if not uses_rq():
        return {"backend": "in-process", "ok": True}
    try:
        redis_connection().ping()
        return {"backend": "rq", "ok": True}
    except Exception as exc:
        return {"backend": "rq", "ok": False, "error": type(exc).__name__}
