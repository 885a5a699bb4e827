#!/usr/bin/env bash
# End-to-end tests of the real app: a private D-Bus session (the single-instance plugin and
# the Secret Service live on it), an Xvfb display, tauri-driver + WebKitWebDriver, WebdriverIO.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

if [ "${QUOTLA_E2E_IN_SESSION:-}" != 1 ]; then
  exec dbus-run-session -- env QUOTLA_E2E_IN_SESSION=1 bash "$0" "$@"
fi

export NO_AT_BRIDGE=1
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
export QUOTLA_APP=${QUOTLA_APP:-$CARGO_TARGET_DIR/debug/quotla}
[ -x "$QUOTLA_APP" ] || { echo "e2e: no app binary at $QUOTLA_APP (build it first)" >&2; exit 1; }

display=""
for n in $(seq 90 120); do
  if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=$n; break; fi
done
[ -n "$display" ] || { echo "e2e: no free X display number" >&2; exit 1; }
Xvfb ":$display" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.05; done
export DISPLAY=":$display"

cd "$root/tests/e2e"
npx wdio run ./wdio.conf.ts "$@"
