#!/usr/bin/env bash
# The benchmarks' one argument: --help prints the usage (exit 0); a size that is not a whole number in range,
# or a second argument, is one line on stderr that names it, exit 2, and nothing runs.
#   bash tests/scripts/tst_benchargs.sh BENCH...
set -uo pipefail
failures=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
check() { if eval "$2"; then echo "PASS $1"; else echo "FAIL $1"; failures=$((failures + 1)); fi; }
for bench in "$@"; do
  name=$(basename "$bench")
  out=$("$bench" --help 2>"$work/err"); rc=$?
  check "$name.help" '[ $rc -eq 0 ] && [[ "$out" == "usage: $name "* ]] && [ ! -s "$work/err" ]'
  for bad in 12x 0 -5 "" 99999999999999999999; do
    out=$(timeout 10 "$bench" "$bad" 2>"$work/err"); rc=$?
    check "$name.rejects'$bad'" '[ $rc -eq 2 ] && [ -z "$out" ] && [ "$(wc -l <"$work/err")" -eq 1 ] && grep -qF "$name: '"'"'$bad'"'"': the size must be a whole number" "$work/err"'
  done
  out=$(timeout 10 "$bench" 100 200 2>"$work/err"); rc=$?
  check "$name.rejectsASecondArgument" '[ $rc -eq 2 ] && [ -z "$out" ] && grep -qF "'"'"'200'"'"': one argument at most" "$work/err"'
done
exit $((failures > 0))
