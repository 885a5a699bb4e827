#!/usr/bin/env bash
# Inspects the packages `make package` built, without installing them: metadata, contents,
# the desktop entry's quotla:// handler, and that no test-only code ships in the binaries.
# Usage: check-deb.sh APP.deb RELAY.deb        (exit 1 naming every failed check)
#        check-deb.sh --self-test APP.deb      (a broken copy of APP.deb must be refused)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok:   $*"; }
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then pass "$what"; else fail "$what"; fi
}

field() { dpkg-deb --field "$2" "$1"; }
# Paths as installed (/usr/...): Tauri's bundler writes members as usr/..., dpkg-deb as ./usr/...
listing() { dpkg-deb --contents "$1" | awk '{print $6}' | sed -E 's|^\.?/?|/|'; }
extract() {
  local member
  member=$(dpkg-deb --fsys-tarfile "$1" | tar -t | grep -xE "(\./)?${2#/}" | head -1)
  dpkg-deb --fsys-tarfile "$1" | tar -xO "$member"
}
has_path() { listing "$1" | grep -qx "$2"; }

check_app() {
  local deb=$1 list desktop bin
  echo "== $(basename "$deb")"
  check "is a valid .deb" dpkg-deb --info "$deb"
  check "package is named quotla" test "$(field Package "$deb")" = quotla
  check "architecture is this machine's" test "$(field Architecture "$deb")" = "$(dpkg --print-architecture)"
  check "version is the workspace's" test "$(field Version "$deb")" = "$(workspace_version)"
  local depends recommends
  depends=$(field Depends "$deb")
  recommends=$(field Recommends "$deb")
  check "depends on WebKitGTK 4.1" grep -q 'libwebkit2gtk-4\.1-0' <<<"$depends"
  check "depends on GTK 3" grep -q 'libgtk-3-0' <<<"$depends"
  check "recommends a Secret Service keyring" grep -q 'gnome-keyring' <<<"$recommends"
  check "recommends CJK fonts for names in Chinese, Japanese, Korean" grep -q 'fonts-noto-cjk' <<<"$recommends"

  list=$(listing "$deb")
  check "ships /usr/bin/quotla" grep -qx /usr/bin/quotla <<<"$list"
  check "ships a desktop entry" grep -qx /usr/share/applications/Quotla.desktop <<<"$list"
  check "ships icons" grep -q '^/usr/share/icons/hicolor/.*/apps/quotla\.png$' <<<"$list"
  check "ships the copyright file" grep -qx /usr/share/doc/quotla/copyright <<<"$list"
  check "ships the fonts' licence the copyright file points to" grep -qx /usr/share/doc/quotla/OFL.txt <<<"$list"
  check "ships a README pointing to the user guide" grep -qx /usr/share/doc/quotla/README <<<"$list"
  local page
  for page in "$root"/docs/help/*.md; do
    check "ships the user guide page $(basename "$page")" \
      grep -qx "/usr/share/doc/quotla/help/$(basename "$page")" <<<"$list"
  done

  desktop=$(extract "$deb" /usr/share/applications/Quotla.desktop)
  check "desktop entry declares x-scheme-handler/quotla" \
    grep -Eq '^MimeType=(.*;)?x-scheme-handler/quotla(;.*)?$' <<<"$desktop"
  check "desktop entry passes the link to the app (%u)" grep -Eq '^Exec=quotla %[uU]$' <<<"$desktop"
  if command -v desktop-file-validate >/dev/null; then
    local tmp
    tmp=$(mktemp --suffix=.desktop)
    printf '%s\n' "$desktop" >"$tmp"
    check "desktop entry is valid (desktop-file-validate)" desktop-file-validate "$tmp"
    rm -f "$tmp"
  fi
  check "the desktop's MIME database makes Quotla the quotla:// handler" handles_links "$desktop"

  bin=$(mktemp)
  extract "$deb" /usr/bin/quotla >"$bin"
  check "binary is an ELF executable" grep -q ELF <<<"$(file -b "$bin")"
  check "binary has no Tauri mock runtime" not_in_binary "$bin" MockRuntime
  check "binary has no TypeScript exporter" not_in_binary "$bin" specta_typescript
  check "binary has no end-to-end capture" not_in_binary "$bin" QUOTLA_TEST_CAPTURE
  check "binary is a release build (no debug info)" no_debug_info "$bin"
  local entry
  entry=$(grep -o '/assets/index-[^"]*\.js' "$root/ui/dist/index.html" || echo "no ui/dist")
  check "binary embeds the UI built now ($entry)" in_binary "$bin" "$entry"
  rm -f "$bin"
}

check_relay() {
  local deb=$1 list unit bin
  echo "== $(basename "$deb")"
  check "is a valid .deb" dpkg-deb --info "$deb"
  check "package is named quotla-relay" test "$(field Package "$deb")" = quotla-relay
  check "version is the workspace's" test "$(field Version "$deb")" = "$(workspace_version)"
  list=$(listing "$deb")
  check "ships /usr/bin/quotla-relay" grep -qx /usr/bin/quotla-relay <<<"$list"
  check "ships the systemd unit" grep -qx /lib/systemd/system/quotla-relay.service <<<"$list"
  check "ships the settings file" grep -qx /etc/quotla-relay/relay.env <<<"$list"
  check "ships the relay's README and OpenAPI description" \
    grep -qx /usr/share/doc/quotla-relay/openapi.json <<<"$list"
  check "settings file is readable by root only (it holds secrets)" \
    grep -Eq '^-rw------- root/root .* (\./)?etc/quotla-relay/relay\.env$' <<<"$(dpkg-deb --contents "$deb")"
  check "settings file is a conffile (kept on upgrade)" \
    grep -qx /etc/quotla-relay/relay.env <<<"$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)"
  unit=$(extract "$deb" /lib/systemd/system/quotla-relay.service)
  check "unit starts the relay" grep -qx 'ExecStart=/usr/bin/quotla-relay' <<<"$unit"
  check "unit runs it unprivileged" grep -qx 'DynamicUser=yes' <<<"$unit"
  check "unit keeps its store in a state directory" grep -qx 'StateDirectory=quotla-relay' <<<"$unit"
  if command -v systemd-analyze >/dev/null && [ -d /lib/systemd/system ]; then
    check "unit passes systemd-analyze verify without a warning" unit_verifies "$deb"
  fi
  bin=$(mktemp)
  extract "$deb" /usr/bin/quotla-relay >"$bin"
  check "relay links only the C runtime (no OpenSSL)" only_libc "$bin"
  check "relay declares the C library it links" grep -q 'libc6 (>= ' <<<"$(field Depends "$deb")"
  rm -f "$bin"
}

workspace_version() {
  sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$root/Cargo.toml"
}
# What xdg-open asks once the package's desktop entry is installed: the entry alone, in a
# private data directory, indexed by update-desktop-database as the package's trigger does.
handles_links() {
  command -v update-desktop-database >/dev/null && command -v xdg-mime >/dev/null || return 1
  local dir answer
  dir=$(mktemp -d)
  mkdir -p "$dir/data/applications" "$dir/config"
  printf '%s\n' "$1" >"$dir/data/applications/Quotla.desktop"
  update-desktop-database "$dir/data/applications"
  answer=$(env -u XDG_CURRENT_DESKTOP -u DESKTOP_SESSION XDG_DATA_HOME="$dir/data" \
    XDG_DATA_DIRS="$dir/data" XDG_CONFIG_HOME="$dir/config" XDG_CONFIG_DIRS="$dir/config" \
    xdg-mime query default x-scheme-handler/quotla)
  rm -rf "$dir"
  [ "$answer" = Quotla.desktop ]
}
in_binary() { LC_ALL=C grep -aqF "$2" "$1"; }
not_in_binary() { ! in_binary "$1" "$2"; }
no_debug_info() { ! objdump -h "$1" | grep -q '\.debug_info'; }
# The package's files over this system's own units (the targets a service depends on):
# systemd-analyze fails on errors but only warns about a value it ignores, so any output fails.
unit_verifies() {
  local dir said
  dir=$(mktemp -d)
  mkdir -p "$dir/lib/systemd"
  cp -a /lib/systemd/system "$dir/lib/systemd/"
  dpkg-deb -x "$1" "$dir"
  said=$(systemd-analyze verify --man=no --root="$dir" /lib/systemd/system/quotla-relay.service 2>&1) &&
    [ -z "$said" ]
  local ok=$?
  rm -rf "$dir"
  return $ok
}
only_libc() {
  local needed
  needed=$(objdump -p "$1" | awk '/NEEDED/ {print $2}' | grep -Ev '^(libc|libm|libgcc_s|ld-linux-x86-64|libpthread|libdl|librt)\.so' || true)
  [ -z "$needed" ]
}

# A copy of the app package without the scheme handler must be refused: the check above
# would otherwise pass on a package whose links never reach the app.
self_test() {
  local deb=$1 dir broken
  dir=$(mktemp -d)
  dpkg-deb -R "$deb" "$dir/root"
  sed -i '/^MimeType=/d' "$dir/root/usr/share/applications/Quotla.desktop"
  broken=$dir/broken.deb
  dpkg-deb --root-owner-group --build "$dir/root" "$broken" >/dev/null
  if (failures=0; check_app "$broken" >/dev/null 2>&1; [ "$failures" -eq 0 ]); then
    echo "FAIL: the inspection accepted a package without x-scheme-handler/quotla" >&2
    rm -rf "$dir"
    exit 1
  fi
  echo "ok:   the inspection refuses a package without x-scheme-handler/quotla"
  rm -rf "$dir"
}

if [ "${1:-}" = --self-test ]; then
  self_test "$2"
  exit 0
fi
[ $# -eq 2 ] || { echo "usage: $0 APP.deb RELAY.deb | --self-test APP.deb" >&2; exit 2; }
check_app "$1"
check_relay "$2"
if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all package checks passed"
