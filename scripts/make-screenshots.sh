#!/usr/bin/env bash
# Makes every screenshot in docs/images headless (the offscreen platform), with the commands the
# docs quote. Usage: bash scripts/make-screenshots.sh [BUILD_BIN_DIR] (default build/release/bin).
# Runs are real, so a busy machine may catch a slightly different moment: look at each PNG.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build/release/bin}
OUT=docs/images
export QT_QPA_PLATFORM=offscreen
shot() { # NAME ARGS...: one screenshot, bounded in time (light and English unless ARGS say otherwise)
  local name=$1
  shift
  local defaults=()
  [[ " $* " == *" --theme "* ]] || defaults+=(--theme light)
  [[ " $* " == *" --lang "* ]] || defaults+=(--lang en)
  timeout 120 "$B/poolscope" "${defaults[@]}" "$@" --screenshot "$OUT/$name.png" 2>/dev/null
  echo "$OUT/$name.png"
}
shot gui-thread-pool --preset tutorial-io-class --speed 0.1 --autorun --after 1500 --pause
shot gui-process-pool --pool process --workers 4 --tasks 20 --workload sleep --task-ms 300 \
  --autorun --after 1200 --pause --select 10
shot gui-broken-pool --preset tutorial-cpu-class --autorun --after 2500
shot gui-gil --preset gil-contention --autorun --after 700 --pause
shot gui-step --preset tutorial-cpu-class --step 24 --after 2500
shot gui-dark-zh --preset tutorial-mixed-class --theme dark --lang zh_CN --autorun --after 1200 --pause
# Classroom screens, 1280x720 and 1920x1080 at scale 2: both pools, light and dark, English and Chinese,
# the window and presenter mode, in 8 shots that hold every pair of those choices (an L8 array: the
# language is size+pool+theme, the mode size+pool, mod 2).
classroom() { # SIZE POOL THEME LANG MODE
  local screen=(--screen 1280x720) pool=(--preset tutorial-io-class --speed 0.1 --after 1500 --pause) mode=()
  [[ $1 == 1920x1080-x2 ]] && screen=(--screen 1920x1080 --scale 2)
  [[ $2 == process ]] && pool=(--preset tutorial-cpu-class --after 2500)
  [[ $5 == presenter ]] && mode=(--presenter)
  shot "gui-classroom-$1-$2-$3-$4-$5" "${pool[@]}" --autorun --theme "$3" --lang "$4" "${mode[@]}" "${screen[@]}"
}
classroom 1280x720 thread light en window
classroom 1280x720 thread dark zh_CN window
classroom 1280x720 process light zh_CN presenter
classroom 1280x720 process dark en presenter
classroom 1920x1080-x2 thread light zh_CN presenter
classroom 1920x1080-x2 thread dark en presenter
classroom 1920x1080-x2 process light en window
classroom 1920x1080-x2 process dark zh_CN window
# Replay: a recorded run opened at event 60, task 2 selected.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# Exit 1: the caller saw TimeoutError, which is what this run shows.
timeout 120 "$B/poolscope-cli" run --preset tutorial-cpu-class --trace "$dir/run.json" --no-progress >/dev/null ||
  [ $? -eq 1 ]
shot gui-replay --open "$dir/run.json.pstrace" --seek 60 --select 2 --after 800
# The compare view: compare-cpu serially, on threads and on processes, shot once the comparison is shown.
shot gui-compare --preset compare-cpu --compare --autorun --screen 1280x720
# ... in Chinese, and both on a 1920x1080 screen at scale 2 (a classroom projector).
shot gui-compare-zh --preset compare-cpu --compare --autorun --screen 1280x720 --lang zh_CN
shot gui-compare-1920x1080-x2 --preset compare-cpu --compare --autorun --screen 1920x1080 --scale 2
shot gui-compare-1920x1080-x2-zh --preset compare-cpu --compare --autorun --screen 1920x1080 --scale 2 \
  --lang zh_CN
# A picked pair: the GIL on against off, on the same factorials.
shot gui-compare-gil --preset compare-cpu --compare --pair gil --autorun --screen 1280x720
# The speedup sweep: compare-mixed over 1 to 8 workers, shot when it is done.
shot gui-sweep --preset compare-mixed --sweep --autorun
