#!/usr/bin/env bash
# The Debian package, as a user gets it. Two steps, each meant for its own clean Debian 12 root
# (scripts/clean-root.sh; CI runs them with --share so the .deb goes from the first root to the second):
#
#   bash tests/scripts/check-package.sh build DIR     after scripts/run-tests.sh: builds the package from
#                                                     the release build, checks what it holds, copies it to DIR
#   bash tests/scripts/check-package.sh install DIR   in a root with nothing installed: apt-get installs
#                                                     DIR/poolscope_*.deb, runs both programs, validates the
#                                                     desktop entry and metainfo, runs lintian, purges it
#                                                     and checks that nothing is left behind
#
# Needs root (apt-get). Prints one "check-package: ..." line per check, and lintian's full output.
set -uo pipefail
cd "$(dirname "$0")/../.."
step=${1:-}
dir=${2:-}
say() { echo "check-package: $*"; }
fail() { echo "check-package: FAIL: $*"; exit 1; }
[ -n "$step" ] && [ -n "$dir" ] && [ -d "$dir" ] || fail "usage: check-package.sh build|install DIR (an existing folder)"
export DEBIAN_FRONTEND=noninteractive
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

build() {
  bash scripts/setup.sh || fail "scripts/setup.sh failed"
  cmake --preset release >/dev/null || fail "cmake --preset release failed"
  rm -f build/release/poolscope_*.deb
  local t0=$(date +%s)
  cmake --build --preset release --target package >"$tmp/cpack.log" 2>&1 || {
    tail -n 30 "$tmp/cpack.log"
    fail "cmake --build --preset release --target package failed"
  }
  local version deb
  version=$(sed -nE 's/^project\(PoolScope VERSION ([0-9.]+).*/\1/p' CMakeLists.txt)
  deb=build/release/poolscope_${version}_amd64.deb
  [ -f "$deb" ] || fail "no $deb after --target package (found: $(ls build/release/*.deb 2>/dev/null))"
  say "built $(basename "$deb") ($(stat -c %s "$deb") bytes) in $(( $(date +%s) - t0 )) s"

  # What it holds: each of these paths must be in the archive.
  dpkg-deb -c "$deb" | awk '{print $6}' | sed 's#^\./#/#' >"$tmp/contents"
  local want=(
    /usr/bin/poolscope /usr/bin/poolscope-cli
    /usr/share/man/man1/poolscope.1.gz /usr/share/man/man1/poolscope-cli.1.gz
    /usr/share/bash-completion/completions/poolscope-cli
    /usr/share/applications/io.github.poolscope.PoolScope.desktop
    /usr/share/metainfo/io.github.poolscope.PoolScope.metainfo.xml
    /usr/share/icons/hicolor/scalable/apps/poolscope.svg
    /usr/share/doc/poolscope/README.md /usr/share/doc/poolscope/copyright /usr/share/doc/poolscope/changelog.gz
    /usr/share/doc/poolscope/docs/cli.md /usr/share/doc/poolscope/docs/images/gui-process-pool.png
  )
  for size in 16 22 24 32 48 64 128 256; do want+=("/usr/share/icons/hicolor/${size}x${size}/apps/poolscope.png"); done
  for f in docs/*.md docs/images/*; do want+=("/usr/share/doc/poolscope/$f"); done
  local p
  for p in "${want[@]}"; do grep -qxF "$p" "$tmp/contents" || fail "$p is not in the package"; done
  say "the package holds the ${#want[@]} files it must (both programs, man pages, completion, desktop entry, metainfo, icons, docs)"
  # Nothing of the build tree (tests, benchmarks, the icon renderer) slips in: two programs, the rest is data.
  [ "$(grep -E '^/usr/bin/.' "$tmp/contents" | xargs)" = "/usr/bin/poolscope /usr/bin/poolscope-cli" ] ||
    fail "/usr/bin holds more than the two programs: $(grep -E '^/usr/bin/.' "$tmp/contents" | xargs)"
  if grep -vE '^/(usr/?|usr/bin/.*|usr/share/.*)?$' "$tmp/contents"; then fail "files outside /usr/bin and /usr/share"; fi

  # Dependencies were computed by dpkg-shlibdeps from the binaries.
  local depends
  depends=$(dpkg-deb -f "$deb" Depends)
  for lib in libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6widgets6 libqt6charts6 libgmp10 libnettle8; do
    tr ',' '\n' <<<"$depends" | sed -E 's/^ +//; s/ .*//' | grep -qxF "$lib" || fail "Depends lacks $lib: $depends"
  done
  say "Depends (dpkg-shlibdeps): $depends"
  [ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "the package's Version is not the project's $version"
  for page in poolscope poolscope-cli; do
    zcat "build/release/packaging/man/$page.1.gz" | grep -q "^\.TH \"\?${page^^}" ||
      fail "the $page man page has no .TH header"
  done
  cp "$deb" "$dir/" || fail "could not copy the package to $dir"
  say "copied $(basename "$deb") to $dir"
}

install_check() {
  local deb
  deb=$(ls "$dir"/poolscope_*_amd64.deb 2>/dev/null | head -n 1)
  [ -n "$deb" ] || fail "no poolscope_*_amd64.deb in $dir"
  cp "$deb" "$tmp/" && deb=$tmp/$(basename "$deb")
  local t0=$(date +%s)
  apt-get update -qq >"$tmp/apt.log" 2>&1 || { tail -n 5 "$tmp/apt.log"; fail "apt-get update failed"; }
  find /usr /etc -xdev \( -type f -o -type l \) | sort >"$tmp/before-install"
  apt-get install -y -qq "$deb" >"$tmp/apt.log" 2>&1 || { tail -n 20 "$tmp/apt.log"; fail "apt-get install ./$(basename "$deb") failed"; }
  say "apt-get install ./$(basename "$deb") in a clean root: ok in $(( $(date +%s) - t0 )) s"
  dpkg -L poolscope | sort >"$tmp/owned"

  # Both programs run from the installed package, with only the dependencies it declared.
  [ "$(poolscope --version)" = "poolscope $(dpkg-query -W -f='${Version}' poolscope)" ] ||
    fail "poolscope --version does not print the package's version"
  env -u DISPLAY poolscope --help >"$tmp/help" 2>&1 || fail "poolscope --help fails with no display"
  timeout 300 poolscope-cli run --preset tutorial-io-class --json --no-progress >"$tmp/run.json" 2>"$tmp/run.err" ||
    { cat "$tmp/run.err"; fail "poolscope-cli run --preset tutorial-io-class --json failed"; }
  local png=$tmp/shot.png
  QT_QPA_PLATFORM=offscreen timeout 300 poolscope --preset tutorial-cpu-class --autorun --screenshot "$png" \
    >"$tmp/gui.log" 2>&1 || { tail -n 20 "$tmp/gui.log"; fail "the headless poolscope screenshot failed"; }

  # The checkers, installed only now so they cannot supply a dependency the package forgot.
  apt-get install -y -qq --no-install-recommends python3 desktop-file-utils appstream lintian \
    >"$tmp/apt.log" 2>&1 || { tail -n 20 "$tmp/apt.log"; fail "could not install the checkers"; }
  python3 - "$tmp/run.json" <<'PY' || fail "poolscope-cli's JSON is not a finished tutorial-io-class run"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["error"] is None and r["completed"] == r["tasks"] == 10 and r["pool"] == "thread", r
PY
  python3 - "$png" <<'PY' || fail "the screenshot is not a 1440x900 PNG with content"
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "no PNG signature"
assert struct.unpack(">II", data[16:24]) == (1440, 900), struct.unpack(">II", data[16:24])
assert len(data) > 20000, len(data)
PY
  say "installed poolscope-cli ran tutorial-io-class (10 of 10 tasks); installed poolscope wrote a $(stat -c %s "$png")-byte 1440x900 screenshot"

  desktop-file-validate /usr/share/applications/io.github.poolscope.PoolScope.desktop ||
    fail "desktop-file-validate found problems"
  say "desktop-file-validate: ok"
  appstreamcli validate --no-net /usr/share/metainfo/io.github.poolscope.PoolScope.metainfo.xml ||
    fail "appstreamcli validate --no-net failed"
  say "appstreamcli validate --no-net: ok"

  # bash completion: preset names come from the installed poolscope-cli.
  local words
  words=$(bash -c 'source /usr/share/bash-completion/completions/poolscope-cli
    COMP_WORDS=(poolscope-cli run --preset tutorial-io); COMP_CWORD=3; _poolscope_cli; echo "${COMPREPLY[*]}"')
  grep -qw tutorial-io-class <<<"$words" || fail "bash completion does not offer the presets (got: $words)"
  say "bash completion offers: $words"

  lintian --tag-display-limit 0 --display-info "$deb" >"$tmp/lintian" 2>&1
  echo "check-package: lintian's output:"
  sed 's/^/    /' "$tmp/lintian"
  if grep -q '^E: ' "$tmp/lintian"; then fail "lintian reports errors"; fi
  say "lintian: no errors, $(grep -c '^W: ' "$tmp/lintian") warnings, $(grep -c '^I: ' "$tmp/lintian") infos"

  # Purge, then: none of the package's files is left, and nothing new appeared in /usr or /etc.
  find /usr /etc -xdev \( -type f -o -type l \) | sort >"$tmp/before-purge"
  apt-get purge -y -qq poolscope >"$tmp/apt.log" 2>&1 || { tail -n 20 "$tmp/apt.log"; fail "apt-get purge failed"; }
  local left=0 p
  while read -r p; do
    [ "$p" = /. ] && continue
    if [ -f "$p" ] || [ -L "$p" ]; then echo "    left: $p"; left=1; fi
    if [ -d "$p" ] && ! dpkg -S "$p" >/dev/null 2>&1; then echo "    left (directory): $p"; left=1; fi
  done <"$tmp/owned"
  [ $left -eq 0 ] || fail "apt-get purge left files of the package behind"
  find /usr/share /etc -xdev -iname '*poolscope*' >"$tmp/named"
  [ ! -s "$tmp/named" ] || { cat "$tmp/named"; fail "files named poolscope remain in /usr/share or /etc"; }
  find /usr /etc -xdev \( -type f -o -type l \) | sort >"$tmp/after-purge"
  comm -13 "$tmp/before-purge" "$tmp/after-purge" >"$tmp/new"
  [ ! -s "$tmp/new" ] || { cat "$tmp/new"; fail "the purge left new files in /usr or /etc"; }
  say "apt-get purge poolscope: none of its $(wc -l <"$tmp/owned") paths is left, nothing new in /usr or /etc"
}

case $step in
  build) build ;;
  install) install_check ;;
  *) fail "unknown step '$step' (build or install)" ;;
esac
