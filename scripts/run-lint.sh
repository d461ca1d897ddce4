#!/usr/bin/env bash
# clang-tidy-14 (.clang-tidy; every finding is an error) over every source of core/, app/ and ui/, and the
# headers of our layers they include. Not tests/, bench/, fuzz/ or Qt's generated moc/uic/rcc files: tests/
# and bench/ are about as many files again (a whole-tree run had not finished after 40 minutes on a busy
# 2-core machine, too much for CI's budget), and these are the code that ships.
# The lint preset configures (compile_commands.json) and runs Qt's code generators; clang-tidy parses each
# file itself, two at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in clang-tidy-14 run-clang-tidy-14; do
    command -v "$tool" >/dev/null || { echo "run-lint: $tool not found (apt-get install clang-tidy-14)" >&2; exit 2; }
done
start=$(date +%s)
cmake --preset lint >/dev/null
# The moc and uic output the ui sources include (its autogen target compiles core first; ccache makes
# that cheap after the first time). app/ needs none.
cmake --build --preset lint --target poolscope_ui_autogen >/dev/null
if ! run-clang-tidy-14 -quiet -clang-tidy-binary clang-tidy-14 -p build/lint -j 2 "$PWD/(core|app|ui)/" \
    2> >(grep -v -E '^[0-9]+ warnings? generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^Use -system-headers' >&2); then
    echo "run-lint: FAILED: the findings above are errors (.clang-tidy), $(( $(date +%s) - start )) s" >&2
    exit 1
fi
echo "run-lint: clean, $(( $(date +%s) - start )) s"
