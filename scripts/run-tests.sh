#!/usr/bin/env bash
# Sets up, builds Release and runs the whole test suite (pass a preset name to use another build).
# Warnings are errors here (POOLSCOPE_WERROR=OFF in the environment turns that off for a local try).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
bash scripts/setup.sh
cmake --preset "$preset" -DPOOLSCOPE_WERROR="${POOLSCOPE_WERROR:-ON}" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset"
