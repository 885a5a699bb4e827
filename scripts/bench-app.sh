#!/usr/bin/env bash
# The screen benchmark (see PERFORMANCE.md): a release build of crates/app-bench, which seeds
# years of data once (kept under the cargo target directory) and times every store command
# a screen uses, with its JSON encoding, printing p50 / p99 / max. Extra arguments go to
# app-bench (e.g. --runs 500, --clients 1000, or --help).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
cargo build --release -p quotla-app-bench --bins
exec "$CARGO_TARGET_DIR/release/app-bench" "$@"
