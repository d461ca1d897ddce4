#!/usr/bin/env bash
# scripts/setup.sh's failure paths, with fake system tools on PATH: an unsupported system, no root and no
# sudo, apt-get failing, nothing missing. Each case checks the exit status and the one line it prints.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# A PATH of only what setup.sh may use, real or fake.
bin=$work/bin
mkdir -p "$bin"
for tool in grep mktemp tail rm cat; do ln -s "$(command -v "$tool")" "$bin/$tool"; done
fake() { printf '#!/bin/bash\n%s\n' "$2" >"$bin/$1"; chmod +x "$bin/$1"; }
fake id 'echo 1000'
fake apt-get 'echo "E: Unable to locate package qt6-base-dev" >&2; exit 100'

os() { printf '%s\n' "$@" >"$work/os-release"; }
debian12() { os 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' ID=debian VERSION_ID=12; }

# check NAME EXPECTED_STATUS EXPECTED_TEXT [ENV...]
check() {
  local name=$1 want=$2 text=$3; shift 3
  local out status
  out=$(env -i PATH="$bin" POOLSCOPE_OS_RELEASE="$work/os-release" "$@" /bin/bash "$top/scripts/setup.sh" 2>&1)
  status=$?
  if [ "$status" -ne "$want" ] || ! grep -qF -- "$text" <<<"$out"; then
    echo "FAIL $name: exit $status (want $want), output:"; echo "$out" | sed 's/^/    /'
    failures=$((failures + 1))
  else
    echo "PASS $name"
  fi
}

os 'PRETTY_NAME="Ubuntu 22.04.4 LTS"' ID=ubuntu VERSION_ID=22.04
check unsupportedSystemIsNamed 1 "supports Debian 12 (bookworm) only, and found Ubuntu 22.04.4 LTS"
os 'PRETTY_NAME="Debian GNU/Linux 13 (trixie)"' ID=debian VERSION_ID=13
check otherDebianReleaseIsNamed 1 "found Debian GNU/Linux 13 (trixie)"
rm -f "$work/os-release"
check noOsReleaseIsUnknown 1 "found an unknown system"
debian12
check noDpkgQuery 1 "no dpkg-query"

fake dpkg-query 'echo "unknown ok not-installed"'
check notRootAndNoSudo 1 "sudo is not installed: run this script as root, or install sudo"
fake sudo 'exec "$@"'
check aptGetFailureIsReported 1 "apt-get update failed"
fake apt-get 'case "$1" in update) exit 0;; *) echo "E: Unable to locate package xauth" >&2; exit 100;; esac'
check aptGetInstallFailureIsReported 1 "E: Unable to locate package xauth"
check aptGetInstallFailureNamesPackages 1 "apt-get install failed (see the lines above) for: cmake"
rm -f "$bin/sudo"
fake dpkg-query 'echo "install ok installed"'
check nothingMissingNeedsNoRoot 0 ""
os 'ID=ubuntu'
check skipSetupSkipsTheSystemCheck 0 "" POOLSCOPE_SKIP_SETUP=1

[ "$failures" -eq 0 ] && echo "tst_setup: all cases passed" || { echo "tst_setup: $failures case(s) failed"; exit 1; }
