#!/usr/bin/env bash
# The "Workloads and the GIL" figures of docs/benchmarks.md: poolscope-cli compare runs each scenario
# serially, on the thread pool and on the process pool one after another (median of --repeat rounds),
# so every ratio is taken within one run. Then the instructions callgrind counts in the parent process of one
# round of each with 2 tasks (bench/callgrind.sh). Usage: bench/workloads_compare.sh [build dir] [repeat]
set -euo pipefail
# The 2 cores are shared with other sessions and the kernel's autogroup scheduling gives each session an
# equal share, so a run would get about half a core. As root, raise this session's group weight for the
# measurement (it only affects this session and its children).
if [ -w /proc/self/autogroup ]; then
  [ -n "${POOLSCOPE_BENCH_SETSID:-}" ] || exec env POOLSCOPE_BENCH_SETSID=1 setsid "$0" "$@"
  echo -19 > /proc/self/autogroup 2>/dev/null && echo "($(cat /proc/self/autogroup))"
fi
cli="${1:-build/release}/bin/poolscope-cli"
repeat="${2:-5}"
# shellcheck source=bench/callgrind.sh
source "$(dirname "$0")/callgrind.sh"
scenarios=()
run() {
  echo "== poolscope-cli compare $*"
  "$cli" compare "$@" --repeat "$repeat"
  echo
  scenarios+=("$*")
}
run --workload factorial --n 300000 --tasks 8 --workers 2 --gil on
run --workload factorial --n 300000 --tasks 8 --workers 2 --gil off
run --workload primes --n 300000 --tasks 8 --workers 2 --gil on
run --workload primes --n 300000 --tasks 8 --workers 2 --gil off
run --workload http --latency-ms 50 --tasks 40 --workers 8
run --workload hash --rounds 200 --bytes 65536 --tasks 8 --workers 2 --gil on

# Under valgrind a task runs some 50x slower: one round, 2 tasks in place of the scenario's.
echo "instructions (callgrind, parent process; one round, --tasks 2)"
for scenario in "${scenarios[@]}"; do
  read -ra args <<<"$scenario"
  reduced=()
  for ((i = 0; i < ${#args[@]}; ++i)); do
    if [ "${args[i]}" = --tasks ]; then
      ((++i))
    else
      reduced+=("${args[i]}")
    fi
  done
  callgrind_line "compare ${reduced[*]} --tasks 2" compare "${reduced[@]}" --tasks 2 --repeat 1
done
