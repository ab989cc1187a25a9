"""Periodic jobs: what runs every day or every hour, once per period however many schedulers run.

A face registers ``periodic("sourcing.response_metrics", daily_at=time(2, 0))`` for a job of
core.jobs, which is given the tick's time (ISO 8601; ``as_of`` reads it) as its one argument.
``tick(now)`` enqueues each periodic job whose current slot (the day once its time has come,
or the hour) it has not yet been enqueued for: the slot is written as a row of
``schedule_runs`` with a unique (name, slot), so a second scheduler, a cron line and a loop at
once, or a tick repeated after a crash, never runs a job twice for one slot; a slot missed
while nothing ticked runs at the next tick.

Production runs ``flask jobs scheduler`` (a loop that ticks every minute) beside the RQ workers,
or ``flask jobs tick`` from cron every minute; ``make run`` starts the loop beside the server,
where the jobs then run in-process. Times are UTC.
"""

from __future__ import annotations

import logging
import time as _time
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import String, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from core.db import commit, utcnow
from core.extensions import db
from core.jobs import enqueue

log = logging.getLogger(__name__)


class ScheduleRun(db.Model):
    __tablename__ = "schedule_runs"
    __table_args__ = (UniqueConstraint("name", "slot", name="uq_schedule_runs_name_slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    slot: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class Periodic:
    job: str
    daily_at: time | None = None  # None: every hour (or every minute)
    every_minute: bool = False

    def slot(self, now: datetime) -> str | None:
        """The period ``now`` is in, or None before today's time has come."""
        if self.every_minute:
            return now.strftime("%Y-%m-%dT%H:%M")
        if self.daily_at is None:
            return now.strftime("%Y-%m-%dT%H")
        if now.time().replace(tzinfo=None) < self.daily_at:
            return None
        return now.strftime("%Y-%m-%d")


_PERIODIC: dict[str, Periodic] = {}


def periodic(job: str, daily_at: time | None = None, every_minute: bool = False) -> None:
    """Run ``job`` every day at ``daily_at``, every minute (a sweep that must not wait long,
    such as publishing what is scheduled), or else every hour."""
    _PERIODIC[job] = Periodic(job, daily_at, every_minute)


def registered() -> list[Periodic]:
    return [_PERIODIC[name] for name in sorted(_PERIODIC)]


def tick(now: datetime | None = None) -> list[str]:
    """Enqueue the periodic jobs that are due (committed); returns their names."""
    now = now or utcnow()
    started = []
    for entry in registered():
        slot = entry.slot(now)
        if slot is None:
            continue
        if db.session.scalar(select(ScheduleRun.id).where(ScheduleRun.name == entry.job, ScheduleRun.slot == slot)):
            continue
        try:
            with db.session.begin_nested():
                db.session.add(ScheduleRun(name=entry.job, slot=slot, created_at=now))
                db.session.flush()
        except IntegrityError:  # another scheduler took this slot a moment ago
            continue
        enqueue(entry.job, now.isoformat())  # the job works as of its slot's time, however late it runs
        started.append(entry.job)
    if started and any(entry.every_minute for entry in registered()):
        # A minute's slot is only needed while its minute lasts: keep a day of them.
        from datetime import timedelta

        from sqlalchemy import delete

        old = (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
        minutely = [entry.job for entry in registered() if entry.every_minute]
        db.session.execute(
            delete(ScheduleRun).where(
                ScheduleRun.name.in_(minutely), ScheduleRun.slot < old, ScheduleRun.slot.like("%:%")
            )
        )
    commit()
    return started


def as_of(at: str | None) -> datetime:
    """A periodic job's time: the tick's, or now when run by hand."""
    if not at:
        return utcnow()
    from datetime import UTC

    when = datetime.fromisoformat(at)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def loop(interval: float = 60.0) -> None:  # pragma: no cover - runs until stopped
    """Tick every ``interval`` seconds until the process is stopped (``flask jobs scheduler``)."""
    while True:
        try:
            for name in tick():
                log.info("periodic job %s enqueued", name)
        except Exception:
            log.exception("scheduler tick failed")
            db.session.rollback()
        db.session.remove()
        _time.sleep(interval)
