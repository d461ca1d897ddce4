#!/usr/bin/env bash
# Installs the Debian 12 packages PoolScope builds and runs with, when any is missing.
# Needs root (or sudo) the first time; afterwards it only checks. On another system it says what it found
# and stops before changing anything; POOLSCOPE_SKIP_SETUP=1 skips it (you installed the packages yourself).
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins libgl-dev libqt6opengl6-dev
  nlohmann-json3-dev libmsgpack-cxx-dev libgmp-dev libcpp-httplib-dev nettle-dev
  xvfb xauth fonts-noto-cjk python3
  dpkg-dev file help2man
)

fail() { echo "setup: $*" >&2; exit 1; }

[ "${POOLSCOPE_SKIP_SETUP:-}" = 1 ] && exit 0

# Debian 12 (bookworm) is the system these package names are for.
os_release=${POOLSCOPE_OS_RELEASE:-/etc/os-release}
os_id="" os_version="" os_name="an unknown system (no $os_release)"
if [ -r "$os_release" ]; then
  # shellcheck disable=SC1090
  os_id=$(. "$os_release" && echo "${ID:-}")
  os_version=$(. "$os_release" && echo "${VERSION_ID:-}")
  os_name=$(. "$os_release" && echo "${PRETTY_NAME:-${ID:-unknown} ${VERSION_ID:-}}")
fi
if [ "$os_id" != debian ] || [ "$os_version" != 12 ]; then
  fail "this script supports Debian 12 (bookworm) only, and found $os_name." \
    "Install the equivalents of: ${PACKAGES[*]}; then run again with POOLSCOPE_SKIP_SETUP=1."
fi
command -v dpkg-query >/dev/null || fail "found $os_name but no dpkg-query; is this really Debian 12?"

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null ||
    fail "these packages are missing: ${missing[*]}. Installing them needs root, and sudo is not installed:" \
      "run this script as root, or install sudo."
  SUDO=(sudo)
fi

echo "setup: installing ${missing[*]}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! "${SUDO[@]}" apt-get update -qq >"$log" 2>&1; then
  tail -n 5 "$log" >&2
  fail "apt-get update failed (see the lines above); check the network and /etc/apt/sources.list."
fi
if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
  tail -n 5 "$log" >&2
  fail "apt-get install failed (see the lines above) for: ${missing[*]}."
fi
