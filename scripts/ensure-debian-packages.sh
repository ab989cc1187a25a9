#!/usr/bin/env bash
# Install, with apt, only the Debian packages that are missing for a task.
#
#   scripts/ensure-debian-packages.sh [GROUP...]     (default group: test)
#
# Groups:
#   run    fonts-wqy-microhei (the CJK font the credit report PDF embeds)
#   test   postgresql-15 redis-server chromium fonts-wqy-microhei
#   bench  wrk postgresql-15 redis-server
#
# Each package is checked cheaply first (dpkg-query / command -v); `apt-get update`
# runs once, and only when something is missing. Nothing is started: apt on these
# machines does not start services, and scripts/services.py starts throwaway ones.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin

groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(test)

wanted=()
add() {
    local p q
    for p in "$@"; do
        for q in "${wanted[@]:-}"; do [ "$q" = "$p" ] && continue 2; done
        wanted+=("$p")
    done
}
for g in "${groups[@]}"; do
    case "$g" in
        run)   add fonts-wqy-microhei ;;
        test)  add postgresql-15 redis-server chromium fonts-wqy-microhei ;;
        bench) add wrk postgresql-15 redis-server ;;
        *) echo "ensure-debian-packages: unknown group '$g' (known: run, test, bench)" >&2; exit 2 ;;
    esac
done

dpkg_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

is_present() {
    case "$1" in
        postgresql-15) [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && [ -x "$PG_BIN/postgres" ] ;;
        redis-server)  command -v redis-server >/dev/null 2>&1 ;;
        chromium)      command -v chromium >/dev/null 2>&1 ;;
        wrk)           command -v wrk >/dev/null 2>&1 ;;
        *)             dpkg_installed "$1" ;;
    esac
}

missing=()
for p in "${wanted[@]}"; do
    is_present "$p" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "ensure-debian-packages: all present (${wanted[*]})"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-debian-packages: missing Debian packages: ${missing[*]}" >&2
    echo "  not root, so not installing them; run as root:" >&2
    echo "    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-y -qq -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

echo "ensure-debian-packages: installing ${missing[*]}"
start=$(date +%s)
apt-get update -qq -o DPkg::Lock::Timeout=300
# None of these needs its Recommends to run headless tests or benchmarks
# (chromium's are desktop helpers; postgresql's is sysstat).
apt-get install "${apt_opts[@]}" --no-install-recommends --no-upgrade "${missing[@]}" >/dev/null

still=()
for p in "${missing[@]}"; do
    is_present "$p" || still+=("$p")
done
if [ ${#still[@]} -ne 0 ]; then
    echo "ensure-debian-packages: still missing after apt-get install: ${still[*]}" >&2
    exit 1
fi
echo "ensure-debian-packages: installed ${missing[*]} in $(( $(date +%s) - start )) s"
