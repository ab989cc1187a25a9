#!/usr/bin/env bash
# The suite as `make test` runs it, against the services scripts/services.py started (their
# TEST_* variables in the environment): first on SQLite, the embedded default every newcomer
# runs (browser tests left out), then on PostgreSQL with everything. Prints a closing line per
# database and fails when either run failed.
#   bash scripts/test.sh LOG_DIR [pytest arguments...]
set -uo pipefail
cd "$(dirname "$0")/.."
logs=$1
shift
mkdir -p "$logs"
status=0
summary=()

run() {
  local database=$1
  shift
  echo "== the suite on $database =="
  TEST_DATABASE=$database .venv/bin/pytest -q "$@" 2>&1 | tee "$logs/pytest-$database.log"
  local rc=${PIPESTATUS[0]}
  local last
  last=$(grep -E '(passed|failed|errors?|no tests ran)( |,|$)' "$logs/pytest-$database.log" | tail -n 1 | sed -E 's/=+//g; s/^ +//; s/ +$//')
  summary+=("$database: ${last:-no result (exit $rc)}")
  [ "$rc" -eq 0 ] || status=$rc
}

run sqlite -m "not e2e" "$@"
run postgresql "$@"
echo ""
printf '%s\n' "${summary[@]}"
exit $status
