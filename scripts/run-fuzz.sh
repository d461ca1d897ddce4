#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang, ASan + UBSan, core only) and runs each
# for SECONDS (default 60) from its committed seed corpus. Fails on any finding: a crash, a
# sanitizer report, a leak, an input slower than 10 s or one that needs more than 2 GiB.
# Findings are written to build/fuzz/findings/; the corpus grown meanwhile stays in
# build/fuzz/corpus/ (not committed). Usage: scripts/run-fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario trace runfile codec)
# The fuzz preset needs clang 14 and its libFuzzer runtime (Debian: clang-14, libclang-rt-14-dev).
if ! command -v clang++-14 >/dev/null ||
    ! ls "$(clang++-14 -print-resource-dir 2>/dev/null)"/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1; then
    echo "run-fuzz.sh: clang++-14 with libFuzzer is missing: apt-get install clang-14 libclang-rt-14-dev" >&2
    exit 2
fi
command -v ccache >/dev/null && export CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER:-ccache}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz >build/fuzz-build.log 2>&1 || {
    echo "run-fuzz.sh: the fuzz preset does not build, see build/fuzz-build.log" >&2
    exit 1
}
out=build/fuzz/findings
mkdir -p "$out"
declare -A maxlen=([scenario]=4096 [trace]=16384 [runfile]=16384 [codec]=2048)
failed=0
findings=()
printf '%-10s %8s %12s %8s %s\n' target seconds executions corpus result
rm -f "$out"/*
for t in "${targets[@]}"; do
    work=build/fuzz/corpus/$t
    mkdir -p "$work"
    log=build/fuzz/fuzz_$t.log
    dict=()
    [ "$t" = codec ] || dict=(-dict=fuzz/json.dict)
    set +e
    # One process, no forking: the run is bounded by -max_total_time and, should it hang in
    # a way libFuzzer cannot see, by timeout.
    timeout --signal=KILL $((secs + 120)) build/fuzz/bin/fuzz_$t "$work" "fuzz/corpus/$t" \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
        -max_len="${maxlen[$t]}" "${dict[@]}" -artifact_prefix="$out/$t-" -print_final_stats=1 \
        >"$log" 2>&1
    rc=$?
    set -e
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    took=$(sed -n 's/.*Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
    corpus=$(find "$work" -type f | wc -l)
    if [ $rc -eq 0 ]; then
        result=ok
    else
        crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
        result="FINDING (exit $rc)"
        failed=1
        findings+=("run-fuzz.sh: fuzz_$t found a bug: ${crash:-no input written, see $log}")
    fi
    printf '%-10s %8s %12s %8s %s\n' "$t" "${took:-?}" "${execs:-?}" "$corpus" "$result"
done
for f in "${findings[@]}"; do echo "$f" >&2; done
exit $failed
