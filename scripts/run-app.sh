#!/usr/bin/env bash
# Sets up, builds Release and launches the PoolScope window. Extra arguments go to poolscope.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target poolscope poolscope-cli
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "No display found. To run headless, either:"
  echo "  xvfb-run -a build/release/bin/poolscope"
  echo "  QT_QPA_PLATFORM=offscreen build/release/bin/poolscope --preset tutorial-io --autorun --screenshot shot.png"
  echo "Starting under xvfb-run now (a virtual 1920x1080 screen)."
  exec xvfb-run -a -s "-screen 0 1920x1080x24" build/release/bin/poolscope "$@"
fi
exec build/release/bin/poolscope "$@"
