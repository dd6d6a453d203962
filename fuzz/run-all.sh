#!/usr/bin/env bash
# Runs every fuzz target for N seconds each (default 180), one after the other, in one
# process each (one job, one worker: the machine this was written on has two cores).
#
#   fuzz/run-all.sh            # 180 s per target, stable toolchain
#   fuzz/run-all.sh 30         # 30 s per target
#   TOOLCHAIN=+nightly fuzz/run-all.sh
#
# Logs go to fuzz/logs/<target>.log; crashes to fuzz/artifacts/<target>/. Exits non-zero
# if any target found a crash, a panic or a timeout.
set -uo pipefail

secs="${1:-180}"
toolchain="${TOOLCHAIN:-}"
targets=(frontmatter_split parse_file markdown_links slugify pipeline)

cd "$(dirname "$0")/.." || exit 2
mkdir -p fuzz/logs
# shellcheck disable=SC2086 # $toolchain is empty or one word.
cargo $toolchain fuzz build --sanitizer none || exit 2
# The built binaries are run directly with the arguments `cargo fuzz run` would pass:
# `cargo fuzz run` builds again first, and while build.rs names a missing directory in
# `rerun-if-changed` that rebuild recompiles verteller every time (twice per target).
# shellcheck disable=SC2086
host=$(rustc $toolchain -vV | sed -n 's/^host: //p')
bin="fuzz/target/$host/release"

failed=()
for target in "${targets[@]}"; do
    echo "== $target: ${secs}s"
    mkdir -p "fuzz/artifacts/$target" "fuzz/corpus/$target"
    "$bin/$target" -artifact_prefix="$PWD/fuzz/artifacts/$target/" \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        "fuzz/corpus/$target" >"fuzz/logs/$target.log" 2>&1
    status=$?
    execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "fuzz/logs/$target.log" | grep -o '[0-9]*$')
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "fuzz/logs/$target.log" | grep -o '[0-9]*$')
    corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
    echo "   exit $status, ${execs:-?} executions, ${rate:-?} exec/s, corpus $corpus files"
    if [ "$status" -ne 0 ]; then
        failed+=("$target")
        grep -m1 -A3 -E 'panicked|ERROR: libFuzzer' "fuzz/logs/$target.log"
    fi
done

if [ "${#failed[@]}" -ne 0 ]; then
    echo "failed: ${failed[*]} (see fuzz/logs/ and fuzz/artifacts/)"
    exit 1
fi
echo "no crashes"
