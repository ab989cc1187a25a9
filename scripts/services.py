#!/usr/bin/env python3
"""Start and stop throwaway test services on loopback (stdlib only).

    python scripts/services.py start DIR
    python scripts/services.py stop DIR

start: PostgreSQL 15 (a fresh cluster in DIR/pg, database ``tradewindow_test``),
redis-server, osmem-server (Elasticsearch-API test server) and localstripe
(Stripe-API test server), each on a free 127.0.0.1 port. It waits until each
answers a real request, records what it started in DIR/pids.json and writes
DIR/env (``export NAME=value`` lines):

    TEST_DATABASE_URL       postgresql+psycopg://postgres@127.0.0.1:PORT/tradewindow_test
    TEST_PG_PORT            PORT
    TEST_REDIS_URL          redis://127.0.0.1:PORT/0
    TEST_ELASTICSEARCH_URL  http://127.0.0.1:PORT
    TEST_STRIPE_API_BASE    http://127.0.0.1:PORT

A service that cannot start is an error when CI=true; otherwise a warning, and
its variables are left out of DIR/env (tests that need it then skip).

stop: stops exactly what DIR/pids.json records (PostgreSQL with pg_ctl, the
others by PID, checked against the recorded process start time so a reused PID
is never signalled), waits for them to end, and removes DIR/env. Nothing else
is touched (e.g. a system cluster on 5432). Running it again is a no-op.

If DIR already holds a previous (maybe crashed) run, start first stops what
that run recorded, then wipes DIR. A non-empty DIR that this script did not
create is refused rather than wiped.

Note: these machines' PID 1 does not reap orphans, so a stopped server can
linger as a <defunct> zombie in ``ps``; that holds no port, file or memory, and
is treated as stopped.
"""

from __future__ import annotations

import base64
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
DB_NAME = "tradewindow_test"
READY_TIMEOUT = float(os.environ.get("SERVICES_READY_TIMEOUT", "30"))
MARKER = ".tradewindow-services"
UNIX_SOCKET_MAX = 100  # sun_path is 108 bytes; leave room for "/.s.PGSQL.NNNNN"

# localstripe runner: the app object is localstripe.server.app (needs no setup
# besides the import). Its store pickles itself to the fixed path
# /tmp/localstripe.pickle on every write; that is turned off here, so the
# instance is in-memory only, never reads a stale pickle (only the CLI loads
# it) and several instances can run side by side.
LOCALSTRIPE_RUNNER = """
import logging, sys
from aiohttp import web
from localstripe.resources import store
store.dump_to_disk = lambda: None
from localstripe.server import app
logging.basicConfig(level=logging.INFO)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None,
            access_log=None)
"""


def is_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def log(msg: str) -> None:
    print(f"services: {msg}", file=sys.stderr, flush=True)


class ServiceError(Exception):
    pass


# ---------------------------------------------------------------- processes


def proc_stat(pid: int):
    """(state, starttime) of a process, or None if there is no such process."""
    try:
        data = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError, OSError):
        return None
    fields = data[data.rindex(")") + 2 :].split()
    return fields[0], fields[19]


def proc_cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def start_time(pid: int) -> str | None:
    st = proc_stat(pid)
    return st[1] if st else None


def alive(pid: int, started: str | None) -> bool:
    """True while the process recorded as (pid, started) runs; zombies count as ended."""
    st = proc_stat(pid)
    if st is None or st[0] in ("Z", "X", "x"):
        return False
    return started is None or st[1] == started


def wait_gone(pid: int, started: str | None, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        try:  # reap it if it happens to be our own child
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        if not alive(pid, started):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def terminate(name: str, pid: int, started: str | None, grace: float = 5.0) -> None:
    """SIGTERM, then SIGKILL after `grace` s, the process (and its process group
    when it leads one, as everything started with start_new_session does)."""
    if not alive(pid, started):
        return

    def send(sig):
        try:
            if os.getpgid(pid) == pid:
                os.killpg(pid, sig)
            else:
                os.kill(pid, sig)
        except ProcessLookupError:
            pass

    send(signal.SIGTERM)
    if wait_gone(pid, started, grace):
        return
    log(f"{name} (pid {pid}) ignored SIGTERM for {grace:.0f} s; sending SIGKILL")
    send(signal.SIGKILL)
    if not wait_gone(pid, started, 5.0):
        log(f"warning: {name} (pid {pid}) still running after SIGKILL")


def spawn(argv, logfile: Path, **kw) -> subprocess.Popen:
    with open(logfile, "ab") as out:
        return subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
            **kw,
        )


def as_postgres(argv):
    """Run PostgreSQL tools as `postgres` when we are root (initdb refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *map(str, argv)]
    return [str(a) for a in argv]


def run(argv, logfile: Path, timeout: float = 60) -> None:
    with open(logfile, "ab") as out:
        out.write(("\n$ " + shlex.join(map(str, argv)) + "\n").encode())
        out.flush()
        try:
            r = subprocess.run(
                list(map(str, argv)),
                check=False,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise ServiceError(f"{Path(argv[0]).name} did not finish in {timeout:.0f} s (see {logfile})")
    if r.returncode != 0:
        raise ServiceError(f"`{shlex.join(map(str, argv))}` exited {r.returncode}:\n{tail(logfile)}")


def tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return f"    (no log at {path})"
    return "\n".join("    " + line for line in text[-lines:])


# ---------------------------------------------------------------- network


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(name: str, check, is_running, logfile: Path, timeout: float = READY_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while True:
        try:
            if check():
                return
        except Exception as e:
            last = f"{type(e).__name__}: {e}"
        if not is_running():
            raise ServiceError(f"{name} exited during startup ({last}); log {logfile}:\n{tail(logfile)}")
        if time.monotonic() >= deadline:
            raise ServiceError(
                f"{name} did not answer within {timeout:.0f} s ({last}); log {logfile}:\n{tail(logfile)}"
            )
        time.sleep(0.1)


def redis_ping(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
        s.sendall(b"*1\r\n$4\r\nPING\r\n")
        reply = s.recv(64)
    if reply.startswith(b"+PONG"):
        return True
    raise ServiceError(f"unexpected reply to PING: {reply!r}")


def http_get(url: str, headers=None) -> bool:
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=3) as resp:
        resp.read()
        return 200 <= resp.status < 300


# ---------------------------------------------------------------- state file


class State:
    def __init__(self, d: Path):
        self.path = d / "pids.json"
        self.data = {"services": {}}
        if self.path.exists():
            try:
                self.data = json.loads(self.path.read_text())
                self.data.setdefault("services", {})
            except (OSError, ValueError):
                log(f"warning: unreadable {self.path}; ignoring it")

    @property
    def services(self) -> dict:
        return self.data["services"]

    def record(self, name: str, **info) -> None:
        self.services.setdefault(name, {}).update(info)
        self.save()

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, indent=2) + "\n")
        os.replace(tmp, self.path)


# ---------------------------------------------------------------- services


def pg_socket_dir(base: Path) -> str:
    """The cluster's folder, or '' (TCP only) where its path is too long for a socket."""
    return str(base) if len(str(base)) <= UNIX_SOCKET_MAX else ""


def pg_postgres_can_use(path: Path) -> bool:
    if os.geteuid() != 0:
        return True
    r = subprocess.run(
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            "test",
            "-w",
            str(path),
            "-a",
            "-x",
            str(path),
        ],
        check=False,
        stdin=subprocess.DEVNULL,
        capture_output=True,
    )
    return r.returncode == 0


def start_postgres(d: Path, state: State) -> dict:
    for tool in ("initdb", "pg_ctl", "pg_isready", "createdb"):
        if not (PG_BIN / tool).exists():
            raise ServiceError(f"{PG_BIN / tool} not found (run scripts/ensure-debian-packages.sh test)")
    logfile = d / "postgres.log"
    base = d / "pg"
    base.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    if not pg_postgres_can_use(base):
        # DIR sits under a folder user postgres cannot enter: keep the cluster in /tmp.
        base = Path(tempfile.mkdtemp(prefix="tradewindow-pg-"))
        shutil.chown(base, "postgres", "postgres")
        state.record("postgres", external_dir=str(base))
        log(f"postgres cannot use {d / 'pg'}; cluster goes to {base}")
    data = base / "data"
    sockdir = pg_socket_dir(base)
    port = free_port()
    state.record("postgres", datadir=str(data), port=port, pgbin=str(PG_BIN))

    run(
        as_postgres(
            [
                PG_BIN / "initdb",
                "-D",
                data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
                "--no-instructions",
            ]
        ),
        logfile,
    )
    opts = (
        f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{sockdir}'"
        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    pglog = base / "server.log"  # written by the postgres user
    try:
        run(
            as_postgres(
                [
                    PG_BIN / "pg_ctl",
                    "-D",
                    data,
                    "-l",
                    pglog,
                    "-o",
                    opts,
                    "-w",
                    "-t",
                    str(int(READY_TIMEOUT)),
                    "start",
                ]
            ),
            logfile,
            timeout=READY_TIMEOUT + 10,
        )
    except ServiceError as e:
        raise ServiceError(f"{e}\n  server log {pglog}:\n{tail(pglog)}") from None
    pid = int((data / "postmaster.pid").read_text().split()[0])
    state.record("postgres", pid=pid, started=start_time(pid))

    def ready():
        r = subprocess.run(
            [
                str(PG_BIN / "pg_isready"),
                "-q",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "-t",
                "2",
            ],
            check=False,
            stdin=subprocess.DEVNULL,
            capture_output=True,
        )
        return r.returncode == 0

    wait_until("postgres", ready, lambda: alive(pid, None), pglog)
    run(
        as_postgres(
            [
                PG_BIN / "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                port,
                "-U",
                "postgres",
                DB_NAME,
            ]
        ),
        logfile,
    )
    return {
        "TEST_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{port}/{DB_NAME}",
        "TEST_PG_PORT": str(port),
    }


def launch_redis(d: Path, state: State):
    exe = shutil.which("redis-server")
    if not exe:
        raise ServiceError("redis-server not found (run scripts/ensure-debian-packages.sh test)")
    port = free_port()
    pidfile = d / "redis.pid"
    logfile = d / "redis.log"
    state.record("redis", port=port, pidfile=str(pidfile))
    # --daemonize yes: the launcher exits at once; the server writes its pidfile.
    run(
        [
            exe,
            "--port",
            port,
            "--bind",
            "127.0.0.1",
            "--daemonize",
            "yes",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            d,
            "--pidfile",
            pidfile,
            "--logfile",
            logfile,
        ],
        logfile,
    )

    def finish() -> dict:
        info = {}

        def ready():
            if not info and pidfile.exists():
                text = pidfile.read_text().strip()
                if text:
                    info["pid"] = int(text)
                    state.record("redis", pid=info["pid"], started=start_time(info["pid"]))
            return bool(info) and redis_ping(port)

        def running():
            if info:
                return alive(info["pid"], None)
            # No pidfile yet: still starting, unless the server logged that it gave
            # up (it writes the pidfile only once it listens).
            try:
                return "aborting" not in logfile.read_text(errors="replace")
            except OSError:
                return True

        wait_until("redis", ready, running, logfile)
        return {"TEST_REDIS_URL": f"redis://127.0.0.1:{port}/0"}

    return finish


def launch_osmem(d: Path, state: State):
    try:
        import osmem_server

        exe = osmem_server.resolve_binary()
    except Exception as e:
        raise ServiceError(f"osmem-server binary not found ({e}); is the venv's python running this?")
    port = free_port()
    logfile = d / "osmem.log"
    p = spawn([exe, "--addr", f"127.0.0.1:{port}", "--no-stdin-watch"], logfile)
    state.record("osmem", pid=p.pid, started=start_time(p.pid), port=port)

    def finish() -> dict:
        wait_until(
            "osmem-server",
            lambda: http_get(f"http://127.0.0.1:{port}/"),
            lambda: p.poll() is None,
            logfile,
        )
        return {"TEST_ELASTICSEARCH_URL": f"http://127.0.0.1:{port}"}

    return finish


def launch_localstripe(d: Path, state: State):
    try:
        import importlib.util

        if importlib.util.find_spec("localstripe") is None:
            raise ImportError("no module named localstripe")
    except Exception as e:
        raise ServiceError(f"localstripe is not installed in {sys.executable} ({e})")
    port = free_port()
    logfile = d / "localstripe.log"
    p = spawn([sys.executable, "-c", LOCALSTRIPE_RUNNER, str(port)], logfile, cwd=str(d))
    state.record("localstripe", pid=p.pid, started=start_time(p.pid), port=port)
    auth = "Basic " + base64.b64encode(b"sk_test_services:").decode()

    def finish() -> dict:
        wait_until(
            "localstripe",
            lambda: http_get(f"http://127.0.0.1:{port}/v1/customers", {"Authorization": auth}),
            lambda: p.poll() is None,
            logfile,
        )
        return {"TEST_STRIPE_API_BASE": f"http://127.0.0.1:{port}"}

    return finish


# ---------------------------------------------------------------- stop


def stop_postgres(info: dict) -> None:
    data = info.get("datadir")
    pid, started = info.get("pid"), info.get("started")
    pgbin = Path(info.get("pgbin") or PG_BIN)
    pidfile = Path(data) / "postmaster.pid" if data else None
    if pid is None and pidfile is not None and pidfile.exists():
        try:  # crashed between pg_ctl start and recording the pid
            pid = int(pidfile.read_text().split()[0])
            started = None if data in proc_cmdline(pid) else "not-ours"
        except (OSError, ValueError, IndexError):
            pid = None
    running = pid is not None and alive(pid, started)
    if data and pidfile.exists() and running:
        r = subprocess.run(
            as_postgres([pgbin / "pg_ctl", "-D", data, "-m", "fast", "-w", "-t", "30", "stop"]),
            check=False,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if r.returncode != 0:
            log(f"pg_ctl stop failed ({r.stdout.strip()} {r.stderr.strip()}); signalling the postmaster")
    if pid is not None and alive(pid, started):
        # pg_ctl failed or is gone: SIGTERM is "smart" shutdown, SIGQUIT immediate.
        try:
            os.kill(pid, signal.SIGQUIT)
        except ProcessLookupError:
            pass
        if not wait_gone(pid, started, 5):
            terminate("postgres", pid, started)
    elif pid is not None:
        wait_gone(pid, started, 10)
    if data and (pid is None or not alive(pid, started)) and not (Path(data) / "postmaster.pid").exists():
        shutil.rmtree(data, ignore_errors=True)  # the throwaway cluster (~40 MB)
    ext = info.get("external_dir")
    if ext and Path(ext).name.startswith("tradewindow-pg-"):
        shutil.rmtree(ext, ignore_errors=True)


def stop_redis(info: dict) -> None:
    pid, started = info.get("pid"), info.get("started")
    pidfile = Path(info["pidfile"]) if info.get("pidfile") else None
    if pid is None and pidfile is not None and pidfile.exists():
        try:  # crashed before recording the pid: trust the pidfile only if it is our server
            cand = int(pidfile.read_text().strip())
            cmd = proc_cmdline(cand)
            if "redis-server" in cmd and f":{info.get('port')}" in cmd:
                pid = cand
        except (OSError, ValueError):
            pass
    if pid is not None:
        terminate("redis", pid, started)


def stop_all(d: Path) -> int:
    state = State(d)
    names = list(state.services)
    if not names:
        return 0
    for name in names:
        info = state.services[name]
        try:
            if name == "postgres":
                stop_postgres(info)
            elif name == "redis":
                stop_redis(info)
            elif info.get("pid") is not None:
                terminate(name, info["pid"], info.get("started"))
        except Exception as e:
            log(f"warning: stopping {name}: {e}")
    still = [
        n
        for n in names
        if state.services[n].get("pid") is not None
        and alive(state.services[n]["pid"], state.services[n].get("started"))
    ]
    if still:
        log(f"could not stop: {', '.join(still)} (kept {state.path})")
        return 1
    state.path.unlink(missing_ok=True)
    (d / "env").unlink(missing_ok=True)
    log(f"stopped {', '.join(names)}")
    return 0


# ---------------------------------------------------------------- commands


def prepare_dir(d: Path) -> None:
    if d.exists():
        if (d / "pids.json").exists():
            log(f"{d} holds a previous run; stopping what it recorded")
            if stop_all(d) != 0:
                raise SystemExit(f"services: leftovers in {d} could not be stopped; not wiping it")
        if any(d.iterdir()) and not (d / MARKER).exists():
            raise SystemExit(f"services: {d} is not empty and was not made by this script; refusing to wipe it")
        shutil.rmtree(d)
    d.mkdir(parents=True)
    (d / MARKER).write_text("made by scripts/services.py; wiped by its next start\n")
    d.chmod(0o755)


def write_env(d: Path, env: dict) -> None:
    lines = [f"export {k}={shlex.quote(v)}" for k, v in env.items()]
    tmp = d / "env.tmp"
    tmp.write_text("".join(line + "\n" for line in lines))
    os.replace(tmp, d / "env")


def cmd_start(d: Path) -> int:
    t0 = time.monotonic()
    prepare_dir(d)
    state = State(d)
    env: dict[str, str] = {}
    failed: list[str] = []

    def failure(name: str, err: Exception) -> None:
        failed.append(name)
        if is_ci():
            log(f"ERROR: {name} could not start: {err}")
        else:
            log(f"warning: {name} could not start, tests that need it will skip: {err}")

    # The three quick ones start in the background while PostgreSQL initialises.
    pending = []
    for name, launch in (
        ("redis", launch_redis),
        ("osmem", launch_osmem),
        ("localstripe", launch_localstripe),
    ):
        try:
            pending.append((name, launch(d, state)))
        except Exception as e:
            failure(name, e)
    try:
        env.update(start_postgres(d, state))
    except Exception as e:
        failure("postgres", e)
    for name, finish in pending:
        try:
            env.update(finish())
        except Exception as e:
            failure(name, e)

    if failed and is_ci():
        log("CI=true: stopping what did start")
        stop_all(d)
        return 1
    order = [
        "TEST_DATABASE_URL",
        "TEST_PG_PORT",
        "TEST_REDIS_URL",
        "TEST_ELASTICSEARCH_URL",
        "TEST_STRIPE_API_BASE",
    ]
    write_env(d, {k: env[k] for k in order if k in env})
    up = ", ".join(n for n in state.services if n not in failed)
    log(f"started {up or 'nothing'} in {time.monotonic() - t0:.1f} s; env in {d / 'env'}")
    return 0


def main(argv) -> int:
    if len(argv) != 3 or argv[1] not in ("start", "stop"):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    d = Path(argv[2]).resolve()
    if argv[1] == "start":
        return cmd_start(d)
    if not d.exists():
        return 0
    return stop_all(d)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
