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

# Everything the run writes outside the apps' data directories (WebKit storage, the test
# keyring, logs) lands here, so specs can search it for leaked secrets.
state=$(mktemp -d /tmp/quotla-e2e-state.XXXXXX)
export QUOTLA_E2E_STATE_DIR=$state
. "$root/scripts/lib/desktop-session.sh"
use_state_dir "$state"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start_keyring quotla-e2e

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The Calendly sandbox in non-interactive approve mode; the app is pointed at it. The relay's
# landing page is one of its registered redirect URIs, for specs that connect through it.
port=$(free_port)
relay_port=$(free_port)
export QUOTLA_E2E_RELAY_URL="http://127.0.0.1:$relay_port"
"$CARGO_TARGET_DIR/debug/calendly-sandbox" --listen "127.0.0.1:$port" --auto-approve \
  --redirect-uri "$QUOTLA_E2E_RELAY_URL/oauth/calendly/callback" \
  >"$state/sandbox.log" 2>&1 &
pids+=($!)
export QUOTLA_E2E_SANDBOX_URL="http://127.0.0.1:$port"

# The real relay on its SQLite store, trusting the sandbox's signing key. The app uses it
# only where a spec saves it as the relay URL (the others stay in polling mode).
CALENDLY_CLIENT_SECRET=sandbox-client-secret CALENDLY_WEBHOOK_SIGNING_KEY=sandbox-signing-key \
  "$CARGO_TARGET_DIR/debug/quotla-relay" --listen "127.0.0.1:$relay_port" \
  --database-url "sqlite://$state/relay.db" --calendly-client-id quotla-desktop-dev \
  --calendly-auth-base-url "$QUOTLA_E2E_SANDBOX_URL" >"$state/relay.log" 2>&1 &
pids+=($!)
export QUOTLA_CALENDLY_CLIENT_ID=quotla-desktop-dev
export QUOTLA_CALENDLY_AUTH_URL=$QUOTLA_E2E_SANDBOX_URL
export QUOTLA_CALENDLY_API_URL=$QUOTLA_E2E_SANDBOX_URL
export QUOTLA_CALENDLY_REDIRECT_URI=quotla://oauth/calendly
export QUOTLA_TEST_CAPTURE_BROWSER=1
export QUOTLA_LOG=${QUOTLA_LOG:-trace}
export QUOTLA_TEST_CAPTURE_NOTIFICATIONS=1
# "Send by e-mail" saves its PDF here, not in the documents folder of whoever runs the tests.
export QUOTLA_DOCUMENTS_DIR="$state/Documents"
for _ in $(seq 1 100); do
  curl -fsS "$QUOTLA_E2E_SANDBOX_URL/_sandbox/health" >/dev/null 2>&1 &&
    curl -fsS "$QUOTLA_E2E_RELAY_URL/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

start_xvfb e2e

cd "$root/tests/e2e"
npx wdio run ./wdio.conf.ts "$@"
