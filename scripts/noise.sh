#!/usr/bin/env bash
# The noise benchmark (issue 17; docs/precision.md holds a run): what preflight reports on real
# files that are not incidents, and what its agent hook answers to real one-line commands.
# Printed as Markdown. From a checkout:
#
#   scripts/noise.sh [CORPUS] [INFRA_CORPUS] [ONELINERS]
#
# CORPUS (default $PREFLIGHT_CORPUS or /tmp/preflight-corpus) is built by
# ../shared/bench/make-corpus.sh (sh/ and graphql/), INFRA_CORPUS (default
# $PREFLIGHT_INFRA_CORPUS or /tmp/preflight-infra-corpus; `none` skips it) by
# scripts/make-infra-corpus.sh (one subdirectory per format), ONELINERS (default
# /tmp/preflight-oneliners; `none` skips the hook part) by scripts/make-oneliners.sh; each is built
# when missing. preflight is target/release/preflight (built only when absent; PREFLIGHT_BIN=PATH
# picks another). Env: SAMPLE=N findings shown per rule (default 3), JOBS=N hook processes at once
# (default 2), KEEP=DIR keeps the JSON reports there.
#
# For each part (sh/ forced to shell with --lang shell, as scripts/bench.sh does; graphql/ and each
# infra format by name and content) it runs `preflight check --format json --no-config` and
# scripts/noise_report.py prints: files, MB, the files that fail at the default level (a finding at
# warning or error) and their share, findings per MB by severity, the rules with counts and rates,
# and a sample of the warning and error findings to read. Then every one-liner goes to
# `preflight hook claude-code` as a PreToolUse Bash call (JSON on standard input, from an empty
# temporary directory) and the answers are counted, every ask and deny listed.
# Nothing here runs what it measures: files and commands are only handed to preflight as data.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

CORPUS=${1:-${PREFLIGHT_CORPUS:-/tmp/preflight-corpus}}
INFRA=${2:-${PREFLIGHT_INFRA_CORPUS:-/tmp/preflight-infra-corpus}}
ONELINERS=${3:-/tmp/preflight-oneliners}
SAMPLE=${SAMPLE:-3}
JOBS=${JOBS:-2}

if [[ ! -d $CORPUS/sh ]]; then
  if [[ -x ../shared/bench/make-corpus.sh ]]; then
    echo "building the corpus in $CORPUS ..." >&2
    ../shared/bench/make-corpus.sh "$CORPUS" >&2
  else
    echo "no corpus at $CORPUS: build it with make-corpus.sh (see docs/performance.md)" >&2
    exit 2
  fi
fi
if [[ $INFRA != none && ! -d $INFRA ]]; then
  echo "building the infra corpus in $INFRA ..." >&2
  scripts/make-infra-corpus.sh "$INFRA" >&2
fi
if [[ $ONELINERS != none && ! -d $ONELINERS ]]; then
  echo "building the one-liners in $ONELINERS ..." >&2
  INFRA=$INFRA scripts/make-oneliners.sh "$ONELINERS" >&2
fi

BIN=${PREFLIGHT_BIN:-target/release/preflight}
if [[ ! -x $BIN ]]; then
  echo "building (release) ..." >&2
  cargo build --release --quiet --bin preflight
fi
BIN=$(realpath "$BIN")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/preflight-noise.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
: > "$WORK/parts.tsv"
part() { # $1 name, $2 dir, rest: extra options
  local name=$1 dir=$2
  shift 2
  # exit status 1 only says there were findings
  "$BIN" check --format json --no-config "$@" "$dir" > "$WORK/$name.json" 2> "$WORK/$name.err" || [[ $? == 1 ]] \
    || { echo "preflight failed on $dir: $(tail -n 3 "$WORK/$name.err")" >&2; exit 2; }
  printf '%s\t%s\t%s\n' "$name" "$dir" "$WORK/$name.json" >> "$WORK/parts.tsv"
}
part sh "$CORPUS/sh" --lang shell
part graphql "$CORPUS/graphql"
if [[ $INFRA != none ]]; then
  for d in "$INFRA"/*/; do
    [[ -d $d ]] && part "infra:$(basename "$d")" "${d%/}"
  done
fi

HOOK=()
[[ $ONELINERS != none ]] && HOOK=(--oneliners "$ONELINERS")
python3 scripts/noise_report.py --parts "$WORK/parts.tsv" --bin "$BIN" --sample "$SAMPLE" --jobs "$JOBS" "${HOOK[@]}"
if [[ -n ${KEEP:-} ]]; then
  mkdir -p "$KEEP" && cp "$WORK"/*.json "$WORK/parts.tsv" "$KEEP"/
fi
