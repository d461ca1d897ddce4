#!/usr/bin/env bash
# clang-tidy-14 (.clang-tidy; every finding is an error) over every source of core/, app/ and ui/, and the
# headers of our layers they include. Not tests/, bench/, fuzz/ or Qt's generated moc/uic/rcc files: the
# whole tree costs about twice as long on CI's 2 cores, and these are the code that ships.
# The lint preset only configures (compile_commands.json) and runs Qt's code generators; nothing is
# compiled, clang-tidy parses each file itself, two at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in clang-tidy-14 run-clang-tidy-14; do
    command -v "$tool" >/dev/null || { echo "run-lint: $tool not found (apt-get install clang-tidy-14)" >&2; exit 2; }
done
start=$(date +%s)
cmake --preset lint >/dev/null
# moc and uic output that the ui and app sources include.
cmake --build --preset lint --target poolscope_ui_autogen poolscope_autogen poolscope-cli_autogen >/dev/null
if ! run-clang-tidy-14 -quiet -clang-tidy-binary clang-tidy-14 -p build/lint -j 2 "$PWD/(core|app|ui)/" \
    2> >(grep -v -E '^[0-9]+ warnings? generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^Use -system-headers' >&2); then
    echo "run-lint: FAILED: the findings above are errors (.clang-tidy), $(( $(date +%s) - start )) s" >&2
    exit 1
fi
echo "run-lint: clean, $(( $(date +%s) - start )) s"
