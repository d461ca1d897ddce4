#!/usr/bin/env bash
# Sets up, builds Release and runs the whole test suite (pass a preset name to use another build).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
bash scripts/setup.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset"
