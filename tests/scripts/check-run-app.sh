#!/usr/bin/env bash
# The README's app command on a machine with no display: it builds, says how to run headless, starts the
# window under xvfb-run, and (given --screenshot) writes a real PNG of it. Run it where no display is set
# (CI runs it in the clean root after the test command).
set -uo pipefail
cd "$(dirname "$0")/../.."
png=$(mktemp --suffix=.png)
log=$(mktemp)
trap 'rm -f "$png" "$log"' EXIT
fail() { echo "check-run-app: $*"; sed 's/^/    /' "$log" | tail -n 20; exit 1; }

unset DISPLAY WAYLAND_DISPLAY QT_QPA_PLATFORM
# The bound covers a build from scratch on a loaded 2-core machine, then the window.
timeout 3600 bash scripts/run-app.sh --preset tutorial-io-class --autorun --after 1500 --size 1280x720 \
  --screenshot "$png" >"$log" 2>&1
status=$?
[ $status -eq 0 ] || fail "scripts/run-app.sh exited $status"
grep -q "No display found" "$log" || fail "it did not say that no display was found"
grep -q "xvfb-run -a build/release/bin/poolscope" "$log" || fail "it did not say how to run under xvfb-run"
grep -q "QT_QPA_PLATFORM=offscreen" "$log" || fail "it did not say how to run offscreen"
python3 - "$png" <<'PY' || fail "the screenshot is not a 1280x720 PNG"
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "no PNG signature"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (1280, 720), (w, h)
assert len(data) > 20000, len(data)
PY
echo "check-run-app: scripts/run-app.sh built, explained headless use and wrote a $(stat -c %s "$png")-byte 1280x720 PNG under xvfb-run"
