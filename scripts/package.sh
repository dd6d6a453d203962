#!/usr/bin/env bash
# Packs a release build into the archive web teams download, with its checksum:
#
#   scripts/package.sh TARGET VERSION     # e.g. x86_64-unknown-linux-musl v0.2.0
#
# reads target/TARGET/release/verteller (verteller.exe for Windows; CARGO_TARGET_DIR is
# honoured) and writes into dist/:
#
#   verteller-VERSION-TARGET.tar.gz   (.zip for Windows), holding the folder
#   verteller-VERSION-TARGET/ with the binary, README.md, CHANGELOG.md, installatie.md
#   verteller-VERSION-TARGET.tar.gz.sha256   ("<sha256>  <file name>", as sha256sum writes)
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

name="verteller-$version-$target"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/$name" dist
dist="$PWD/dist"
cp "$binary" "$work/$name/"
cp README.md CHANGELOG.md docs/installatie.md "$work/$name/"

if [ -n "$exe" ]; then
  archive="$name.zip"
  rm -f "dist/$archive"
  if command -v 7z >/dev/null; then
    (cd "$work" && 7z a -tzip -bso0 "$dist/$archive" "$name")
  elif command -v zip >/dev/null; then
    (cd "$work" && zip -qr "$dist/$archive" "$name")
  else
    (cd "$work" && python3 -m zipfile -c "$dist/$archive" "$name")
  fi
else
  archive="$name.tar.gz"
  tar -C "$work" -czf "dist/$archive" "$name"
fi

if command -v sha256sum >/dev/null; then
  (cd dist && sha256sum "$archive" >"$archive.sha256")
else
  (cd dist && shasum -a 256 "$archive" >"$archive.sha256")
fi
cat "dist/$archive.sha256"
