#!/usr/bin/env bash
# The release build of the desktop app that is packaged and benchmarked: production mode
# (Tauri's custom protocol serves the embedded UI) and without the `dev-tools` feature, so
# no mock runtime, TypeScript exporter or test capture ships. Needs ui/dist (`make ui`).
# Prints the binary's path on its last line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
[ -f ui/dist/index.html ] || { echo "build-release: no ui/dist (run make ui first)" >&2; exit 1; }
cargo build --release --locked --no-default-features --features tauri/custom-protocol --bin quotla >&2
echo "$CARGO_TARGET_DIR/release/quotla"
