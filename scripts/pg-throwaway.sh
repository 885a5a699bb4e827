#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the relay tests, on 127.0.0.1 with trust auth.
#
#   scripts/pg-throwaway.sh start [--watch PID]   start it; prints its postgres://… URL (only
#                                                 that) on stdout. With --watch the cluster
#                                                 gets its own directory and is stopped and
#                                                 deleted as soon as process PID exits.
#   scripts/pg-throwaway.sh stop                  stop it and delete its directory
#
# The cluster lives in $PG_THROWAWAY_DIR (default /tmp/quotla-pg-throwaway). PostgreSQL
# refuses to run as root, so as root initdb/pg_ctl run as the `postgres` user, which owns
# the data and socket directory. Installs the `postgresql` apt package when it is missing.
set -euo pipefail

say() { echo "pg-throwaway: $*" >&2; }

find_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

install_postgres() {
  command -v apt-get >/dev/null || { say "PostgreSQL is missing and this is not Debian/Ubuntu"; exit 1; }
  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then as_root=(sudo); else
      say "PostgreSQL is missing; install it with: sudo apt-get install -y postgresql"; exit 1
    fi
  fi
  say "installing postgresql with apt"
  "${as_root[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends postgresql >&2
}

# Runs a command as the cluster owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$(( (RANDOM % 30000) + 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"; return 0
    fi
  done
  say "no free port found"; exit 1
}

start() {
  local dir=$1 bin port url
  bin=$(find_bin) || true
  if [ -z "$bin" ]; then install_postgres; bin=$(find_bin) || { say "initdb not found after install"; exit 1; }; fi
  if [ -f "$dir/url" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    cat "$dir/url"; return 0
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  chmod 700 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-instructions >"$dir/initdb.log" 2>&1 \
    || { say "initdb failed:"; cat "$dir/initdb.log" >&2; exit 1; }
  port=$(free_port)
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=300 -c fsync=on -c synchronous_commit=on" \
    start >&2 || { say "pg_ctl start failed:"; cat "$dir/server.log" >&2; exit 1; }
  url="postgres://postgres@127.0.0.1:$port/postgres"
  echo "$url" >"$dir/url"
  echo "$bin" >"$dir/bin"
  echo "$url"
}

stop() {
  local dir=$1 bin
  [ -d "$dir" ] || return 0
  bin=$(cat "$dir/bin" 2>/dev/null || find_bin || true)
  if [ -n "$bin" ] && [ -d "$dir/data" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

cmd=${1:-}
case "$cmd" in
  start)
    if [ "${2:-}" = "--watch" ]; then
      watched=${3:?start --watch needs a PID}
      dir=$(mktemp -d /tmp/quotla-pg-throwaway.XXXXXX)
      start "$dir"
      # The watcher outlives this script; it stops the cluster when PID exits.
      nohup bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; exec bash "$2" stop-dir "$3"' \
        _ "$watched" "$0" "$dir" >/dev/null 2>&1 &
    else
      start "${PG_THROWAWAY_DIR:-/tmp/quotla-pg-throwaway}"
    fi
    ;;
  stop) stop "${PG_THROWAWAY_DIR:-/tmp/quotla-pg-throwaway}" ;;
  stop-dir) stop "${2:?stop-dir needs a directory}" ;;
  *) echo "usage: $0 start [--watch PID] | stop" >&2; exit 2 ;;
esac
