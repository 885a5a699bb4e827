#!/usr/bin/env bash
# The sync benchmark (see crates/core/README.md): a release build of crates/sync-bench, which
# runs the relay, the Calendly sandbox and the desktop's sync engine on loopback and prints
# push latency (webhook accepted → row committed) and the cost of a quiet reconcile. Extra
# arguments go to sync-bench (e.g. --webhooks 1000 --events 2000, or --help).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
# The bench keeps its Calendly tokens in the kernel keyring, as a headless desktop does.
export QUOTLA_KEYRING_BACKEND=keyutils
cargo build --release -p quotla-sync-bench --bins
exec "$CARGO_TARGET_DIR/release/sync-bench" "$@"
