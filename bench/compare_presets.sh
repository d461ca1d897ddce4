#!/usr/bin/env bash
# The "Comparison presets" figures of docs/benchmarks.md: poolscope-cli compare on the three compare-*
# presets (the thread pool with the GIL on and off), and sweep on each, medians of --repeat rounds.
# Usage: bench/compare_presets.sh [build dir] [repeat]
set -euo pipefail
# As in workloads_compare.sh: as root, raise this session's autogroup weight for the measurement.
if [ -w /proc/self/autogroup ]; then
  [ -n "${POOLSCOPE_BENCH_SETSID:-}" ] || exec env POOLSCOPE_BENCH_SETSID=1 setsid "$0" "$@"
  echo -19 > /proc/self/autogroup 2>/dev/null && echo "($(cat /proc/self/autogroup))"
fi
cli="${1:-build/release}/bin/poolscope-cli"
repeat="${2:-3}"
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
