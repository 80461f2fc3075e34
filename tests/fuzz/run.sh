#!/bin/sh
# Runs every fuzz target for a bounded time (default 60 s each) with cargo-fuzz (libFuzzer).
#
#   tests/fuzz/run.sh [seconds]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz passes nightly-only flags to rustc;
# on a stable toolchain RUSTC_BOOTSTRAP=1 lets them through. The sanitizer is off (`-s none`):
# lexbridge has no unsafe code, and without ASan the targets build faster and run ~2x more
# inputs; overflow checks and debug assertions stay on. Crashes land in
# tests/fuzz/artifacts/<target>/; reproduce one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir tests/fuzz -s none <target> <artifact>
# and add it as a regression test next to the module's other tests.
set -eu
seconds="${1:-60}"
cd "$(dirname "$0")/../.."
export RUSTC_BOOTSTRAP=1
targets="segment figures terms glossary_csv tbx tmx front_matter jsonl"
cargo fuzz build --fuzz-dir tests/fuzz -s none
status=0
for t in $targets; do
    mkdir -p "tests/fuzz/corpus/$t"
    echo "== $t ($seconds s)"
    if ! cargo fuzz run --fuzz-dir tests/fuzz -s none "$t" "tests/fuzz/corpus/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 2>&1 | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==|SUMMARY|.*panicked|Test unit written)"; then
        :
    fi
    if ls "tests/fuzz/artifacts/$t"/crash-* "tests/fuzz/artifacts/$t"/timeout-* "tests/fuzz/artifacts/$t"/oom-* >/dev/null 2>&1; then
        echo "!! $t: findings in tests/fuzz/artifacts/$t"
        status=1
    fi
done
exit $status
