#!/usr/bin/env bash
# packaging/completion/poolscope-cli against the real poolscope-cli: every flag it offers is one the
# command accepts, every flag --help names is offered, and --preset offers exactly the presets.
#   bash tests/scripts/tst_completion.sh PATH/TO/poolscope-cli
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cli=${1:?usage: tst_completion.sh PATH/TO/poolscope-cli}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" # nothing the checks run may write lands in the tree
failures=0
check() { if eval "$2"; then echo "PASS $1"; else echo "FAIL $1"; failures=$((failures + 1)); fi; }

# complete WORD... : what the completion offers for the last word.
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _poolscope_cli; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$top/packaging/completion/poolscope-cli" "$cli" "$@" | sort -u
}

commands=$(complete_words "")
check commandsAreOffered '[ "$(echo $commands)" = "$(echo "--help --version compare help presets run sweep version" | tr " " "\n" | sort | xargs)" ]'

offered=""
for cmd in run compare sweep presets; do
  flags=$(complete_words "$cmd" "--")
  offered+=" $flags"
  bad=""
  for flag in $flags; do
    # FLAG=1 then an unknown flag: the parser names the unknown one unless FLAG itself is unknown;
    # nothing runs, since the flags are all read first.
    err=$("$cli" "$cmd" "$flag=1" --zz-not-a-flag 2>&1 >/dev/null)
    grep -qF -- "$flag: unknown flag" <<<"$err" && bad+=" $flag"
  done
  check "${cmd}FlagsAreAccepted" '[ -z "$bad" ] || { echo "  $cmd refuses:$bad"; false; }'
done

missing=""
for flag in $("$cli" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
  case $flag in --help | --version) continue ;; esac
  grep -qxF -- "$flag" <<<"$(echo "$offered" | tr ' ' '\n')" || missing+=" $flag"
done
check everyHelpFlagIsOffered '[ -z "$missing" ] || { echo "  not offered:$missing"; false; }'

presets=$(complete_words run --preset "")
check presetsComeFromTheCli '[ -n "$presets" ] && [ "$presets" = "$("$cli" presets | awk "{print \$1}" | sort -u)" ]'
check presetPrefixNarrows '[ "$(complete_words run --preset tutorial-io-c)" = tutorial-io-class ]'
check poolValues '[ "$(complete_words run --pool "" | xargs)" = "process serial thread" ]'

[ $failures -eq 0 ] && echo "tst_completion: all passed" || echo "tst_completion: $failures failed"
exit $((failures > 0))
