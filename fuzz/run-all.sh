#!/usr/bin/env bash
# Fuzzes every target in turn, one process at a time, for SECONDS each (default 600), and keeps
# each run's log in fuzz/logs/. Crashing inputs land in fuzz/artifacts/<target>/.
#
#     fuzz/run-all.sh [SECONDS] [TARGET…]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(shell graphql markdown json sql workflow hook config yaml dockerfile makefile)
fi
[ -d corpus ] || python3 seed.py
mkdir -p logs
cargo +nightly fuzz build
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  echo "== $t: ${seconds}s"
  # -timeout: an input taking longer is a hang; -rss_limit_mb: and one taking more memory a crash
  cargo +nightly fuzz run "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
    >"logs/$t.log" 2>&1 || echo "   $t stopped early: see fuzz/logs/$t.log"
  grep -E "^(stat::|Done|==[0-9]+== ERROR|SUMMARY)" "logs/$t.log" | sed 's/^/   /' || true
  tail -n 3 "logs/$t.log" | grep -E "#[0-9]+" | sed 's/^/   /' || true
done
