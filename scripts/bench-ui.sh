#!/usr/bin/env bash
# The UI benchmark (see PERFORMANCE.md): the release app as `make package` builds it, driven
# through tauri-driver + WebKitWebDriver (tests/e2e/wdio.bench.conf.ts) on years of data seeded
# by the release quotla-cli. Opening every main screen and keystrokes in a 200-line quote,
# timed in the page; the figures are printed as a table and kept as JSON in
# $CARGO_TARGET_DIR/bench-results/ui.json. Needs ui/dist built (`make ui`), tests/e2e's
# node_modules and tauri-driver (TAURI_DRIVER), as `make bench-ui` provides.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}

if [ "${QUOTLA_BENCH_IN_SESSION:-}" != 1 ]; then
  [ -f ui/dist/index.html ] || { echo "bench-ui: build the UI first (make ui)" >&2; exit 1; }
  # Exactly the build `make package` ships (scripts/build-release.sh); tauri-driver enables
  # WebKit's automation in it through TAURI_WEBVIEW_AUTOMATION, which any build honours.
  bash scripts/build-release.sh >/dev/null
  cargo build --release -p quotla-cli --bins
  exec dbus-run-session -- env QUOTLA_BENCH_IN_SESSION=1 bash "$0" "$@"
fi

export NO_AT_BRIDGE=1
export QUOTLA_APP=$CARGO_TARGET_DIR/release/quotla
export QUOTLA_CLI=$CARGO_TARGET_DIR/release/quotla-cli
# Info, as a user's app logs: the e2e tests' trace logging would be part of every timing.
export QUOTLA_LOG=info
results=$CARGO_TARGET_DIR/bench-results
mkdir -p "$results"
export QUOTLA_BENCH_OUT=$results/ui.json
rm -f "$QUOTLA_BENCH_OUT"

# WebKit's storage, the keyring and the app's log (app.log) stay in a directory of this run.
state=$(mktemp -d /tmp/quotla-bench-ui.XXXXXX)
export QUOTLA_E2E_STATE_DIR=$state
. scripts/lib/desktop-session.sh
use_state_dir "$state"
# The runtime directory too: a stopped app leaves its entry in the profile list there.
export XDG_RUNTIME_DIR=$state/runtime
mkdir -m 700 "$XDG_RUNTIME_DIR"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
start_keyring quotla-bench
start_xvfb bench-ui

(cd tests/e2e && npx wdio run ./wdio.bench.conf.ts "$@")

[ -f "$QUOTLA_BENCH_OUT" ] || { echo "bench-ui: the bench wrote no results" >&2; exit 1; }
echo
echo "release build, $(nproc) cores; ms from the click or keydown to the frame that shows the result"
node -e '
  const { rows } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const ms = (v) => v.toFixed(1).padStart(8);
  console.log("what".padEnd(52) + "n".padStart(4) + "p50".padStart(8) + "p95".padStart(8) + "max".padStart(8));
  for (const r of rows) console.log(r.name.padEnd(52) + String(r.n).padStart(4) + ms(r.p50) + ms(r.p95) + ms(r.max));
' "$QUOTLA_BENCH_OUT"
echo "(figures kept in $QUOTLA_BENCH_OUT)"
