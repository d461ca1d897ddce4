#!/usr/bin/env bash
# Checks every tracked .cpp/.h against .clang-format; prints one line per file that differs.
# Fix with: clang-format -i FILE (or git ls-files '*.cpp' '*.h' | xargs clang-format -i).
set -euo pipefail
cd "$(dirname "$0")/.."
clang_format="${CLANG_FORMAT:-clang-format}"
bad=0
while IFS= read -r -d '' f; do
    if ! "$clang_format" --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "$f: not formatted as .clang-format says (run: $clang_format -i $f)"
        bad=$((bad + 1))
    fi
done < <(git ls-files -z -- '*.cpp' '*.h')
if [ "$bad" -ne 0 ]; then
    echo "check-format: $bad file(s) need clang-format" >&2
    exit 1
fi
echo "check-format: all files formatted"
