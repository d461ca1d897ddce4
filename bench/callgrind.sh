# shellcheck shell=bash
# Sourced by the shell benchmarks: instruction counts of a reduced run of a poolscope-cli command under
# callgrind, which do not drift with the host's load as wall time does (bench/benchcommon.h's
# callgrindCount, for the scripts). Needs $cli set to the poolscope-cli binary.

# callgrind_parent ARGS...: prints the instructions callgrind counts in the parent process of one run of
# `$cli ARGS`; prints nothing and fails when valgrind is missing, the run fails or nothing was counted. Only
# the parent's: valgrind follows each forked worker, but a forked child's total starts from its parent's
# count at the fork, so it is not the worker's own.
callgrind_parent() {
  local out
  # shellcheck disable=SC2154 # set by the script that sources this file
  out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$cli" "$@" 2>&1 >/dev/null) || return 1
  # The parent's pid is the first one valgrind prints.
  awk 'match($0, /^==[0-9]+==/) {
         pid = substr($0, 3, RLENGTH - 4)
         if (parent == "") parent = pid
         if (pid == parent && $0 ~ /Collected : /) { sub(/.*Collected : /, ""); n = $1 }
       }
       END { if (n == "") exit 1; print n }' <<<"$out"
}

# callgrind_line LABEL ARGS...: one line of the instructions section, "LABEL  parent N" (thousands
# separated), or "valgrind unavailable" / "run failed".
callgrind_line() {
  local label="$1" n
  shift
  if ! command -v valgrind >/dev/null; then
    printf '%-80s valgrind unavailable\n' "$label"
  elif n=$(callgrind_parent "$@"); then
    printf '%-80s parent %15s\n' "$label" "$(sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$n")"
  else
    printf '%-80s run failed under valgrind\n' "$label"
  fi
}
