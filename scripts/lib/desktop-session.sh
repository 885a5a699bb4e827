# Sourced by the scripts that run the real app on a private desktop (e2e.sh, bench-ui.sh,
# bench-startup.sh), inside their own `dbus-run-session`: where the app's state goes, a real
# Secret Service and an Xvfb display. Defines functions only; the caller owns `pids` and
# kills them on exit.

# WebKit's storage and caches, the app's config and the keyring live under $1, never in the
# caller's own directories.
use_state_dir() {
  export XDG_DATA_HOME=$1/data XDG_CACHE_HOME=$1/cache XDG_CONFIG_HOME=$1/config
  mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME"
}

# gnome-keyring's Secret Service on this session's bus, unlocked with password $1, as on a
# Linux desktop.
start_keyring() {
  printf '%s' "$1" | gnome-keyring-daemon --unlock --components=secrets --foreground >/dev/null 2>&1 &
  pids+=($!)
}

# An Xvfb screen on the first free display from :90, exported as DISPLAY; $1 names the
# caller in the error.
start_xvfb() {
  local display="" n
  for n in $(seq 90 120); do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=$n; break; fi
  done
  [ -n "$display" ] || { echo "$1: no free X display number" >&2; exit 1; }
  Xvfb ":$display" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.05; done
  export DISPLAY=":$display"
}
