#!/usr/bin/env bash
# The "Comparison presets" figures of docs/benchmarks.md: poolscope-cli compare on the three compare-*
# presets (the thread pool with the GIL on and off), and sweep on each, medians of --repeat rounds. Then the
# instructions callgrind counts in the parent process of a reduced run of each (bench/callgrind.sh).
# Usage: bench/compare_presets.sh [build dir] [repeat]
set -euo pipefail
# As in workloads_compare.sh: as root, raise this session's autogroup weight for the measurement.
if [ -w /proc/self/autogroup ]; then
  [ -n "${POOLSCOPE_BENCH_SETSID:-}" ] || exec env POOLSCOPE_BENCH_SETSID=1 setsid "$0" "$@"
  echo -19 > /proc/self/autogroup 2>/dev/null && echo "($(cat /proc/self/autogroup))"
fi
cli="${1:-build/release}/bin/poolscope-cli"
repeat="${2:-3}"
# shellcheck source=bench/callgrind.sh
source "$(dirname "$0")/callgrind.sh"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for preset in compare-io compare-cpu compare-mixed; do
  for gil in on off; do
    echo "== poolscope-cli compare --preset $preset --gil $gil --repeat $repeat"
    timeout 600 "$cli" compare --preset "$preset" --gil "$gil" --repeat "$repeat"
    echo
  done
done
for preset in compare-io:1..8 compare-cpu:1..4 compare-mixed:1..8; do
  echo "== poolscope-cli sweep --preset ${preset%%:*} --workers ${preset##*:} --repeat $repeat"
  timeout 900 "$cli" sweep --preset "${preset%%:*}" --workers "${preset##*:}" --repeat "$repeat"
  echo
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

# Under valgrind a task runs some 50x slower: one round of 2 tasks, sweeps to 2 workers. What is sized by time
# is pinned, so the counts compare code and not this machine's speed: compare-cpu's factorial (calibrated by
# --target-ms) at n = 100000, compare-mixed's CPU part (a spin for cpu_ms of CPU time) left out.
pinned() {
  case "$1" in
    compare-cpu) echo "--n 100000" ;;
    compare-mixed) echo "--cpu-ms 0" ;;
  esac
}
echo "instructions (callgrind, parent process; one round, --tasks 2)"
for preset in compare-io compare-cpu compare-mixed; do
  read -ra pin <<<"$(pinned "$preset")"
  for gil in on off; do
    callgrind_line "compare --preset $preset --gil $gil ${pin[*]}" \
      compare --preset "$preset" --gil "$gil" "${pin[@]}" --tasks 2 --repeat 1
  done
done
for preset in compare-io compare-cpu compare-mixed; do
  read -ra pin <<<"$(pinned "$preset")"
  callgrind_line "sweep --preset $preset --workers 1..2 ${pin[*]}" \
    sweep --preset "$preset" --workers 1..2 "${pin[@]}" --tasks 2 --repeat 1
done
