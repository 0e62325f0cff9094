#!/usr/bin/env bash
# Whole-process benchmarks of preflight, printed as one Markdown table (docs/performance.md
# holds a run). From a checkout:
#
#   scripts/bench.sh [CORPUS]        (default: $PREFLIGHT_CORPUS or /tmp/preflight-corpus)
#   scripts/bench.sh INFRA_CORPUS    (only the infra rows, see below)
#
# The infra corpus (issue 16: workflows, Dockerfiles, Makefiles, Ansible, Kubernetes, plans …) is
# the directory built by scripts/make-infra-corpus.sh (one subdirectory per format). When it is
# at $INFRA (default: $PREFLIGHT_INFRA_CORPUS or /tmp/preflight-infra-corpus; INFRA=none skips
# it), the table gets rows for `preflight check` over it and one row per format; given as the
# only argument (a directory with workflow/ and no sh/), only those rows are measured.
# CORPUS is the directory built by ../shared/bench/make-corpus.sh (sh/ and graphql/); when it is
# missing and that script is beside this checkout, it is built. ShellCheck comes from Debian's
# package (installed with apt-get when missing and this runs as root; otherwise its rows are
# skipped). Every number is the median of RUNS runs (default 3); latencies are p50/p95 over
# their own runs. The files measured are only read: preflight never runs what it checks.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

CORPUS=${1:-${PREFLIGHT_CORPUS:-/tmp/preflight-corpus}}
RUNS=${RUNS:-3}
HOOK_RUNS=${HOOK_RUNS:-200}
LSP_EDITS=${LSP_EDITS:-50}
SHELLCHECK_MAX=$((250 * 1024))

INFRA=${INFRA:-${PREFLIGHT_INFRA_CORPUS:-/tmp/preflight-infra-corpus}}
INFRA_ONLY=0
if [[ ! -d $CORPUS/sh && -d $CORPUS/workflow ]]; then
  INFRA=$CORPUS
  INFRA_ONLY=1
fi
[[ -d $INFRA ]] || INFRA=none

if [[ $INFRA_ONLY == 0 && ! -d $CORPUS/sh ]]; then
  if [[ -x ../shared/bench/make-corpus.sh ]]; then
    echo "building the corpus in $CORPUS ..." >&2
    ../shared/bench/make-corpus.sh "$CORPUS" >&2
  else
    echo "no corpus at $CORPUS: build it with make-corpus.sh (see docs/performance.md)" >&2
    exit 2
  fi
fi

echo "building (release) ..." >&2
if [[ $INFRA_ONLY == 1 ]]; then
  cargo build --release --quiet --bin preflight
else
  cargo build --release --quiet --bin preflight --example parse_only --example spawn_latency --example lsp_latency
fi
BIN=target/release/preflight
EX=target/release/examples
WORK=$(mktemp -d "${TMPDIR:-/tmp}/preflight-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

bytes_of() { find "$@" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
# median of the numbers on standard input
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
mbs() { awk -v b="$1" -v s="$2" 'BEGIN {printf "%.2f", b / s / 1e6}'; }

# the infra corpus: check over all of it (languages told by name and content, as users run it),
# then each format alone at one thread; "read" is the number of files preflight recognised
INFRA_ROWS=""
if [[ $INFRA != none ]]; then
  infra_check() { # $1 threads, $2 dir -> "SECONDS KB FILES_READ"
    /usr/bin/time -f '%e %M' -o "$WORK/itime" "$BIN" check --format json --no-config --threads "$1" "$2" \
      > "$WORK/iout" 2>> "$WORK/stderr" || true
    echo "$(tail -n 1 "$WORK/itime") $(grep -m1 -o '"files": *[0-9]*' "$WORK/iout" | grep -o '[0-9]*$' || echo 0)"
  }
  I_BYTES=$(bytes_of "$INFRA")
  I_FILES=$(find "$INFRA" -type f | wc -l)
  for t in 1 2; do
    : > "$WORK/i$t"
    for _ in $(seq "$RUNS"); do infra_check "$t" "$INFRA" >> "$WORK/i$t"; done
    s=$(awk '{print $1}' "$WORK/i$t" | median)
    rss=$(awk '{print $2}' "$WORK/i$t" | sort -n | tail -n 1)
    read_n=$(awk '{print $3}' "$WORK/i$t" | tail -n 1)
    INFRA_ROWS+="| infra corpus: \`preflight check --format json\`, $t thread$([[ $t == 1 ]] || echo s) | $(mbs "$I_BYTES" "$s") MB/s | $s s | $read_n of $I_FILES files read, peak RSS $((rss / 1024)) MB |"$'\n'
  done
  for d in "$INFRA"/*/; do
    [[ -d $d ]] || continue
    fb=$(bytes_of "$d"); fn=$(find "$d" -type f | wc -l)
    : > "$WORK/f"
    for _ in $(seq "$RUNS"); do infra_check 1 "$d" >> "$WORK/f"; done
    s=$(awk '{print $1}' "$WORK/f" | median)
    read_n=$(awk '{print $3}' "$WORK/f" | tail -n 1)
    INFRA_ROWS+="| infra: $(basename "$d"), 1 thread | $(awk -v b="$fb" -v s="$s" 'BEGIN {if (s > 0) printf "%.2f MB/s", b / s / 1e6}') | $s s | $read_n of $fn files read ($((fb / 1024)) KB) |"$'\n'
  done
fi
if [[ $INFRA_ONLY == 1 ]]; then
  cat <<EOF
Infra corpus: $I_FILES files ($(awk -v b="$I_BYTES" 'BEGIN {printf "%.1f", b / 1e6}') MB) in $INFRA; $(nproc) cores; median of $RUNS runs.

| measure | throughput | time | notes |
|---|---|---|---|
${INFRA_ROWS%$'\n'}
EOF
  exit 0
fi

SH_BYTES=$(bytes_of "$CORPUS/sh")
GQL_BYTES=$(bytes_of "$CORPUS/graphql")
ALL_BYTES=$((SH_BYTES + GQL_BYTES))
SH_FILES=$(find "$CORPUS/sh" -type f | wc -l)
GQL_FILES=$(find "$CORPUS/graphql" -type f | wc -l)

# seconds and peak RSS (KB) of a command: "SECONDS KB"
timed() { /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" > /dev/null 2>> "$WORK/stderr" || true; cat "$WORK/time" | tail -n 1; }

# preflight check over the whole corpus: shell files (forced: many have no extension) and GraphQL
check_run() {
  local t=$1 a b
  a=$(timed "$BIN" check --format json --no-config --threads "$t" --lang shell "$CORPUS/sh")
  b=$(timed "$BIN" check --format json --no-config --threads "$t" "$CORPUS/graphql")
  echo "$a $b" | awk '{printf "%.3f %d\n", $1 + $3, ($2 > $4 ? $2 : $4)}'
}
parse_run() {
  local t=$1 a b
  a=$("$EX/parse_only" --threads "$t" --lang shell "$CORPUS/sh" | awk '{print $3}')
  b=$("$EX/parse_only" --threads "$t" --lang graphql "$CORPUS/graphql" | awk '{print $3}')
  echo "$a $b" | awk '{printf "%.3f\n", $1 + $2}'
}
declare -A SECS RSS PARSE
for t in 1 2; do
  : > "$WORK/c$t"; : > "$WORK/p$t"
  for _ in $(seq "$RUNS"); do
    check_run "$t" >> "$WORK/c$t"
    parse_run "$t" >> "$WORK/p$t"
  done
  SECS[$t]=$(awk '{print $1}' "$WORK/c$t" | median)
  RSS[$t]=$(awk '{print $2}' "$WORK/c$t" | sort -n | tail -n 1)
  PARSE[$t]=$(median < "$WORK/p$t")
done

# ShellCheck on the shell files up to 250 KB (it needs ~10 GB on the largest), both cores busy;
# preflight on the same files for the ratio
SC_ROW="| ShellCheck | skipped: not installed | | |"
if ! command -v shellcheck > /dev/null && [[ $(id -u) == 0 ]] && command -v apt-get > /dev/null; then
  echo "installing shellcheck (apt) ..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck > /dev/null 2>&1 || true
fi
if command -v shellcheck > /dev/null; then
  find "$CORPUS/sh" -type f -size -"$SHELLCHECK_MAX"c -print0 > "$WORK/small"
  SC_FILES=$(tr -cd '\0' < "$WORK/small" | wc -c)
  SC_BYTES=$(xargs -0 cat < "$WORK/small" | wc -c)
  SC_LEFT=$((SH_FILES - SC_FILES))
  : > "$WORK/sc"; : > "$WORK/pf"
  for _ in $(seq "$RUNS"); do
    s=$(date +%s.%N)
    xargs -0 -P2 -n 16 shellcheck -s bash -f json < "$WORK/small" > /dev/null 2>&1 || true
    e=$(date +%s.%N)
    echo "$e - $s" | bc >> "$WORK/sc"
    s=$(date +%s.%N)
    xargs -0 "$BIN" check --format json --no-config --threads 2 --lang shell < "$WORK/small" > /dev/null 2>&1 || true
    e=$(date +%s.%N)
    echo "$e - $s" | bc >> "$WORK/pf"
  done
  SC_S=$(median < "$WORK/sc")
  PF_S=$(median < "$WORK/pf")
  SC_ROW="| ShellCheck $(shellcheck --version | awk '/^version/ {print $2}'), 2 processes (\`xargs -P2\`), $SC_FILES files ≤ 250 KB ($SC_LEFT larger left out) | $(mbs "$SC_BYTES" "$SC_S") MB/s | ${SC_S} s | preflight on the same files: $(mbs "$SC_BYTES" "$PF_S") MB/s, $(awk -v a="$SC_S" -v b="$PF_S" 'BEGIN {printf "%.0f", a / b}')× ShellCheck |"
fi

# agent hook, one command, as a whole process (decision log on, as in use, but in $WORK)
export PREFLIGHT_LOG_FILE="$WORK/decisions.jsonl"
printf '%s' '{"session_id":"b","cwd":"/tmp","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"rm -rf /"}}' > "$WORK/deny.json"
printf '%s' '{"session_id":"b","cwd":"/tmp","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"git status"}}' > "$WORK/allow.json"
HOOK_DENY=$("$EX/spawn_latency" "$HOOK_RUNS" "$WORK/deny.json" "$BIN" hook claude-code)
HOOK_ALLOW=$("$EX/spawn_latency" "$HOOK_RUNS" "$WORK/allow.json" "$BIN" hook claude-code)
VERSION=$("$EX/spawn_latency" "$HOOK_RUNS" "$WORK/allow.json" "$BIN" --version)
# the same, linked statically (no dynamic loader at start; see docs/integrations.md), when the
# C library's static archive is there
HOST=$(rustc -vV | sed -n 's/^host: //p')
STATIC_ROWS=""
if [[ $HOST == *-linux-gnu ]] && RUSTFLAGS="-C target-feature=+crt-static -C relocation-model=static" \
  CARGO_TARGET_DIR=target/static cargo build --release --quiet --bin preflight --target "$HOST" 2>> "$WORK/stderr"; then
  SBIN=target/static/$HOST/release/preflight
  STATIC_ROWS="| same, statically linked: deny / no objection / \`--version\` | | $("$EX/spawn_latency" "$HOOK_RUNS" "$WORK/deny.json" "$SBIN" hook claude-code) / $("$EX/spawn_latency" "$HOOK_RUNS" "$WORK/allow.json" "$SBIN" hook claude-code) / $("$EX/spawn_latency" "$HOOK_RUNS" "$WORK/allow.json" "$SBIN" --version) | \`+crt-static\` build |"
fi

# LSP: didChange → publishDiagnostics on a 5,000-line script (a real one, repeated)
LARGE=$(find "$CORPUS/sh" -type f -size -40k -size +20k | sort | head -n 1)
LSP=$("$EX/lsp_latency" "$BIN" "${LARGE:-testdata/filesystem/rm.sh}" 5000 "$LSP_EDITS")

# the largest script, and scaling: one script repeated 1×, 10×, 100×
BIGGEST=$(find "$CORPUS/sh" -type f -printf '%s %p\n' | sort -n | tail -n 1 | cut -d' ' -f2-)
BIG_BYTES=$(stat -c %s "$BIGGEST")
BIG_S=$(for _ in $(seq "$RUNS"); do timed "$BIN" check --format json --no-config --lang shell "$BIGGEST" | awk '{print $1}'; done | median)
UNIT=${LARGE:-testdata/filesystem/rm.sh}
SCALE=""
for n in 1 10 100; do
  for _ in $(seq "$n"); do cat "$UNIT"; echo; done > "$WORK/x$n.sh"
  s=$(for _ in $(seq "$RUNS"); do timed "$BIN" check --format json --no-config --lang shell "$WORK/x$n.sh" | awk '{print $1}'; done | median)
  b=$(stat -c %s "$WORK/x$n.sh")
  SCALE="$SCALE ${n}×: ${s} s ($(awk -v b="$b" -v s="$s" 'BEGIN {printf "%.0f", b / 1024}') KB);"
done

cat <<EOF
Corpus: $SH_FILES shell files ($(awk -v b="$SH_BYTES" 'BEGIN {printf "%.1f", b / 1e6}') MB) and $GQL_FILES GraphQL files ($(awk -v b="$GQL_BYTES" 'BEGIN {printf "%.1f", b / 1e6}') MB) in $CORPUS; $(nproc) cores; median of $RUNS runs.

| measure | throughput | time | notes |
|---|---|---|---|
| \`preflight check --format json\`, 1 thread | $(mbs "$ALL_BYTES" "${SECS[1]}") MB/s | ${SECS[1]} s | peak RSS $((RSS[1] / 1024)) MB |
| \`preflight check --format json\`, 2 threads | $(mbs "$ALL_BYTES" "${SECS[2]}") MB/s | ${SECS[2]} s | peak RSS $((RSS[2] / 1024)) MB |
| parse only (\`examples/parse_only\`), 1 thread | $(mbs "$ALL_BYTES" "${PARSE[1]}") MB/s | ${PARSE[1]} s | check at 1 thread = $(awk -v p="${PARSE[1]}" -v c="${SECS[1]}" 'BEGIN {printf "%.0f", 100 * p / c}')% of it |
| parse only, 2 threads | $(mbs "$ALL_BYTES" "${PARSE[2]}") MB/s | ${PARSE[2]} s | check at 2 threads = $(awk -v p="${PARSE[2]}" -v c="${SECS[2]}" 'BEGIN {printf "%.0f", 100 * p / c}')% of it |
$SC_ROW
| \`preflight hook claude-code\`, \`rm -rf /\` (deny) | | $HOOK_DENY | whole process |
| \`preflight hook claude-code\`, \`git status\` (no objection) | | $HOOK_ALLOW | whole process |
| \`preflight --version\` (process floor) | | $VERSION | |
$STATIC_ROWS
| LSP didChange → publishDiagnostics, 5,000 lines | | $LSP | $(basename "${LARGE:-rm.sh}") repeated |
| largest script ($(basename "$BIGGEST"), $((BIG_BYTES / 1024)) KB) | $(mbs "$BIG_BYTES" "$BIG_S") MB/s | ${BIG_S} s | |
| scaling, one script repeated | | |$SCALE |
${INFRA_ROWS%$'\n'}
EOF
