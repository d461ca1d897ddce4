#!/usr/bin/env bash
# The "Workloads and the GIL" figures of docs/benchmarks.md: poolscope-cli compare runs each scenario
# serially, on the thread pool and on the process pool one after another (median of --repeat rounds),
# so every ratio is taken within one run. Usage: bench/workloads_compare.sh [build dir] [repeat]
set -euo pipefail
cli="${1:-build/release}/bin/poolscope-cli"
repeat="${2:-5}"
run() { echo "== poolscope-cli compare $*"; "$cli" compare "$@" --repeat "$repeat"; echo; }
run --workload factorial --n 300000 --tasks 8 --workers 2 --gil on
run --workload factorial --n 300000 --tasks 8 --workers 2 --gil off
run --workload primes --n 200000 --tasks 8 --workers 2 --gil on
run --workload primes --n 200000 --tasks 8 --workers 2 --gil off
run --workload http --latency-ms 50 --tasks 40 --workers 8
run --workload hash --rounds 200 --bytes 65536 --tasks 8 --workers 2 --gil on
