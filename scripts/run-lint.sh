#!/usr/bin/env bash
# clang-tidy over every source of the build (the lint preset: CMAKE_CXX_CLANG_TIDY with .clang-tidy,
# where every finding is an error). Incremental: only what changed since the last lint build is re-linted.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-tidy-14 >/dev/null || { echo "run-lint: clang-tidy-14 not found (apt-get install clang-tidy-14)" >&2; exit 2; }
start=$(date +%s)
cmake --preset lint >/dev/null
cmake --build --preset lint
echo "run-lint: clean, $(( $(date +%s) - start )) s"
