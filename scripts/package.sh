#!/usr/bin/env bash
# `make package`: the installable Debian packages of this platform, then their inspection.
#   quotla_<version>_<arch>.deb        the desktop app (Tauri's bundler, from npm)
#   quotla-relay_<version>_<arch>.deb  the relay with its systemd unit (dpkg-deb)
# Both land in $CARGO_TARGET_DIR/release/bundle/deb/. Calendly settings baked into the app
# (QUOTLA_CALENDLY_CLIENT_ID, QUOTLA_RELAY_URL, ...) are read from the environment here.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
out=$CARGO_TARGET_DIR/release/bundle/deb
step() { printf '\n==> %s\n' "$*"; }

step "release build of the app"
bash scripts/build-release.sh >/dev/null

step "release build of the relay"
cargo build --release --locked -p quotla-relay --bin quotla-relay

step "the app's .deb (tauri bundle)"
[ -x packaging/node_modules/.bin/tauri ] || (cd packaging && npm ci --no-audit --no-fund)
rm -f "$out"/quotla_*.deb "$out"/Quotla_*.deb
# The bundler packs the binary the build above made; it compiles nothing itself. It names
# the file after the product (Quotla_…); Debian's convention is the package's name.
packaging/node_modules/.bin/tauri bundle --bundles deb --ci
for deb in "$out"/Quotla_*.deb; do
  mv "$deb" "$out/$(dpkg-deb -f "$deb" Package)_$(dpkg-deb -f "$deb" Version)_$(dpkg-deb -f "$deb" Architecture).deb"
done

step "the relay's .deb (dpkg-deb)"
version=$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="quotla-relay"))')
arch=$(dpkg --print-architecture)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
relay=$stage/quotla-relay
install -D -m 0755 "$CARGO_TARGET_DIR/release/quotla-relay" "$relay/usr/bin/quotla-relay"
install -D -m 0644 packaging/relay/quotla-relay.service "$relay/lib/systemd/system/quotla-relay.service"
install -D -m 0600 packaging/relay/relay.env "$relay/etc/quotla-relay/relay.env"
install -D -m 0644 crates/relay/README.md "$relay/usr/share/doc/quotla-relay/README.md"
install -D -m 0644 crates/relay/openapi.json "$relay/usr/share/doc/quotla-relay/openapi.json"
install -D -m 0644 packaging/linux/copyright "$relay/usr/share/doc/quotla-relay/copyright"
install -d "$relay/DEBIAN"
install -m 0755 packaging/relay/postinst packaging/relay/prerm packaging/relay/postrm "$relay/DEBIAN/"
install -m 0644 packaging/relay/conffiles "$relay/DEBIAN/conffiles"
# The binary links only the C library (rustls, no OpenSSL); its minimum version is read
# from the symbols it uses.
glibc=$(objdump -T "$relay/usr/bin/quotla-relay" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
size=$(du -sk --exclude=DEBIAN "$relay" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
  -e "s/@DEPENDS@/libc6 (>= $glibc), libgcc-s1, systemd | systemd-sysv/" \
  packaging/relay/control >"$relay/DEBIAN/control"
mkdir -p "$out"
rm -f "$out"/quotla-relay_*.deb
dpkg-deb --root-owner-group --build "$relay" "$out/quotla-relay_${version}_${arch}.deb" >/dev/null

step "inspection of both packages"
app_deb=$(ls "$out"/quotla_*_"$arch".deb)
bash packaging/check-deb.sh "$app_deb" "$out/quotla-relay_${version}_${arch}.deb"
bash packaging/check-deb.sh --self-test "$app_deb"
ls -l "$out"/*.deb
