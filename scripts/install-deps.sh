#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks for `make run` (profile `run`) or
# `make test` (profile `test`): apt packages, then tools. As root directly, else with sudo.
set -euo pipefail
profile=${1:-run}

run_pkgs=(build-essential pkg-config curl file libwebkit2gtk-4.1-dev libsoup-3.0-dev
  libayatana-appindicator3-dev librsvg2-dev libssl-dev libxdo-dev libdbus-1-dev xdg-utils desktop-file-utils dbus xvfb xauth)
test_pkgs=(webkit2gtk-driver dbus-x11 gnome-keyring libsecret-tools keyutils
  imagemagick postgresql poppler-utils)

pkgs=("${run_pkgs[@]}")
[ "$profile" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "Quotla needs these packages, but this is not a Debian/Ubuntu system: ${missing[*]}" >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo)
  else
    echo "Quotla needs these packages and cannot install them without root:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing: ${missing[*]}"
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

for tool in cargo node npm; do
  command -v "$tool" >/dev/null || { echo "Quotla needs $tool on PATH (Rust via rustup, Node.js 20+)." >&2; exit 1; }
done
