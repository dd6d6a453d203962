#!/usr/bin/env bash
# Packs a release build into the archive web teams download, with its checksum:
#
#   scripts/package.sh TARGET VERSION     # e.g. x86_64-unknown-linux-musl v0.2.0
#
# reads target/TARGET/release/verteller (verteller.exe for Windows; CARGO_TARGET_DIR is
# honoured) and writes into dist/ (or DIST_DIR):
#
#   verteller-VERSION-PLATFORM.tar.gz   (.zip for Windows), holding the folder
#   verteller-VERSION-PLATFORM/ with the binary, README.md, CHANGELOG.md, installatie.md
#   verteller-VERSION-PLATFORM.tar.gz.sha256   ("<sha256>  <file name>", as sha256sum writes)
#
# PLATFORM is what an editor recognises, the same whichever forge built it:
# linux-x86_64-musl (static), linux-x86_64-gnu, windows-x86_64, macos-arm64, macos-x86_64.
#
# The release workflows (.github/workflows/release.yml, .gitlab-ci.yml) run it on each
# platform and join the .sha256 files into SHA256SUMS.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:?usage: scripts/package.sh TARGET VERSION}"
version="${2:?usage: scripts/package.sh TARGET VERSION}"
exe=""
case "$target" in *windows*) exe=".exe" ;; esac
binary="${CARGO_TARGET_DIR:-target}/$target/release/verteller$exe"
[ -f "$binary" ] || { echo "no $binary: run cargo build --release --target $target first" >&2; exit 2; }

case "$target" in
  x86_64-unknown-linux-musl) platform=linux-x86_64-musl ;;
  aarch64-unknown-linux-musl) platform=linux-arm64-musl ;;
  x86_64-unknown-linux-gnu) platform=linux-x86_64-gnu ;;
  x86_64-pc-windows-*) platform=windows-x86_64 ;;
  aarch64-apple-darwin) platform=macos-arm64 ;;
  x86_64-apple-darwin) platform=macos-x86_64 ;;
  *) echo "no platform name for $target" >&2; exit 2 ;;
esac
name="verteller-$version-$platform"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/$name" "${DIST_DIR:-dist}"
dist="$(cd "${DIST_DIR:-dist}" && pwd)"
cp "$binary" "$work/$name/"
cp README.md CHANGELOG.md docs/installatie.md "$work/$name/"

if [ -n "$exe" ]; then
  archive="$name.zip"
  rm -f "$dist/$archive"
  if command -v 7z >/dev/null; then
    (cd "$work" && 7z a -tzip -bso0 "$dist/$archive" "$name")
  elif command -v zip >/dev/null; then
    (cd "$work" && zip -qr "$dist/$archive" "$name")
  else
    (cd "$work" && python3 -m zipfile -c "$dist/$archive" "$name")
  fi
else
  archive="$name.tar.gz"
  tar -C "$work" -czf "$dist/$archive" "$name"
fi

if command -v sha256sum >/dev/null; then
  (cd "$dist" && sha256sum "$archive" >"$archive.sha256")
else
  (cd "$dist" && shasum -a 256 "$archive" >"$archive.sha256")
fi
cat "$dist/$archive.sha256"
