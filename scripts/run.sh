#!/usr/bin/env bash
# Starts the desktop app built by `make app`. On a machine without a display it runs the app
# inside Xvfb, so `make run` works on a headless box too.
set -euo pipefail
app=${CARGO_TARGET_DIR:?}/debug/quotla
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: starting Quotla inside Xvfb (screenshot: DISPLAY=:\$n import -window root shot.png)."
  exec xvfb-run --auto-servernum --server-args="-screen 0 1440x900x24" dbus-run-session -- "$app" "$@"
fi
exec "$app" "$@"
