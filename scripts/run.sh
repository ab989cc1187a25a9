#!/usr/bin/env bash
# `make run`: migrate, load the demo on first start, serve. With REDIS_URL set, an RQ worker
# runs beside the server (and stops with it), so mail and jobs go out as in production.
set -euo pipefail
cd "$(dirname "$0")/.."
export FLASK_APP=wsgi
PORT="${PORT:-5000}"
export BASE_URL="${BASE_URL:-http://127.0.0.1:${PORT}}"
.venv/bin/flask db upgrade
.venv/bin/flask demo load --if-empty
# A database that predates the search (or an index folder that was removed): build the index.
.venv/bin/flask search reindex --if-empty
worker=""
if [ -n "${REDIS_URL:-}" ] && [ -z "${JOBS_INPROCESS:-}" ]; then
  .venv/bin/flask jobs worker &
  worker=$!
  trap '[ -n "$worker" ] && kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null || true' EXIT
  echo "RQ worker started (pid $worker) on $REDIS_URL"
fi
# The periodic jobs (digest mails, response rates): one loop beside the server, stopped with it.
.venv/bin/flask jobs scheduler &
scheduler=$!
trap '[ -n "$worker" ] && kill "$worker" 2>/dev/null; kill "$scheduler" 2>/dev/null; wait 2>/dev/null || true' EXIT
echo ""
echo "TradeWindow on http://127.0.0.1:${PORT}/   demo password: tradewindow-demo"
echo "(demo logins above when the demo was just loaded; 'flask demo load' prints them again)"
.venv/bin/flask run --host 127.0.0.1 --port "$PORT"
