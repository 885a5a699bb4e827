#!/usr/bin/env bash
# `make demo`: the whole Calendly flow without a Calendly account. Starts the Calendly
# sandbox and a relay on loopback, fills a throwaway profile with sample clients, quotes
# and invoices, connects it through the real OAuth flow (sandbox → the relay's landing page
# → the quotla:// link, handed to this profile and no other), starts the app on it, and
# says how to book, reschedule and cancel. Everything it started stops when the app closes
# or on Ctrl-C; the profile and its keyring entry are removed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${CARGO_TARGET_DIR:?}/debug
for tool in quotla quotla-cli quotla-relay calendly-sandbox; do
  [ -x "$bin/$tool" ] || { echo "demo: $bin/$tool is missing (run make app)" >&2; exit 1; }
done

demo=$(mktemp -d /tmp/quotla-demo.XXXXXX)
data=$demo/profile
pids=()
cli() { "$bin/quotla-cli" --data-dir "$data" "$@"; }
cleanup() {
  trap - EXIT INT TERM
  echo
  echo "Stopping the demo…"
  # Revokes the sandbox token and removes the profile's keyring entry.
  cli calendly disconnect --delete-meetings >/dev/null 2>&1 || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$demo"
  echo "Demo stopped; nothing of it is left behind."
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() {
  for _ in $(seq 1 100); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "demo: $1 did not answer" >&2
  return 1
}

sandbox="http://127.0.0.1:$(free_port)"
relay="http://127.0.0.1:$(free_port)"
"$bin/calendly-sandbox" --listen "${sandbox#http://}" --auto-approve \
  --redirect-uri "$relay/oauth/calendly/callback" >"$demo/sandbox.log" 2>&1 &
pids+=($!)
CALENDLY_CLIENT_SECRET=sandbox-client-secret CALENDLY_WEBHOOK_SIGNING_KEY=sandbox-signing-key \
  "$bin/quotla-relay" --listen "${relay#http://}" --database-url "sqlite://$demo/relay.db" \
  --calendly-client-id quotla-desktop-dev --calendly-auth-base-url "$sandbox" \
  >"$demo/relay.log" 2>&1 &
pids+=($!)
wait_for "$sandbox/_sandbox/health"
wait_for "$relay/healthz"

# The app and the CLI of this profile talk to the sandbox and the relay. The kernel keyring
# holds the demo's tokens, so the app and the CLI find them whatever desktop runs them.
export QUOTLA_CALENDLY_CLIENT_ID=quotla-desktop-dev
export QUOTLA_CALENDLY_AUTH_URL=$sandbox
export QUOTLA_CALENDLY_API_URL=$sandbox
export QUOTLA_RELAY_URL=$relay
export QUOTLA_KEYRING_BACKEND=keyutils

echo "Filling the demo profile with sample data…"
id_of() { python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])'; }
ada=$(cli clients add --name "Ada Lovelace" --email ada@example.com --company "Analytical Engines Ltd" | id_of)
grace=$(cli clients add --name "Grace Hopper" --email grace@example.com --company "Compiler Works" | id_of)
cli clients add --name "Alan Turing" --email alan@example.com >/dev/null
cli quotes add --client "$ada" --line "Kitchen design:1:2500" --line "Site visits:3:120" --send >/dev/null
cli quotes add --client "$grace" --line "Office refit, phase 1:1:8400" --send >/dev/null
cli quotes add --client "$grace" --line "Office refit, phase 2:1:6200" >/dev/null
cli invoices add --client "$ada" --line "Kitchen design deposit:1:750" --issue >/dev/null

echo "Connecting the demo profile to the Calendly sandbox through the relay…"
# --paste: the authorize URL carries the configured redirect (the relay's landing page),
# and the quotla:// link that page forwards is handed to this profile's CLI on stdin.
coproc CONNECT { cli calendly connect --paste --no-browser 2>"$demo/connect.log"; }
# Bash forgets a finished coprocess's pid and pipes: keep copies.
connect_pid=$CONNECT_PID
exec {from_cli}<&"${CONNECT[0]}" {to_cli}>&"${CONNECT[1]}"
read -r first <&"$from_cli"
authorize=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["authorize_url"])' "$first")
landing=$(curl -fsS -o /dev/null -w '%{redirect_url}' "$authorize")
case $landing in
  "$relay"/oauth/calendly/callback\?*) ;;
  *) echo "demo: the sandbox did not send the browser to the relay's landing page" >&2; exit 1 ;;
esac
link=$(curl -fsS "$landing" | python3 -c '
import html, re, sys
m = re.search(r"href=\"(quotla://oauth/calendly\?[^\"]+)\"", sys.stdin.read())
print(html.unescape(m.group(1)) if m else "")')
[ -n "$link" ] || { echo "demo: the landing page carried no quotla:// link" >&2; exit 1; }
echo "$link" >&"$to_cli"
exec {to_cli}>&-
connected=""
while read -r line <&"$from_cli"; do connected=$line; done
wait "$connect_pid" || { echo "demo: connecting failed:" >&2; cat "$demo/connect.log" >&2; exit 1; }
mode=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("mode"))' "$connected")

event_type="$sandbox/event_types/ETCONSULT0000001"
cat <<EOT

  Quotla demo
  ───────────
  Profile:  $data (removed when the demo stops)
  Calendly: the sandbox at $sandbox, connected as Morgan Avery (meetings sync: $mode)
  Relay:    $relay

  Try it:
  1. Open a quote (QUO-0001 for Ada Lovelace) → "Schedule follow-up" → "Generate link",
     then "Open booking page": the sandbox's booking page opens in your browser. Fill it
     in and press "Schedule Event". Within a second the meeting shows on the quote, on
     Ada's timeline, on the dashboard and in Meetings.
  2. The confirmation page links "Reschedule" and "Cancel": the invitee's own pages.
     Move the meeting or cancel it there and watch the app follow.
  3. Open a past meeting in Meetings and mark the no-show; cancel an upcoming one with a
     reason. Both go to the sandbox as they would to Calendly.

  Without a browser, book from a terminal (paste the link the app generated):
    curl -s -X POST $sandbox/_sandbox/book -H 'content-type: application/json' \\
      -d '{"booking_url": "PASTE-THE-LINK"}'
  or book straight onto the event type, as someone Quotla does not know yet:
    curl -s -X POST $sandbox/_sandbox/book -H 'content-type: application/json' \\
      -d '{"event_type": "$event_type", "name": "Lin Example", "email": "lin@example.com"}'

  Close the app (or press Ctrl-C here) to stop the demo.

EOT

bash "$root/scripts/run.sh" --data-dir "$data"
