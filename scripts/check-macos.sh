#!/usr/bin/env bash
# The macOS build's Rust code, checked on Linux: `cargo clippy` for aarch64-apple-darwin
# and x86_64-apple-darwin, every target (tests too), warnings as errors. Nothing is
# linked or run: there is no macOS SDK here. mimalloc's C sources (the only C in the
# build) go to a stand-in compiler that makes empty objects, which `check` never links.
# The release workflow builds and tests on macOS itself.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/cc" <<'EOF'
#!/bin/sh
# cc-rs asks the compiler's family first: clang, not cl.exe.
case "$1" in -E) echo '"clang"'; exit 0 ;; "-?") exit 1 ;; esac
out=""
prev=""
for arg in "$@"; do
  [ "$prev" = "-o" ] && out="$arg"
  prev="$arg"
done
[ -n "$out" ] && : >"$out"
exit 0
EOF
chmod +x "$work/cc"

for target in aarch64-apple-darwin x86_64-apple-darwin; do
  rustup target list --installed | grep -qx "$target" || rustup target add "$target"
  var="$(echo "$target" | tr - _)"
  echo "== cargo clippy --target $target"
  env "CC_$var=$work/cc" "AR_$var=ar" \
    cargo clippy --locked --target "$target" --all-targets -- -D warnings
done
