#!/usr/bin/env bash
# The PyPI wheel's round trip, as an editor gets it: build the wheel with maturin, install
# it with pip into a new virtual environment, and use the `verteller` command it brings:
# --version, init, build, and serve answering on loopback.
#
#   scripts/test-wheel.sh            # dev profile: reuses the test build (.ci/run runs this)
#   scripts/test-wheel.sh release    # the wheel as released (stripped, optimised)
#
# The wheel is left in ${CARGO_TARGET_DIR:-target}/wheels/. maturin comes from PATH, or is
# installed once into ${CARGO_TARGET_DIR:-target}/maturin-venv (PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-dev}"
target_dir="$(realpath -m "${CARGO_TARGET_DIR:-target}")"
wheels="$target_dir/wheels"

maturin="$(command -v maturin || true)"
if [ -z "$maturin" ]; then
  tools="$target_dir/maturin-venv"
  if [ ! -x "$tools/bin/maturin" ]; then
    echo "== installing maturin into $tools"
    python3 -m venv "$tools"
    "$tools/bin/pip" install --quiet "maturin>=1.9,<2"
  fi
  maturin="$tools/bin/maturin"
fi

work="$(mktemp -d)"
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== maturin build --profile $profile ($("$maturin" --version))"
rm -f "$wheels"/verteller-*.whl
"$maturin" build --locked --profile "$profile" --out "$wheels"
wheel="$(ls "$wheels"/verteller-*.whl)"
echo "wheel: $wheel ($(du -k "$wheel" | cut -f1) KiB)"

echo "== pip install into a new virtual environment"
python3 -m venv "$work/venv"
# No index: the wheel has no dependencies, and nothing else may be fetched.
"$work/venv/bin/pip" install --quiet --no-index "$wheel"
verteller="$work/venv/bin/verteller"
[ -x "$verteller" ] || { echo "the wheel installed no verteller command" >&2; exit 1; }

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)"
said="$("$verteller" --version)"
echo "$said"
case "$said" in
  "verteller $version (commit "*")") ;;
  *) echo "--version should name $version and a commit" >&2; exit 1 ;;
esac

echo "== verteller init, build"
"$verteller" init "$work/site" --name "Gemeente Wielingen"
# The new site's sample texts make many warnings: shown only when the build fails.
"$verteller" --root "$work/site" build 2>"$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
tail -n 2 "$work/build.log"
grep -q "Gemeente Wielingen" "$work/site/public/index.html"

echo "== verteller serve, answering on loopback"
"$verteller" --root "$work/site" serve --port 0 2>"$work/serve.log" &
serve_pid=$!
url=""
for _ in $(seq 1 200); do
  url="$(sed -n 's/^verteller serve: \(http:\/\/127\.0\.0\.1:[0-9]*\/\).*/\1/p' "$work/serve.log")"
  [ -n "$url" ] && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "serve named no address:" >&2; cat "$work/serve.log" >&2; exit 1; }
python3 - "$url" <<'EOF'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=10) as response:
    page = response.read().decode()
assert response.status == 200, response.status
assert "Gemeente Wielingen" in page, "the home page does not name the municipality"
print(f"{sys.argv[1]}: 200, {len(page)} bytes, names the municipality")
EOF
echo "wheel round trip: passed"
