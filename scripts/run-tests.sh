#!/usr/bin/env bash
# Sets up, builds Release and runs the whole test suite (pass a preset name to use another build).
# Warnings are errors in the plain builds (POOLSCOPE_WERROR=OFF in the environment turns that off for a local
# try). The sanitizer builds keep them as warnings until a clean -Werror build of each has been seen: GCC 12
# warns differently under -fsanitize (e.g. -Wtsan, extra -Wmaybe-uninitialized).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
bash scripts/setup.sh
case "$preset" in asan | tsan) werror_default=OFF ;; *) werror_default=ON ;; esac
cmake --preset "$preset" -DPOOLSCOPE_WERROR="${POOLSCOPE_WERROR:-$werror_default}" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset"
