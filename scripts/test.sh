#!/usr/bin/env bash
# The suite as `make test` runs it: on SQLite, the embedded default every newcomer runs (browser
# tests left out), and on PostgreSQL with everything, side by side, each against its own
# services (scripts/services.py in SERVICES_DIR/sqlite and SERVICES_DIR/postgresql). Each run's
# output goes to SERVICES_DIR/logs/pytest-DATABASE.log and is printed when it ends; then a
# closing line per database. Fails when either run failed. Whatever happens (a failure, Ctrl-C,
# a TERM), the two pytest processes (with their browsers) and both sets of services are stopped.
#   bash scripts/test.sh SERVICES_DIR [pytest arguments...]
set -uo pipefail
cd "$(dirname "$0")/.."
services=$1
shift
logs=$services/logs
mkdir -p "$logs"
# Each run in its own process group: a signal reaches pytest and what it started (Chromium), and
# a background job does not ignore SIGINT as it would without job control.
set -m

databases=(sqlite postgresql)
started=() # services folders to stop
declare -A pids=() rcs=()

stop_everything() {
  local database pid waited
  for database in "${!pids[@]}"; do
    pid=${pids[$database]}
    kill -INT -- "-$pid" 2>/dev/null || continue # pytest tears its fixtures down on SIGINT
    for waited in $(seq 1 30); do
      kill -0 -- "-$pid" 2>/dev/null || break
      sleep 1
    done
    kill -KILL -- "-$pid" 2>/dev/null && echo "test.sh: killed what was left of the $database run" >&2
  done
  pids=()
  for database in "${started[@]}"; do
    .venv/bin/python scripts/services.py stop "$database"
  done
  started=()
}
trap stop_everything EXIT
trap 'echo "test.sh: interrupted (logs in $logs)" >&2; exit 130' INT
trap 'exit 143' TERM

# A set that `make test` started in SERVICES_DIR itself, before there were two, may be left over.
[ -e "$services/pids.json" ] && .venv/bin/python scripts/services.py stop "$services"
# One set after the other: a set holds its ports before the next picks free ones.
for database in "${databases[@]}"; do
  started+=("$services/$database")
  .venv/bin/python scripts/services.py start "$services/$database" || exit 1
done

closing() {
  grep -E '(passed|failed|errors?|no tests ran)( |,|$)' "$1" | tail -n 1 | sed -E 's/=+//g; s/^ +//; s/ +$//'
}

echo "== the suite on sqlite and on postgresql, side by side (logs in $logs) =="
for database in "${databases[@]}"; do
  args=("$@")
  [ "$database" = sqlite ] && args=(-m "not e2e" "$@")
  (
    set -a
    . "$services/$database/env"
    set +a
    TEST_DATABASE=$database exec .venv/bin/pytest -q "${args[@]}"
  ) </dev/null >"$logs/pytest-$database.log" 2>&1 &
  pids[$database]=$!
done

status=0
while [ ${#pids[@]} -gt 0 ]; do
  finished=
  wait -n -p finished "${pids[@]}"
  rc=$?
  [ -n "$finished" ] || continue
  for database in "${!pids[@]}"; do
    [ "${pids[$database]}" = "$finished" ] || continue
    unset "pids[$database]"
    rcs[$database]=$rc
    [ "$rc" -eq 0 ] || status=$rc
    echo ""
    echo "== the suite on $database (exit $rc) =="
    cat "$logs/pytest-$database.log"
  done
done

echo ""
for database in "${databases[@]}"; do
  last=$(closing "$logs/pytest-$database.log")
  echo "$database: ${last:-no result (exit ${rcs[$database]})}"
done
exit $status
