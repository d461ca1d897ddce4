#!/usr/bin/env bash
# Runs commands in a clean Debian 12 root (debootstrap --variant=minbase bookworm), on a fresh clone of one
# commit, as a newcomer's new machine would: nothing the host has installed reaches it. Needs root.
#
#   bash scripts/clean-root.sh [--commit REV] [--keep] [--share DIR] [--] 'COMMAND' ['COMMAND' ...]
#
# Each COMMAND runs with `bash -c` in the clone's top folder, one after the other, in the same root, with
# an empty environment (HOME, PATH, LANG, TERM and CI only). The first failure stops the run and is its exit
# status. The minbase root is built once and cached under /var/cache/poolscope-clean-root (override with
# POOLSCOPE_CLEAN_ROOT_CACHE), with the .deb files apt downloads, so a run pays only for the package
# install, the build and the tests. The working copy of the root is removed at the end (--keep keeps it).
# --share DIR bind-mounts the host folder DIR at /share in the root, read-write: how one run hands a
# built file (the .deb) to the next, clean, root.
set -euo pipefail

say() { echo "clean-root: $*"; }
die() { echo "clean-root: $*" >&2; exit 2; }

commit=HEAD
keep=""
share=""
cmds=()
while [ $# -gt 0 ]; do
  case "$1" in
    --commit) [ $# -ge 2 ] || die "--commit needs a revision"; commit=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --share) [ $# -ge 2 ] && [ -d "$2" ] || die "--share needs an existing folder"; share=$(cd "$2" && pwd); shift 2 ;;
    --) shift; cmds+=("$@"); break ;;
    -*) die "unknown flag $1" ;;
    *) cmds+=("$1"); shift ;;
  esac
done
[ ${#cmds[@]} -gt 0 ] || cmds=("bash scripts/run-tests.sh")

top=$(git -C "$(dirname "$0")" rev-parse --show-toplevel 2>/dev/null) || die "not inside a git checkout"
sha=$(git -C "$top" rev-parse --verify --quiet "$commit^{commit}") || die "no such commit: $commit"
[ "$(id -u)" -eq 0 ] || die "needs root (it runs debootstrap, mount and chroot)"
for tool in mount umount chroot git; do
  command -v "$tool" >/dev/null || die "needs $tool, which this host does not have"
done

cache=${POOLSCOPE_CLEAN_ROOT_CACHE:-/var/cache/poolscope-clean-root}
base=$cache/bookworm-minbase
archives=$cache/apt-archives
mkdir -p "$cache" "$archives/partial"

# The base root, built once. A lock keeps two runs from building it at the same time.
exec 9>"$cache/.lock"
flock 9
if [ ! -f "$base/.ready" ]; then
  if ! command -v debootstrap >/dev/null; then
    say "installing debootstrap on the host"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null ||
      die "apt-get could not install debootstrap"
  fi
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  say "building a bookworm minbase root from $mirror (once; cached in $base)"
  rm -rf --one-file-system "$base"
  t0=$(date +%s)
  debootstrap --variant=minbase bookworm "$base" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
    die "debootstrap failed; its log is $cache/debootstrap.log"
  # Keep what apt downloads, so it can be handed back to the host's cache of .deb files.
  rm -f "$base/etc/apt/apt.conf.d/docker-clean"
  touch "$base/.ready"
  say "base root built in $(( $(date +%s) - t0 )) s"
fi
flock -u 9

# Hard links where the two folders share a file system, copies where they do not; never overwrites.
link_debs() {
  find "$1" -maxdepth 1 -name '*.deb' -exec cp -n -l -t "$2/" {} + 2>/dev/null ||
    find "$1" -maxdepth 1 -name '*.deb' -exec cp -n -t "$2/" {} + 2>/dev/null || true
}

root=$(mktemp -d /var/tmp/poolscope-clean-root.XXXXXX)
mounts=(proc sys dev dev/pts)
[ -n "$share" ] && mounts+=(share)
# Every process whose root is the clean root (a command still running when this script is interrupted).
kill_root_processes() {
  local p r
  for p in /proc/[0-9]*; do
    r=$(readlink "$p/root" 2>/dev/null) || continue
    [ "$r" = "$root" ] && kill -KILL "${p#/proc/}" 2>/dev/null
  done
  return 0
}

cleanup() {
  local m
  kill_root_processes
  if [ -d "$root/var/cache/apt/archives" ]; then
    ( flock 8; link_debs "$root/var/cache/apt/archives" "$archives" ) 8>"$cache/.archives.lock"
  fi
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    m=${mounts[i]}
    mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m" 2>/dev/null || true
  done
  if [ -n "$keep" ]; then say "kept the root at $root"; else rm -rf --one-file-system "$root"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cp -a "$base/." "$root/"
# The .deb files earlier runs downloaded, hard-linked in (each run has its own apt lock), and handed back
# to the cache at the end, so the next run downloads nothing it already has.
mkdir -p "$root/var/cache/apt/archives/partial"
link_debs "$archives" "$root/var/cache/apt/archives"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
name=$(basename "$top")
mkdir -p "$root/src"
# A fresh clone of the commit under test: only committed files travel.
git clone -q --no-checkout "$top" "$root/src/$name"
git -C "$root/src/$name" checkout -q --detach "$sha"
for m in "${mounts[@]}"; do
  mkdir -p "$root/$m"
  case "$m" in
    share) mount --bind "$share" "$root/$m" ;;
    *) mount --bind "/$m" "$root/$m" ;;
  esac
done

say "on $(git -C "$top" rev-parse --short "$sha") in a clean bookworm root"
status=0
for cmd in "${cmds[@]}"; do
  say "running '$cmd'"
  t0=$(date +%s)
  set +e
  # In the background, so that a signal to this script runs its trap at once instead of after the command.
  chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb CI=true LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/bash -c "cd /src/$name && $cmd" </dev/null &
  wait $!
  status=$?
  set -e
  if [ $status -ne 0 ]; then
    say "FAIL: '$cmd' exited $status after $(( $(date +%s) - t0 )) s"
    break
  fi
  say "ok: '$cmd' in $(( $(date +%s) - t0 )) s"
done
exit $status
