#!/usr/bin/env bash
# Every check CI runs (called by `make test` after the UI is built and tools are installed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

step() { printf '\n==> %s\n' "$*"; }

step "rustfmt"
cargo fmt --all -- --check

step "clippy (whole workspace, all targets)"
cargo clippy --workspace --all-targets -- -D warnings

if [ -z "${QUOTLA_TEST_POSTGRES_URL:-}" ]; then
  step "throwaway PostgreSQL cluster for the relay tests"
  QUOTLA_TEST_POSTGRES_URL=$(bash scripts/pg-throwaway.sh start)
  export QUOTLA_TEST_POSTGRES_URL
  trap 'bash scripts/pg-throwaway.sh stop >/dev/null 2>&1 || true' EXIT
fi

step "Rust tests (whole workspace)"
# This also builds the binaries the end-to-end tests run (quotla, calendly-sandbox), with the
# same feature set, so nothing is compiled twice.
cargo test --workspace

step "UI: type-check, lint, format, unit tests"
(cd ui && npm run typecheck && npm run lint && npm run format:check && npm test)

step "end-to-end: the real app in WebKit under Xvfb"
(cd tests/e2e && npm run typecheck)
bash scripts/e2e.sh
