#!/usr/bin/env bash
# The suite as `make test` runs it, against the services scripts/services.py started (their
# TEST_* variables in the environment): on SQLite, the embedded default every newcomer runs
# (browser tests left out), and on PostgreSQL with everything. The two runs go side by side,
# one per core (each pytest is one process), with their own Redis database; the SQLite run's
# output is printed when it ends. Prints a closing line per database and fails when either
# run failed.
#   bash scripts/test.sh LOG_DIR [pytest arguments...]
set -uo pipefail
cd "$(dirname "$0")/.."
logs=$1
shift
mkdir -p "$logs"

closing() {
  grep -E '(passed|failed|errors?|no tests ran)( |,|$)' "$1" | tail -n 1 | sed -E 's/=+//g; s/^ +//; s/ +$//'
}

# Each run gets its own Redis database (tests flush theirs); Elasticsearch indices and SMTP
# servers are per test already.
redis_base=${TEST_REDIS_URL%/*}
(
  TEST_DATABASE=sqlite TEST_REDIS_URL="$redis_base/1" .venv/bin/pytest -q -m "not e2e" "$@" \
    > "$logs/pytest-sqlite.log" 2>&1
  echo $? > "$logs/rc-sqlite"
) &
sqlite_pid=$!
echo "== the suite on postgresql (the SQLite run goes alongside; its output follows) =="
TEST_DATABASE=postgresql TEST_REDIS_URL="$redis_base/0" .venv/bin/pytest -q "$@" 2>&1 | tee "$logs/pytest-postgresql.log"
pg_rc=${PIPESTATUS[0]}
wait "$sqlite_pid"
sqlite_rc=$(cat "$logs/rc-sqlite" 2>/dev/null || echo 1)
echo ""
echo "== the suite on sqlite =="
cat "$logs/pytest-sqlite.log"
echo ""
echo "sqlite: $(closing "$logs/pytest-sqlite.log")"
echo "postgresql: $(closing "$logs/pytest-postgresql.log")"
status=0
[ "$sqlite_rc" -eq 0 ] || status=$sqlite_rc
[ "$pg_rc" -eq 0 ] || status=$pg_rc
exit $status
