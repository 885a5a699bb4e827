#!/usr/bin/env bash
# The startup benchmark (see PERFORMANCE.md): the release app as `make package` builds it,
# launched cold five times per data set until its first interactive screen, then left idle
# 30 s for its memory (PSS of the app and its WebKit processes), on an empty data directory
# and on years of data seeded once by the release quotla-cli. Runs under Xvfb and a private
# D-Bus session with a real Secret Service, as a Linux desktop would. Extra arguments go to
# startup-bench (e.g. --runs 9, --data-set large, or --help). Needs ui/dist built (`make ui`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}

if [ "${QUOTLA_BENCH_IN_SESSION:-}" != 1 ]; then
  [ -f ui/dist/index.html ] || { echo "bench-startup: build the UI first (make ui)" >&2; exit 1; }
  # Exactly the build `make package` ships (scripts/build-release.sh).
  bash scripts/build-release.sh >/dev/null
  cargo build --release -p quotla-cli -p quotla-startup-bench --bins
  exec dbus-run-session -- env QUOTLA_BENCH_IN_SESSION=1 bash "$0" "$@"
fi

export NO_AT_BRIDGE=1
# WebKit's caches and storage, and the keyring, start empty for each run of the bench and
# never touch the caller's own.
state=$(mktemp -d /tmp/quotla-bench-startup.XXXXXX)
. scripts/lib/desktop-session.sh
use_state_dir "$state"
# The runtime directory too: a stopped app leaves its entry in the profile list there.
export XDG_RUNTIME_DIR=$state/runtime
mkdir -m 700 "$XDG_RUNTIME_DIR"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$state"' EXIT
start_keyring quotla-bench
start_xvfb bench-startup

"$CARGO_TARGET_DIR/release/startup-bench" "$@"
