#!/usr/bin/env bash
# The relay benchmark (see crates/relay/README.md): a release build of the relay and of
# crates/relay-bench, which starts the real relay on loopback and prints throughput,
# latency, delivery time and memory figures with the durability settings it ran with. Extra
# arguments go to relay-bench (e.g. --database-url postgres://… or --help).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
# One build of both packages: relay-bench runs the quotla-relay binary next to itself.
cargo build --release -p quotla-relay -p quotla-relay-bench --bins
exec "$CARGO_TARGET_DIR/release/relay-bench" "$@"
